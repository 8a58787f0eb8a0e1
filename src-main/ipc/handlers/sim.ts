import { randomUUID } from 'node:crypto'
import type { DomainHandlers } from '.'
import { CatalogError, loadCatalog, models, runSim, SimInputError, SimLimitError, SWEEP_MAX_POINTS } from '../../sim'
import { AppError } from '../../shared/errors'
import { OffThreadError, runOffThread } from '../../shared/workerScripts'
import { encodeNonFinite } from '../../../src-preload/contract'

function simError(e: unknown): never {
  if (e instanceof SimLimitError) throw new AppError('too-large', e.message)
  if (e instanceof SimInputError || e instanceof CatalogError) throw new AppError('bad-request', e.message)
  throw e
}

/** A sweep larger than this runs in a worker thread, so other requests are answered meanwhile. */
const INLINE_SWEEP_POINTS = 2_000

function gridSize(params: Record<string, unknown>): number {
  const axes = params.axes
  if (axes === null || typeof axes !== 'object') return 0
  let n = 1
  for (const v of Object.values(axes)) n *= Array.isArray(v) ? v.length : 1
  return n
}

/** A large sweep off the main thread: cancelled with its request, stopped after 30 s, errors typed. */
async function sweepOffThread(params: Record<string, unknown>, signal: AbortSignal | undefined): Promise<unknown> {
  try {
    return await runOffThread('sim-sweep', params, { signal, timeoutMs: 30_000 })
  } catch (e) {
    if (!(e instanceof OffThreadError)) throw e
    if (e.kind === 'cancelled') throw new AppError('cancelled', 'the sweep was cancelled')
    if (e.kind === 'timeout' || e.kind === 'memory') throw new AppError('too-large', `the sweep ${e.message}: use fewer points`)
    throw new AppError(/more than/.test(e.message) ? 'too-large' : 'bad-request', `sweep: ${e.message}`)
  }
}

export const simHandlers: DomainHandlers<'sim'> = {
  'sim.list': () => ({
    functions: Object.entries(models).map(([name, m]) => ({ name, description: m.description, kind: m.kind })),
    catalog: loadCatalog()
  }),
  'sim.run': async (input, ctx) => {
    let result: unknown
    const points = input.name === 'sweep' ? gridSize(input.params) : 0
    if (points > SWEEP_MAX_POINTS) {
      throw new AppError(
        'too-large',
        `the sweep asks for ${points} points, more than the most one sweep may evaluate (${SWEEP_MAX_POINTS})`
      )
    }
    if (points > INLINE_SWEEP_POINTS) result = await sweepOffThread(input.params, ctx.signal)
    else {
      try {
        result = encodeNonFinite(runSim(input.name, input.params))
      } catch (e) {
        simError(e)
      }
    }
    if (input.record) {
      ctx.store.record('sim_run', input.record.dashboard, {
        params: {
          function: input.name,
          ...input.params,
          ...(input.record.prediction !== undefined ? { prediction: input.record.prediction } : {})
        }
      })
    }
    return { result }
  },
  'sim.scenarios': (input, ctx) => ctx.store.scenarios(input.dashboard),
  'sim.saveScenario': (input, ctx) => {
    const scenarioId = randomUUID()
    ctx.store.record('scenario_save', input.dashboard, { scenarioId, name: input.name, params: input.params })
    ctx.emit('progressChanged', { domain: 'simulator' })
    return { scenarioId }
  },
  'sim.deleteScenario': (input, ctx) => {
    const exists = ctx.store.scenarios(input.dashboard).some((s) => s.scenarioId === input.scenarioId)
    if (!exists) throw new AppError('not-found', `no saved scenario ${input.scenarioId} in ${input.dashboard}`)
    ctx.store.record('scenario_delete', input.dashboard, { scenarioId: input.scenarioId })
    ctx.emit('progressChanged', { domain: 'simulator' })
    return { deleted: true }
  }
}
