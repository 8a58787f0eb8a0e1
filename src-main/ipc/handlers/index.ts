import type { ChannelName, ParsedRequestOf, ResponseOf } from '../../../src-preload/contract'
import type { HandlerContext } from '../context'
import { chaptersHandlers } from './chapters'
import { devicesHandlers } from './devices'
import { drillsHandlers } from './drills'
import { appHandlers, progressHandlers } from './progress'
import { reviewHandlers } from './review'
import { simHandlers } from './sim'
import { tinytorchHandlers } from './tinytorch'

export type Handler<C extends ChannelName> = (input: ParsedRequestOf<C>, ctx: HandlerContext) => ResponseOf<C> | Promise<ResponseOf<C>>

export type Handlers = { [C in ChannelName]: Handler<C> }

/** Handlers for the channels of one domain. */
export type DomainHandlers<D extends string> = { [C in ChannelName as C extends `${D}.${string}` ? C : never]: Handler<C> }

/** The handlers for every channel of the contract; the type makes a missing one a compile error. */
export const handlers: Handlers = {
  ...appHandlers,
  ...progressHandlers,
  ...simHandlers,
  ...tinytorchHandlers,
  ...drillsHandlers,
  ...chaptersHandlers,
  ...reviewHandlers,
  ...devicesHandlers
}
