import { randomUUID } from 'node:crypto'
import type { DomainHandlers } from '.'
import { CatalogError, SimInputError, loadCatalog, models, runSim } from '../../sim'
import { AppError } from '../../shared/errors'
import { encodeNonFinite } from '../../../src-preload/contract'

function simError(e: unknown): never {
  if (e instanceof SimInputError || e instanceof CatalogError) throw new AppError('bad-request', e.message)
  throw e
}

export const simHandlers: DomainHandlers<'sim'> = {
  'sim.list': () => ({
    functions: Object.entries(models).map(([name, m]) => ({ name, description: m.description, kind: m.kind })),
    catalog: loadCatalog()
  }),
  'sim.run': (input, ctx) => {
    let result: unknown
    try {
      result = runSim(input.name, input.params)
    } catch (e) {
      simError(e)
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
    return { result: encodeNonFinite(result) }
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
