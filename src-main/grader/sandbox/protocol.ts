/**
 * What crosses between the three places a grading run lives in: the app (launcher.ts), the grading process
 * (child.ts, one per run) and its worker thread (worker.ts, which holds the vm realm). Only plain data.
 */

export interface SandboxLimits {
  /** Per-test wall clock when the test sets no timeoutMs. */
  defaultTimeoutMs: number
  /** Limit for top-level evaluation of the code. */
  loadTimeoutMs: number
  /** Limit for a 'main' run (systems, milestone). */
  mainTimeoutMs: number
  /** Heap cap of the worker that runs learner code. */
  maxHeapMb: number
  /** Extra process memory (typed arrays, outside the heap) allowed before the run is stopped. */
  maxExternalMb: number
  /** Hard cap on the whole run after loading (default: the sum of the test limits plus slack). */
  maxRunMs?: number
}

export const DEFAULT_LIMITS: SandboxLimits = {
  defaultTimeoutMs: 5000,
  loadTimeoutMs: 10000,
  mainTimeoutMs: 30000,
  maxHeapMb: 256,
  maxExternalMb: 1024
}

export interface SandboxTestMeta {
  name: string
  task: string
  points: number
  hint: string | null
  timeoutMs: number | null
}

export interface UnitResult {
  state: 'pass' | 'fail' | 'error'
  message: string | null
  stack: string
  output: string
  /** JSON text of what a main function returned. */
  value: string | null
  durationSeconds: number
}

export interface SandboxOutcome {
  /** Set when the code failed while loading (top-level throw, time-out). */
  loadError: { message: string; stack: string } | null
  loadOutput: string
  /** The tests as the sandbox registered them (compared with the host's own list; never trusted for points). */
  tests: SandboxTestMeta[]
  results: (UnitResult | undefined)[]
  main: UnitResult | undefined
  /** Why the run had to be stopped or died (memory, time limit, a crash of the grading process), or null. */
  crash: string | null
  /** The unit that was running when the run was stopped (-1 = main, null = none / while loading). */
  crashedAt: number | null
}

export interface SandboxJob {
  libs: string
  bundle: string
  bundleName: string
  token: string
  kind: 'tests' | 'main'
  limits?: Partial<SandboxLimits>
  streamOutput?: boolean
  /** JSON text parsed inside the sandbox and passed to a main function as its second argument. */
  input?: string
}

/** Worker → grading process, and (relayed) grading process → app. */
export type RunEvent =
  | { t: 'loaded'; ok: boolean; message: string | null; stack?: string; output: string; tests: SandboxTestMeta[] }
  | { t: 'start'; i: number }
  | { t: 'result'; i: number; r: UnitResult }
  | { t: 'emit'; data: string }
  | { t: 'done'; fatal?: string }

/** App → grading process. */
export type ToChild = { t: 'job'; job: SandboxJob }

/** Grading process → app. */
export type FromChild = { t: 'ready' } | { t: 'event'; event: RunEvent } | { t: 'outcome'; outcome: SandboxOutcome }

/** What the grading process hands its worker thread (workerData). */
export interface WorkerJob {
  prelude: string
  libs: string
  bundle: string
  bundleName: string
  token: string
  kind: 'tests' | 'main'
  defaultTimeoutMs: number
  loadTimeoutMs: number
  mainTimeoutMs: number
  streamOutput: boolean
  /** JSON text for a main function's second argument, parsed inside the realm (never a host object). */
  input: string | null
  /** Load and report the tests, run none (the app's own listing of a module's tests). */
  listOnly?: boolean
}
