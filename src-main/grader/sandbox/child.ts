/**
 * The grading process: one per run, started by the app (launcher.ts) as a Node child process (Electron:
 * a utilityProcess). It runs the job in a fresh worker thread with a capped heap, relays every event to
 * the app, enforces the whole-run time limit and watches memory outside the heap (typed arrays) by
 * terminating the worker, and ends with the run's outcome. A fatal error anywhere here ends this process
 * only; the app reports it as the run's error.
 */
import { Worker } from 'node:worker_threads'
import { DEFAULT_LIMITS, type FromChild, type RunEvent, type SandboxJob, type SandboxOutcome, type WorkerJob } from './protocol'

const SLACK_MS = 3000

export function superviseRun(
  job: SandboxJob,
  workerScript: string,
  prelude: string,
  onEvent: (event: RunEvent) => void
): Promise<SandboxOutcome> {
  const limits = { ...DEFAULT_LIMITS, ...job.limits }
  const outcome: SandboxOutcome = { loadError: null, loadOutput: '', tests: [], results: [], main: undefined, crash: null, crashedAt: null }
  return new Promise((resolve) => {
    let running: number | null = null
    let finished = false
    let stopReason: string | null = null
    const workerData: WorkerJob = {
      prelude,
      libs: job.libs,
      bundle: job.bundle,
      bundleName: job.bundleName,
      token: job.token,
      kind: job.kind,
      defaultTimeoutMs: limits.defaultTimeoutMs,
      loadTimeoutMs: limits.loadTimeoutMs,
      mainTimeoutMs: limits.mainTimeoutMs,
      streamOutput: job.streamOutput === true,
      input: typeof job.input === 'string' ? job.input : null
    }
    const worker = new Worker(workerScript, {
      workerData: { sandboxWorker: workerData },
      resourceLimits: { maxOldGenerationSizeMb: limits.maxHeapMb, maxYoungGenerationSizeMb: 32, stackSizeMb: 4 },
      execArgv: [],
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
    const loadLimit = limits.loadTimeoutMs * 2 + SLACK_MS
    armRunTimer(loadLimit, `loading took longer than ${Math.round(loadLimit / 1000)} s`)

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

    worker.on('message', (m: RunEvent) => {
      onEvent(m)
      switch (m.t) {
        case 'loaded': {
          outcome.loadOutput = m.output
          outcome.tests = m.tests
          if (!m.ok) outcome.loadError = { message: m.message ?? 'the code failed to load', stack: m.stack ?? '' }
          const budget =
            job.kind === 'main' ? limits.mainTimeoutMs : m.tests.reduce((sum, t) => sum + (t.timeoutMs ?? limits.defaultTimeoutMs) + 250, 0)
          const limit = Math.min(budget + SLACK_MS, limits.maxRunMs ?? Number.POSITIVE_INFINITY)
          armRunTimer(limit, `the run took longer than its ${Number((limit / 1000).toFixed(2))} s limit`)
          break
        }
        case 'start':
          running = m.i
          break
        case 'result':
          running = null
          if (m.i < 0) outcome.main = m.r
          else outcome.results[m.i] = m.r
          break
        case 'done':
          if (m.fatal && !outcome.crash) {
            outcome.crash = `the sandbox failed: ${m.fatal}`
            outcome.crashedAt = running
          }
          finish()
          break
        default:
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

type Channel = { send(m: FromChild): void; onMessage(listener: (m: unknown) => void): void; exit(): void }

/** The grading process's main: announce readiness, take exactly one job, report, exit. */
export function childMain(channel: Channel, workerScript: string, prelude: string): void {
  let started = false
  channel.onMessage((raw) => {
    const m = raw as { t?: unknown; job?: SandboxJob }
    if (started || m?.t !== 'job' || !m.job) return
    started = true
    superviseRun(m.job, workerScript, prelude, (event) => channel.send({ t: 'event', event })).then(
      (outcome) => {
        channel.send({ t: 'outcome', outcome })
        // Give the message time to leave before the process ends.
        setTimeout(() => channel.exit(), 20)
      },
      () => channel.exit()
    )
  })
  channel.send({ t: 'ready' })
}
