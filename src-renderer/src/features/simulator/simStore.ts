import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import type { ResponseOf } from '../../../../src-preload/contract'
import { ipc } from '../../ipc/client'
import { decodeNonFinite } from './units'

export type Params = Record<string, unknown>
export type Precision = 'fp64' | 'fp32' | 'tf32' | 'fp16' | 'bf16' | 'fp8' | 'int8'
export const PRECISIONS: Precision[] = ['fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8']
export const BYTES_PER_VALUE: Record<Precision, number> = { fp64: 8, fp32: 4, tf32: 4, fp16: 2, bf16: 2, fp8: 1, int8: 1 }

export interface Accelerator {
  id: string
  name: string
  kind: string
  peakFlopsPerSecond: Partial<Record<Precision, number>>
  memoryBytes: number
  memoryBandwidthBytesPerSecond?: number
  sramBytes?: number
  flashBytes?: number
  interconnectBandwidthBytesPerSecond?: number
  tdpWatts?: number
  priceDollars?: number
  source: string
}
export interface CatalogModel {
  id: string
  name: string
  kind: 'llm' | 'vision' | 'audio'
  params: number
  flopsPerToken?: number
  flopsPerSample?: number
  layers?: number
  hidden?: number
  heads?: number
  kvHeads?: number
  seqLen?: number
  source: string
}
export interface Fabric {
  id: string
  name: string
  scope: 'intra-node' | 'inter-node'
  bandwidthBytesPerSecond: number
  latencySeconds: number
  source: string
}
export interface Cluster {
  id: string
  name: string
  nodes: number
  acceleratorsPerNode: number
  accelerator: string
  intraFabric: string
  interFabric: string
  source: string
}
export interface Grid {
  id: string
  name: string
  carbonGramsPerKwh: number
  pue: number
  waterLitersPerKwh: number
  source: string
}
export interface Catalog {
  accelerators: Accelerator[]
  models: CatalogModel[]
  fabrics: Fabric[]
  clusters: Cluster[]
  grids: Grid[]
}

export interface SimRequest {
  name: string
  params: Params
}

export type Scenario = ResponseOf<'sim.scenarios'>[number]

export interface RunState {
  /** Decoded results, one per request of the last answered batch. */
  results: unknown[] | null
  /** The learner-facing reason the last batch failed (bad parameter, etc.). */
  error: string | null
}

export interface PredictionState {
  guess: number | null
  revealed: boolean
  /** The actual value at the moment of revealing (SI). */
  actual: number | null
  note: string | null
}

interface SimState {
  catalog: Catalog | null
  catalogError: string | null
  params: Record<string, Params>
  runs: Record<string, RunState>
  scenarios: Record<string, Scenario[] | undefined>
  scenarioMessage: Record<string, string | null>
  predictions: Record<string, PredictionState>
  loadCatalog(): Promise<void>
  ensureParams(dashboard: string, defaults: Params): void
  setParam(dashboard: string, key: string, value: unknown): void
  setParams(dashboard: string, params: Params): void
  schedule(dashboard: string, requests: SimRequest[]): void
  loadScenarios(dashboard: string): Promise<void>
  saveScenario(dashboard: string, name: string): Promise<boolean>
  deleteScenario(dashboard: string, scenarioId: string): Promise<void>
  restoreScenario(dashboard: string, scenario: Scenario): void
  commitGuess(dashboard: string, guess: number): void
  reveal(dashboard: string, actual: number, request: SimRequest): Promise<void>
  resetPrediction(dashboard: string): void
}

const emptyPrediction: PredictionState = { guess: null, revealed: false, actual: null, note: null }

// Coalescing: at most one batch in flight per dashboard. While it is out, newer requests replace each other in the
// queue (only the latest is ever sent); when the answer lands it is shown, and the queued batch goes on the next frame.
// So a drag redraws as often as the round trip allows, and an answer older than one already shown is dropped.
const queued = new Map<string, SimRequest[]>()
const frames = new Map<string, number>()
const inFlight = new Set<string>()
const sent = new Map<string, number>()
const applied = new Map<string, number>()
const lastKey = new Map<string, string>()

export const useSim = create<SimState>()(
  persist(
    (set, get) => ({
      catalog: null,
      catalogError: null,
      params: {},
      runs: {},
      scenarios: {},
      scenarioMessage: {},
      predictions: {},
      loadCatalog: async () => {
        if (get().catalog) return
        try {
          const list = await ipc.sim.list()
          set({ catalog: list.catalog as unknown as Catalog, catalogError: null })
        } catch (e) {
          set({ catalogError: (e as Error).message })
        }
      },
      ensureParams: (dashboard, defaults) => {
        const current = get().params[dashboard]
        // Keys added since a params set was saved get their default; saved values win.
        if (!current || Object.keys(defaults).some((k) => !(k in current))) {
          set((s) => ({ params: { ...s.params, [dashboard]: { ...defaults, ...(current ?? {}) } } }))
        }
      },
      setParam: (dashboard, key, value) =>
        set((s) => ({ params: { ...s.params, [dashboard]: { ...(s.params[dashboard] ?? {}), [key]: value } } })),
      setParams: (dashboard, params) => set((s) => ({ params: { ...s.params, [dashboard]: { ...params } } })),
      schedule: (dashboard, requests) => {
        const key = JSON.stringify(requests)
        if (lastKey.get(dashboard) === key && get().runs[dashboard]) return
        lastKey.set(dashboard, key)
        queued.set(dashboard, requests)
        const later = (fn: () => void) =>
          typeof requestAnimationFrame === 'function' ? requestAnimationFrame(fn) : (setTimeout(fn, 16) as unknown as number)
        const fire = () => {
          frames.delete(dashboard)
          const batch = queued.get(dashboard)
          if (!batch || inFlight.has(dashboard)) return
          queued.delete(dashboard)
          inFlight.add(dashboard)
          const seq = (sent.get(dashboard) ?? 0) + 1
          sent.set(dashboard, seq)
          const fresh = () => seq > (applied.get(dashboard) ?? 0)
          Promise.all(batch.map((r) => ipc.sim.run({ name: r.name, params: r.params })))
            .then((answers) => {
              if (!fresh()) return
              applied.set(dashboard, seq)
              set((s) => ({ runs: { ...s.runs, [dashboard]: { results: answers.map((a) => decodeNonFinite(a.result)), error: null } } }))
            })
            .catch((e: Error) => {
              if (!fresh()) return
              applied.set(dashboard, seq)
              if (!queued.has(dashboard)) lastKey.delete(dashboard)
              set((s) => ({ runs: { ...s.runs, [dashboard]: { results: s.runs[dashboard]?.results ?? null, error: e.message } } }))
            })
            .finally(() => {
              inFlight.delete(dashboard)
              if (queued.has(dashboard) && !frames.has(dashboard)) frames.set(dashboard, later(fire))
            })
        }
        if (!inFlight.has(dashboard) && !frames.has(dashboard)) frames.set(dashboard, later(fire))
      },
      loadScenarios: async (dashboard) => {
        try {
          const list = await ipc.sim.scenarios({ dashboard })
          set((s) => ({ scenarios: { ...s.scenarios, [dashboard]: list } }))
        } catch (e) {
          set((s) => ({
            scenarioMessage: { ...s.scenarioMessage, [dashboard]: `Could not read saved scenarios: ${(e as Error).message}` }
          }))
        }
      },
      saveScenario: async (dashboard, name) => {
        const params = get().params[dashboard] ?? {}
        try {
          await ipc.sim.saveScenario({ dashboard, name, params })
          set((s) => ({ scenarioMessage: { ...s.scenarioMessage, [dashboard]: `Saved “${name.trim()}”.` } }))
          await get().loadScenarios(dashboard)
          return true
        } catch (e) {
          set((s) => ({ scenarioMessage: { ...s.scenarioMessage, [dashboard]: `Could not save: ${(e as Error).message}` } }))
          return false
        }
      },
      deleteScenario: async (dashboard, scenarioId) => {
        try {
          await ipc.sim.deleteScenario({ dashboard, scenarioId })
          set((s) => ({ scenarioMessage: { ...s.scenarioMessage, [dashboard]: 'Deleted.' } }))
        } catch (e) {
          set((s) => ({ scenarioMessage: { ...s.scenarioMessage, [dashboard]: `Could not delete: ${(e as Error).message}` } }))
        }
        await get().loadScenarios(dashboard)
      },
      restoreScenario: (dashboard, scenario) =>
        set((s) => ({
          params: { ...s.params, [dashboard]: { ...(s.params[dashboard] ?? {}), ...scenario.params } },
          scenarioMessage: { ...s.scenarioMessage, [dashboard]: `Restored “${scenario.name}”.` },
          predictions: { ...s.predictions, [dashboard]: emptyPrediction }
        })),
      commitGuess: (dashboard, guess) => set((s) => ({ predictions: { ...s.predictions, [dashboard]: { ...emptyPrediction, guess } } })),
      reveal: async (dashboard, actual, request) => {
        const guess = get().predictions[dashboard]?.guess
        if (guess === null || guess === undefined) return
        set((s) => ({ predictions: { ...s.predictions, [dashboard]: { guess, revealed: true, actual, note: null } } }))
        try {
          await ipc.sim.run({ name: request.name, params: request.params, record: { dashboard, prediction: guess } })
        } catch (e) {
          set((s) => ({
            predictions: { ...s.predictions, [dashboard]: { guess, revealed: true, actual, note: `Not logged: ${(e as Error).message}` } }
          }))
        }
      },
      resetPrediction: (dashboard) => set((s) => ({ predictions: { ...s.predictions, [dashboard]: emptyPrediction } }))
    }),
    {
      name: 'mlsys-simulator',
      storage: createJSONStorage(() => sessionStorage),
      partialize: (s) => ({ params: s.params })
    }
  )
)

export function usePrediction(dashboard: string): PredictionState {
  return useSim((s) => s.predictions[dashboard]) ?? emptyPrediction
}
