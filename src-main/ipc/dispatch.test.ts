import { describe, expect, it } from 'vitest'
import { channels, channelNames, contract } from '../../src-preload/contract'
import { AppError } from '../shared/errors'
import { testContext } from '../testing/fixtures'
import { dispatch, handlers, type Handlers } from '.'

const quiet = () => {}

describe('the contract', () => {
  it('derives every wire name from the contract object, one per method', () => {
    const expected = Object.entries(contract).flatMap(([d, methods]) => Object.keys(methods).map((m) => `${d}.${m}`))
    expect(channels.map((c) => c.name)).toEqual(expected)
    expect(channelNames.has('progress.summary')).toBe(true)
    expect(expected.length).toBe(channelNames.size)
  })

  it('has a handler for every channel and no handler without a channel', () => {
    expect(Object.keys(handlers).sort()).toEqual([...channelNames].sort())
  })
})

describe('dispatch', () => {
  it('runs a valid request and returns the handler result', async () => {
    const { ctx } = testContext()
    const visit = await dispatch(handlers, 'progress.visit', { route: 'simulator' }, ctx, quiet)
    expect(visit.ok).toBe(true)
    const resume = await dispatch(handlers, 'progress.resume', {}, ctx, quiet)
    expect(resume).toMatchObject({ ok: true, value: { route: 'simulator', subject: null, summary: 'Opened Simulator' } })
  })

  it('rejects an unknown channel with a typed error', async () => {
    const { ctx } = testContext()
    expect(await dispatch(handlers, 'progress.dropTables', {}, ctx, quiet)).toEqual({
      ok: false,
      error: { code: 'unknown-channel', message: 'unknown channel "progress.dropTables"' }
    })
    expect(await dispatch(handlers, 42, {}, ctx, quiet)).toMatchObject({ ok: false, error: { code: 'unknown-channel' } })
  })

  it('rejects bad requests before the handler runs, naming the field', async () => {
    const { ctx, store } = testContext()
    const badRoute = await dispatch(handlers, 'progress.visit', { route: 'admin' }, ctx, quiet)
    expect(badRoute.ok).toBe(false)
    if (badRoute.ok) return
    expect(badRoute.error.code).toBe('bad-request')
    expect(badRoute.error.issues?.[0]?.path).toBe('route')
    expect(badRoute.error.message).toMatch(/^invalid request to progress\.visit: route:/)

    const tooMany = await dispatch(handlers, 'progress.recent', { limit: 100000 }, ctx, quiet)
    expect(tooMany).toMatchObject({ ok: false, error: { code: 'bad-request', issues: [{ path: 'limit' }] } })
    const extra = await dispatch(handlers, 'progress.summary', { sneaky: true }, ctx, quiet)
    expect(extra).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    const notObject = await dispatch(handlers, 'progress.recent', 'limit=5', ctx, quiet)
    expect(notObject).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    // Nothing reached the store.
    expect(store.tableCount('activity')).toBe(0)
  })

  it('turns handler failures into typed errors and never throws', async () => {
    const { ctx } = testContext()
    const failing: Handlers = {
      ...handlers,
      'progress.summary': () => {
        throw new AppError('not-found', 'no such profile')
      },
      'progress.recent': () => {
        throw new Error('disk I/O error')
      },
      'progress.resume': () => ({ route: 'nowhere' }) as never
    }
    expect(await dispatch(failing, 'progress.summary', {}, ctx, quiet)).toEqual({
      ok: false,
      error: { code: 'not-found', message: 'no such profile' }
    })
    expect(await dispatch(failing, 'progress.recent', { limit: 1 }, ctx, quiet)).toEqual({
      ok: false,
      error: { code: 'internal', message: 'progress.recent failed: disk I/O error' }
    })
    expect(await dispatch(failing, 'progress.resume', {}, ctx, quiet)).toMatchObject({ ok: false, error: { code: 'internal' } })
  })

  it('reports a malformed import as a bad request and changes nothing', async () => {
    const { ctx, store } = testContext()
    store.record('page_visit', '', { route: 'drills' })
    const result = await dispatch(handlers, 'progress.import', { json: '{"format":"something-else"}' }, ctx, quiet)
    expect(result).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    if (!result.ok) expect(result.error.message).toContain('not a valid progress export: format')
    expect(store.tableCount('activity')).toBe(1)
  })
})
