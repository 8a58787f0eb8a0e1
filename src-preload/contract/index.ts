/**
 * The one contract between the main process and the renderer.
 *
 * Every request channel and every push event is declared here once, with zod schemas. Main validates
 * requests against it before a handler runs; the preload and the WebSocket host derive their channel
 * names from it; the renderer's client is typed from it. A channel's wire name is `<domain>.<method>`,
 * derived from this object, so no channel string is written anywhere else.
 */
import { z } from 'zod'
import { appChannels } from './app'
import { chaptersChannels } from './chapters'
import { drillsChannels } from './drills'
import { devicesChannels } from './devices'
import { events } from './events'
import { progressChannels } from './progress'
import { reviewChannels } from './review'
import { simChannels } from './sim'
import { tinytorchChannels } from './tinytorch'

export * from './common'
export * from './devices'
export { events } from './events'
export type { Completion } from './progress'
export * from './sim'
export * from './tinytorch'
export * from './chapters'
export * from './review'
export * from './drills'

/** Request/response pairs, grouped by domain. The wire name of `progress.summary` is 'progress.summary'. */
export const contract = {
  app: appChannels,
  chapters: chaptersChannels,
  review: reviewChannels,
  devices: devicesChannels,
  progress: progressChannels,
  sim: simChannels,
  drills: drillsChannels,
  tinytorch: tinytorchChannels
} as const

type Contract = typeof contract
export type DomainName = keyof Contract
export type ChannelName = {
  [D in DomainName]: `${D & string}.${keyof Contract[D] & string}`
}[DomainName]

type Lookup<C extends ChannelName> = C extends `${infer D}.${infer M}`
  ? D extends DomainName
    ? M extends keyof Contract[D]
      ? Contract[D][M]
      : never
    : never
  : never

export type ChannelSpec = { request: z.ZodType; response: z.ZodType }
export type RequestOf<C extends ChannelName> = Lookup<C> extends ChannelSpec ? z.input<Lookup<C>['request']> : never
export type ParsedRequestOf<C extends ChannelName> = Lookup<C> extends ChannelSpec ? z.output<Lookup<C>['request']> : never
export type ResponseOf<C extends ChannelName> = Lookup<C> extends ChannelSpec ? z.output<Lookup<C>['response']> : never

export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>
/** What main passes when it emits an event (defaults may be left out). */
export type EventInput<E extends EventName> = z.input<(typeof events)[E]>

/** Every channel, flattened: the one place wire names are produced. */
export const channels: ReadonlyArray<{ name: ChannelName; spec: ChannelSpec }> = Object.entries(contract).flatMap(([domain, methods]) =>
  Object.entries(methods as Record<string, ChannelSpec>).map(([method, spec]) => ({
    name: `${domain}.${method}` as ChannelName,
    spec
  }))
)
export const channelNames: ReadonlySet<string> = new Set(channels.map((c) => c.name))
export const eventNames = Object.keys(events) as EventName[]

export function channelSpec(name: string): ChannelSpec | undefined {
  return channels.find((c) => c.name === name)?.spec
}

/** Wire name for the Electron IPC channel of an event. */
export function eventChannel(name: EventName): string {
  return `event:${name}`
}

/** The typed error every transport returns instead of throwing across the boundary. */
export const ipcErrorSchema = z.object({
  /**
   * busy: too many requests at once; too-large: the request asks for more work or data than the app allows;
   * cancelled: the learner (or a closed connection) stopped the work.
   */
  code: z.enum(['bad-request', 'unknown-channel', 'not-found', 'conflict', 'unavailable', 'busy', 'too-large', 'cancelled', 'internal']),
  message: z.string(),
  /** For bad requests: which fields were wrong and why. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional()
})
export type IpcError = z.infer<typeof ipcErrorSchema>

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** The API the preload exposes on `window.mlsys` (contextBridge). */
export interface PreloadApi {
  invoke(channel: ChannelName, input: unknown): Promise<IpcResult<unknown>>
  on(event: EventName, listener: (payload: unknown) => void): () => void
}
