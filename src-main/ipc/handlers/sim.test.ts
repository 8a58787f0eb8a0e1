import { describe, expect, it } from 'vitest'
import { testContext } from '../../testing/fixtures'
import { dispatch, handlers } from '..'

const quiet = () => {}

describe('sim channels', () => {
  it('runs a function and encodes non-finite results', async () => {
    const { ctx } = testContext()
    const r = await dispatch(handlers, 'sim.run', { name: 'mmcQueue', params: { arrivalRate: 5, serviceRate: 1, servers: 4 } }, ctx, quiet)
    expect(r).toMatchObject({ ok: true, value: { result: { stable: false, utilization: 1.25, meanWait: 'Infinity' } } })
  })

  it('turns a bad parameter into a bad-request naming the field', async () => {
    const { ctx } = testContext()
    const r = await dispatch(
      handlers,
      'sim.run',
      { name: 'treeAllReduce', params: { bytes: 1, ranks: 0, bandwidth: 1, latency: 0 } },
      ctx,
      quiet
    )
    expect(r.ok).toBe(false)
    if (!r.ok) {
      expect(r.error.code).toBe('bad-request')
      expect(r.error.message).toMatch(/ranks/)
    }
  })

  it('logs a run only when asked, with the prediction', async () => {
    const { ctx, store } = testContext()
    await dispatch(handlers, 'sim.run', { name: 'trainingFlops', params: { params: 1e9, tokens: 2e10 } }, ctx, quiet)
    expect(store.tableCount('activity')).toBe(0)
    await dispatch(
      handlers,
      'sim.run',
      { name: 'trainingFlops', params: { params: 1e9, tokens: 2e10 }, record: { dashboard: 'memory', prediction: 1e20 } },
      ctx,
      quiet
    )
    expect(store.recent(1)[0]).toMatchObject({ kind: 'sim_run', domain: 'simulator', subject: 'memory' })
  })

  it('saves, lists and deletes scenarios per dashboard', async () => {
    const { ctx } = testContext()
    const saved = await dispatch(
      handlers,
      'sim.saveScenario',
      { dashboard: 'roofline', name: '  H100 decode ', params: { batch: 1 } },
      ctx,
      quiet
    )
    expect(saved.ok).toBe(true)
    const list = await dispatch(handlers, 'sim.scenarios', { dashboard: 'roofline' }, ctx, quiet)
    expect(list).toMatchObject({ ok: true, value: [{ name: 'H100 decode', params: { batch: 1 } }] })
    expect(await dispatch(handlers, 'sim.scenarios', { dashboard: 'serving' }, ctx, quiet)).toEqual({ ok: true, value: [] })
    const id = saved.ok ? (saved.value as { scenarioId: string }).scenarioId : ''
    expect(await dispatch(handlers, 'sim.deleteScenario', { dashboard: 'roofline', scenarioId: id }, ctx, quiet)).toEqual({
      ok: true,
      value: { deleted: true }
    })
    expect(await dispatch(handlers, 'sim.deleteScenario', { dashboard: 'roofline', scenarioId: id }, ctx, quiet)).toMatchObject({
      ok: false,
      error: { code: 'not-found' }
    })
    expect(await dispatch(handlers, 'sim.saveScenario', { dashboard: 'roofline', name: '   ', params: {} }, ctx, quiet)).toMatchObject({
      ok: false,
      error: { code: 'bad-request' }
    })
  })
})
