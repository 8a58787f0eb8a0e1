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

describe('sim channels under heavy requests', () => {
  const range = (n: number) => Array.from({ length: n }, (_, i) => i + 1)

  it('refuses a 1,000,000-point sweep and a 27,000,000-point one with maxPoints 1e9 as too-large, at once', async () => {
    const { ctx } = testContext()
    const million = await dispatch(
      handlers,
      'sim.run',
      { name: 'sweep', params: { model: 'amdahl', base: { parallelFraction: 0.9 }, axes: { speedup: range(1_000_000) } } },
      ctx,
      quiet
    )
    expect(million).toMatchObject({ ok: false, error: { code: 'too-large' } })
    if (!million.ok) expect(million.error.message).toMatch(/1000000 points, more than the most one sweep may evaluate \(20000\)/)
    const cube = await dispatch(
      handlers,
      'sim.run',
      {
        name: 'sweep',
        params: {
          model: 'roofline',
          axes: { flops: range(300), bytes: range(300), peakFlops: range(300) },
          maxPoints: 1e9,
          base: { bandwidth: 1 }
        }
      },
      ctx,
      quiet
    )
    expect(cube).toMatchObject({ ok: false, error: { code: 'too-large' } })
  })

  it('runs a large sweep off the main thread: a request made after it is answered first', async () => {
    const { ctx } = testContext()
    const order: string[] = []
    const big = dispatch(
      handlers,
      'sim.run',
      {
        name: 'sweep',
        params: { model: 'mmcQueue', base: { serviceRate: 1, servers: 8 }, axes: { arrivalRate: range(18_000).map((i) => i / 2_000) } }
      },
      ctx,
      quiet
    ).then((r) => {
      order.push('sweep')
      return r
    })
    const small = dispatch(handlers, 'app.info', {}, ctx, quiet).then(() => order.push('info'))
    const [r] = await Promise.all([big, small])
    expect(order).toEqual(['info', 'sweep'])
    expect(r).toMatchObject({ ok: true })
    if (r.ok) {
      const result = (
        r.value as { result: { count: number; points: { inputs: { arrivalRate: number }; output: { utilization: number } }[] } }
      ).result
      expect(result.count).toBe(18_000)
      // ρ = λ / (c μ): the last point, λ = 9, c = 8, μ = 1 → 1.125 (unstable), its wait encoded as 'Infinity'
      expect(result.points.at(-1)!.output.utilization).toBeCloseTo(1.125, 10)
    }
  })

  it('cancels a sweep whose client went away', async () => {
    const { ctx } = testContext()
    const controller = new AbortController()
    const pending = dispatch(
      handlers,
      'sim.run',
      { name: 'sweep', params: { model: 'mmcQueue', base: { serviceRate: 1, servers: 8 }, axes: { arrivalRate: range(18_000) } } },
      ctx,
      quiet,
      { signal: controller.signal }
    )
    setTimeout(() => controller.abort(), 5)
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled' } })
  })
})
