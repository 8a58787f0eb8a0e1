import {
  contract,
  type ChannelName,
  type DomainName,
  type EventName,
  type EventPayload,
  type IpcError,
  type RequestOf,
  type ResponseOf
} from '../../../src-preload/contract'
import { chooseTransport, type Transport } from './transport'

/** A failed call, carrying the typed error main sent. Its message is written for the learner. */
export class IpcCallError extends Error {
  constructor(readonly error: IpcError) {
    super(error.message)
    this.name = 'IpcCallError'
  }
}

type Call<C> = C extends ChannelName ? (input?: RequestOf<C>) => Promise<ResponseOf<C>> : never

type Methods<D extends DomainName> = {
  [M in keyof (typeof contract)[D] & string]: Call<`${D}.${M}`>
}

export type IpcClient = { [D in DomainName]: Methods<D> } & {
  transport: Transport['kind']
  on<E extends EventName>(event: E, listener: (payload: EventPayload<E>) => void): () => void
  onConnection(listener: (connected: boolean) => void): () => void
  /** The host refused this page's token for good: the app shows how to get a valid address instead. */
  onAccessDenied(listener: () => void): () => void
}

/** Builds the typed client from the contract itself: `ipc.progress.summary()` calls 'progress.summary'. */
export function createClient(transport: Transport): IpcClient {
  const client: Record<string, unknown> = {
    transport: transport.kind,
    on: (event: EventName, listener: (payload: unknown) => void) => transport.on(event, listener),
    onConnection: (listener: (connected: boolean) => void) => transport.onStatus(listener),
    onAccessDenied: (listener: () => void) => transport.onAccessDenied(listener)
  }
  for (const [domain, methods] of Object.entries(contract)) {
    const bound: Record<string, (input?: unknown) => Promise<unknown>> = {}
    for (const method of Object.keys(methods)) {
      const channel = `${domain}.${method}` as ChannelName
      bound[method] = async (input) => {
        const result = await transport.invoke(channel, input ?? {})
        if (!result.ok) throw new IpcCallError(result.error)
        return result.value
      }
    }
    client[domain] = bound
  }
  return client as IpcClient
}

export const ipc: IpcClient = createClient(chooseTransport())
