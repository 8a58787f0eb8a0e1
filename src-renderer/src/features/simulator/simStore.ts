import { create } from 'zustand'
import { createJSONStorage, persist } from 'zustand/middleware'
import { z } from 'zod'
import {
  type Catalog,
  decodeNonFinite,
  type ResponseOf,
  type SimFunctionName,
  type SimParams,
  type SimResult,
  type SweepableName,
  type SweepResult,
  simFunctions,
  sweepResultSchema
} from '../../../../src-preload/contract'
import { ipc } from '../../ipc/client'

export type Params = Record<string, unknown>

/**
 * One request to the engine and the contract's check of its answer. Build it with `simCall` or `sweepCall`,
 * so its parameters are typed from the contract and its answer arrives typed and checked.
 */
export interface SimCall<T = unknown> {
  name: SimFunctionName
  params: Params
  /** The decoded answer, checked against the contract's result schema; throws on any other shape. */
  check(value: unknown): T
}

export function simCall<N extends SweepableName>(name: N, params: SimParams<N>): SimCall<SimResult<N>> {
  // Indexed by a generic name, the schema's type is the union of all results: its output is this function's.
  const schema: z.ZodType = simFunctions[name].result
  return { name, params: params as Params, check: (value) => schema.parse(value) as SimResult<N> }
}

/** A sweep of `model` over the cartesian grid of `axes`, with `base` for every point; each point's answer is checked. */
export function sweepCall<M extends SweepableName>(
  model: M,
  base: Partial<SimParams<M>>,
  axes: { [K in keyof SimParams<M>]?: readonly (number | string)[] }
): SimCall<SweepResult<SimResult<M>>> {
  const schema: z.ZodType = sweepResultSchema(simFunctions[model].result)
  return { name: 'sweep', params: { model, base, axes }, check: (value) => schema.parse(value) as SweepResult<SimResult<M>> }
}

/** The answers of a batch of calls, in order, each typed by its call. */
export type Answers<C extends readonly SimCall[]> = { -readonly [I in keyof C]: C[I] extends SimCall<infer T> ? T : never }

/** One call outside a dashboard's batch: typed parameters in, a checked and typed answer out. */
export async function runSim<N extends SweepableName>(name: N, params: SimParams<N>): Promise<SimResult<N>> {
  const call = simCall(name, params)
  const { result } = await ipc.sim.run({ name, params: call.params })
  return call.check(decodeNonFinite(result))
}

/** A checked answer's failure, in words a learner can pass on. */
function answerProblem(e: unknown): string {
  if (e instanceof z.ZodError) {
    const issue = e.issues[0]
    return `The simulator answered in a shape this page does not expect (${issue?.path.join('.') || 'answer'}: ${issue?.message}). Reload the app; if it persists, report it.`
  }
  return (e as Error).message
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
  /** Counts the times the question changed under the learner (an input moved): the form starts afresh each time. */
  round: number
  /** The last guess was for other inputs: it and its verdict were cleared. */
  inputsChanged: boolean
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
  schedule(dashboard: string, calls: readonly SimCall[]): void
  loadScenarios(dashboard: string): Promise<void>
  saveScenario(dashboard: string, name: string): Promise<boolean>
  deleteScenario(dashboard: string, scenarioId: string): Promise<void>
  restoreScenario(dashboard: string, scenario: Scenario): void
  commitGuess(dashboard: string, guess: number): void
  reveal(dashboard: string, actual: number, call: SimCall): Promise<void>
  resetPrediction(dashboard: string): void
}

const emptyPrediction: PredictionState = { guess: null, revealed: false, actual: null, note: null, round: 0, inputsChanged: false }

/** An input changed: the question is a different one, so the guess, the answer and the verdict go. */
function questionChanged(prev: PredictionState | undefined): PredictionState {
  const had = prev !== undefined && (prev.guess !== null || prev.inputsChanged)
  return { ...emptyPrediction, round: (prev?.round ?? 0) + 1, inputsChanged: had }
}

// Coalescing: at most one batch in flight per dashboard. While it is out, newer requests replace each other in the
// queue (only the latest is ever sent); when the answer lands it is shown, and the queued batch goes on the next frame.
// So a drag redraws as often as the round trip allows, and an answer older than one already shown is dropped.
const queued = new Map<string, readonly SimCall[]>()
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
          set({ catalog: list.catalog, catalogError: null })
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
        set((s) => {
          const current = s.params[dashboard] ?? {}
          if (Object.is(current[key], value)) return s
          return {
            params: { ...s.params, [dashboard]: { ...current, [key]: value } },
            predictions: { ...s.predictions, [dashboard]: questionChanged(s.predictions[dashboard]) }
          }
        }),
      setParams: (dashboard, params) =>
        set((s) => ({
          params: { ...s.params, [dashboard]: { ...params } },
          predictions: { ...s.predictions, [dashboard]: questionChanged(s.predictions[dashboard]) }
        })),
      schedule: (dashboard, calls) => {
        const key = JSON.stringify(calls)
        if (lastKey.get(dashboard) === key && get().runs[dashboard]) return
        lastKey.set(dashboard, key)
        queued.set(dashboard, calls)
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
              const results = answers.map((a, i) => batch[i]!.check(decodeNonFinite(a.result)))
              set((s) => ({ runs: { ...s.runs, [dashboard]: { results, error: null } } }))
            })
            .catch((e: unknown) => {
              if (!fresh()) return
              applied.set(dashboard, seq)
              if (!queued.has(dashboard)) lastKey.delete(dashboard)
              set((s) => ({ runs: { ...s.runs, [dashboard]: { results: s.runs[dashboard]?.results ?? null, error: answerProblem(e) } } }))
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
          predictions: { ...s.predictions, [dashboard]: questionChanged(s.predictions[dashboard]) }
        })),
      commitGuess: (dashboard, guess) =>
        set((s) => ({
          predictions: { ...s.predictions, [dashboard]: { ...emptyPrediction, round: s.predictions[dashboard]?.round ?? 0, guess } }
        })),
      reveal: async (dashboard, actual, call) => {
        const guess = get().predictions[dashboard]?.guess
        if (guess === null || guess === undefined) return
        const round = get().predictions[dashboard]?.round ?? 0
        set((s) => ({ predictions: { ...s.predictions, [dashboard]: { ...emptyPrediction, round, guess, revealed: true, actual } } }))
        try {
          await ipc.sim.run({ name: call.name, params: call.params, record: { dashboard, prediction: guess } })
        } catch (e) {
          // Only if the learner is still looking at this verdict.
          set((s) => {
            const now = s.predictions[dashboard]
            if (!now?.revealed || now.round !== round) return s
            return { predictions: { ...s.predictions, [dashboard]: { ...now, note: `Not logged: ${(e as Error).message}` } } }
          })
        }
      },
      resetPrediction: (dashboard) =>
        set((s) => ({
          predictions: { ...s.predictions, [dashboard]: { ...emptyPrediction, round: (s.predictions[dashboard]?.round ?? 0) + 1 } }
        }))
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
