import { channelSpec, type ChannelName, type IpcError, type IpcResult } from '../../src-preload/contract'
import { AppError } from '../shared/errors'
import type { HandlerContext } from './context'
import type { Handlers } from './handlers'

function formatIssues(issues: ReadonlyArray<{ path: ReadonlyArray<PropertyKey>; message: string }>): NonNullable<IpcError['issues']> {
  return issues.map((i) => ({ path: i.path.map(String).join('.') || '(request)', message: i.message }))
}

/**
 * Runs one request: checks the channel exists, validates the input against the contract, calls the
 * handler, and checks its response. Never throws: every failure comes back as a typed IpcError.
 */
export async function dispatch(
  handlers: Handlers,
  channel: unknown,
  input: unknown,
  ctx: HandlerContext,
  log: (message: string, error?: unknown) => void = (m, e) => console.error(m, e),
  options: { signal?: AbortSignal } = {}
): Promise<IpcResult<unknown>> {
  const spec = typeof channel === 'string' ? channelSpec(channel) : undefined
  if (!spec) {
    return { ok: false, error: { code: 'unknown-channel', message: `unknown channel ${JSON.stringify(channel)}` } }
  }
  const parsed = spec.request.safeParse(input ?? {})
  if (!parsed.success) {
    const issues = formatIssues(parsed.error.issues)
    const detail = issues.map((i) => `${i.path}: ${i.message}`).join('; ')
    return { ok: false, error: { code: 'bad-request', message: `invalid request to ${channel as string}: ${detail}`, issues } }
  }
  try {
    const handler = handlers[channel as ChannelName] as (input: unknown, ctx: HandlerContext) => unknown
    const value = await handler(parsed.data, options.signal ? { ...ctx, signal: options.signal } : ctx)
    const checked = spec.response.safeParse(value)
    if (!checked.success) {
      log(`handler for ${channel as string} returned a response outside the contract`, checked.error)
      return {
        ok: false,
        error: { code: 'internal', message: `the app answered ${channel as string} with malformed data; please report this` }
      }
    }
    return { ok: true, value: checked.data }
  } catch (e) {
    if (e instanceof AppError) return { ok: false, error: e.toIpcError() }
    if (options.signal?.aborted) return { ok: false, error: { code: 'cancelled', message: `${channel as string} was cancelled` } }
    log(`handler for ${channel as string} failed`, e)
    const message = e instanceof Error ? e.message : String(e)
    return { ok: false, error: { code: 'internal', message: `${channel as string} failed: ${message}` } }
  }
}
