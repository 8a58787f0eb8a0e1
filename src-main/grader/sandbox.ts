/**
 * Runs a compiled bundle in a fresh worker thread (heap capped by resourceLimits) holding a locked-down
 * vm context (see workerSource.ts and prelude.ts). The parent enforces the whole-run time limit and a
 * process-memory watchdog (typed arrays live outside the capped heap) by terminating the worker; tests not
 * reached are then reported as not run, with the reason.
 */
import { Worker } from 'node:worker_threads'
import { PRELUDE_SOURCE } from './prelude'
import { WORKER_SOURCE } from './workerSource'

export interface SandboxLimits {
  /** Per-test wall clock when the test sets no timeoutMs. */
  defaultTimeoutMs: number
  /** Limit for top-level evaluation of the code. */
  loadTimeoutMs: number
  /** Limit for a 'main' run (systems, milestone). */
  mainTimeoutMs: number
  /** Heap cap of the worker. */
  maxHeapMb: number
  /** Extra process memory (typed arrays, outside the heap) allowed before the run is stopped. */
  maxExternalMb: number
  /** Hard cap on the whole run after loading, enforced by terminating the worker (default: the sum of the test limits plus slack). */
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
  tests: SandboxTestMeta[]
  results: (UnitResult | undefined)[]
  main: UnitResult | undefined
  /** Why the worker had to be stopped or died (memory, run time limit), or null. */
  crash: string | null
  /** The unit that was running when the worker was stopped (-1 = main, null = none / while loading). */
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
  onTestDone?: (index: number, total: number) => void
  /** Raw JSON text a main function's report() produced, or console output when streamOutput is on. */
  onEmit?: (data: { report?: string; console?: string }) => void
  /** JSON text parsed inside the sandbox and passed to a main function as its second argument. */
  input?: string
}

type WorkerMessage =
  | { t: 'loaded'; ok: boolean; message: string | null; stack?: string; output: string; tests: SandboxTestMeta[] }
  | { t: 'start'; i: number }
  | { t: 'result'; i: number; r: UnitResult }
  | { t: 'emit'; data: string }
  | { t: 'done'; fatal?: string }

const SLACK_MS = 3000

export function runInSandbox(job: SandboxJob): Promise<SandboxOutcome> {
  const limits = { ...DEFAULT_LIMITS, ...job.limits }
  const outcome: SandboxOutcome = { loadError: null, loadOutput: '', tests: [], results: [], main: undefined, crash: null, crashedAt: null }
  return new Promise((resolve) => {
    let running: number | null = null
    let finished = false
    let stopReason: string | null = null
    const worker = new Worker(WORKER_SOURCE, {
      eval: true,
      workerData: {
        prelude: PRELUDE_SOURCE,
        libs: job.libs,
        bundle: job.bundle,
        bundleName: job.bundleName,
        token: job.token,
        kind: job.kind,
        defaultTimeoutMs: limits.defaultTimeoutMs,
        loadTimeoutMs: limits.loadTimeoutMs,
        mainTimeoutMs: limits.mainTimeoutMs,
        streamOutput: job.streamOutput === true,
        input: job.input ?? null
      },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      stdout: true,
      stderr: true,
      env: {}
    })
    // The worker never writes to stdout/stderr itself; drain anything so it cannot block or reach our output.
    worker.stdout.resume()
    worker.stderr.resume()

    let runTimer: NodeJS.Timeout | undefined
    const armRunTimer = (ms: number, reason: string): void => {
      if (runTimer) clearTimeout(runTimer)
      runTimer = setTimeout(() => stop(reason), ms)
    }
    armRunTimer(
      limits.loadTimeoutMs * 2 + SLACK_MS,
      `loading took longer than ${Math.round((limits.loadTimeoutMs * 2 + SLACK_MS) / 1000)} s`
    )

    const baseline = process.memoryUsage.rss()
    const memTimer = setInterval(() => {
      const grown = (process.memoryUsage.rss() - baseline) / (1024 * 1024)
      if (grown > limits.maxHeapMb + limits.maxExternalMb) stop(`used more than ${limits.maxHeapMb + limits.maxExternalMb} MB of memory`)
    }, 100)

    function finish(): void {
      if (finished) return
      finished = true
      if (runTimer) clearTimeout(runTimer)
      clearInterval(memTimer)
      void worker.terminate()
      resolve(outcome)
    }

    function stop(reason: string): void {
      if (finished || stopReason) return
      stopReason = reason
      outcome.crash = reason
      outcome.crashedAt = running
      void worker.terminate()
    }

    worker.on('message', (m: WorkerMessage) => {
      switch (m.t) {
        case 'loaded': {
          outcome.loadOutput = m.output
          outcome.tests = m.tests
          if (!m.ok) outcome.loadError = { message: m.message ?? 'the code failed to load', stack: m.stack ?? '' }
          const budget =
            job.kind === 'main' ? limits.mainTimeoutMs : m.tests.reduce((sum, t) => sum + (t.timeoutMs ?? limits.defaultTimeoutMs) + 250, 0)
          const limit = Math.min(budget + SLACK_MS, limits.maxRunMs ?? Infinity)
          armRunTimer(limit, `the run took longer than its ${Number((limit / 1000).toFixed(2))} s limit`)
          break
        }
        case 'start':
          running = m.i
          break
        case 'result':
          running = null
          if (m.i < 0) outcome.main = m.r
          else {
            outcome.results[m.i] = m.r
            job.onTestDone?.(m.i, outcome.tests.length)
          }
          break
        case 'emit':
          if (job.onEmit) {
            try {
              job.onEmit(JSON.parse(m.data) as { report?: string; console?: string })
            } catch {
              // a malformed message from the sandbox is dropped
            }
          }
          break
        case 'done':
          if (m.fatal && !outcome.crash) {
            outcome.crash = `the sandbox failed: ${m.fatal}`
            outcome.crashedAt = running
          }
          finish()
          break
      }
    })
    worker.on('error', (e: Error & { code?: string }) => {
      if (!stopReason) {
        stopReason =
          e.code === 'ERR_WORKER_OUT_OF_MEMORY'
            ? `ran out of memory (the limit is ${limits.maxHeapMb} MB)`
            : `the sandbox crashed: ${e.message}`
        outcome.crash = stopReason
        outcome.crashedAt = running
      }
    })
    worker.on('exit', () => {
      if (!finished && !outcome.crash) {
        outcome.crash = 'the sandbox stopped unexpectedly'
        outcome.crashedAt = running
      }
      finish()
    })
  })
}
