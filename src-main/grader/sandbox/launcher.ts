/**
 * The app's side of grading: every run gets its own grading process (child.ts), so a fatal error in learner
 * code (V8 running out of memory, a native crash) ends that process only and becomes the run's error.
 * Under plain Node the process is a `child_process.fork`; the Electron main installs a launcher that uses
 * `utilityProcess` (src-main/electron). One process can be started ahead of time so Run stays fast.
 */
import { fork } from 'node:child_process'
import { sandboxScript } from './build'
import { DEFAULT_LIMITS, type FromChild, type RunEvent, type SandboxJob, type SandboxOutcome } from './protocol'

/** A started grading process, whatever started it. */
export interface GradingProcess {
  send(message: unknown): void
  onMessage(listener: (message: unknown) => void): void
  onExit(listener: (code: number | null, detail: string) => void): void
  kill(): void
  /** Lets the app exit while this process idles (a spare). */
  setIdle(idle: boolean): void
}

export type ProcessLauncher = (script: string) => GradingProcess

const STDERR_TAIL = 4000

export const forkLauncher: ProcessLauncher = (script) => {
  const child = fork(script, [], {
    // No --max-old-space-size here: V8 flags are process-wide and would override the worker's own heap cap.
    execArgv: [],
    // Nothing from the learner's environment (NODE_OPTIONS could preload code) reaches the grading process.
    env: {},
    stdio: ['ignore', 'ignore', 'pipe', 'ipc'],
    serialization: 'json'
  })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-STDERR_TAIL)
  })
  child.on('error', () => {
    // reported through 'exit'
  })
  return {
    send: (m) => {
      try {
        child.send(m as object)
      } catch {
        // the process is gone; 'exit' reports it
      }
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code, signal) => listener(code, signal ? `signal ${signal}` : stderr)),
    kill: () => child.kill('SIGKILL'),
    setIdle: (idle) => {
      if (idle) {
        child.unref()
        child.channel?.unref()
        ;(child.stderr as unknown as { unref?: () => void } | null)?.unref?.()
      } else {
        child.ref()
        child.channel?.ref()
      }
    }
  }
}

let launcher: ProcessLauncher = forkLauncher
let prestart = false
let spare: Promise<Ready> | null = null

interface Ready {
  proc: GradingProcess
  ready: Promise<boolean>
  exited: boolean
}

/** The Electron main calls this with a utilityProcess launcher; tests may install their own. */
export function setProcessLauncher(l: ProcessLauncher): void {
  launcher = l
  discardSpare()
}

/** Keep one grading process started ahead of the next run (the app and the web host turn this on). */
export function setPrestart(on: boolean): void {
  prestart = on
  if (on) ensureSpare()
  else discardSpare()
}

function startProcess(script: string): Ready {
  const proc = launcher(script)
  const entry: Ready = { proc, exited: false, ready: Promise.resolve(false) }
  entry.ready = new Promise<boolean>((resolve) => {
    proc.onMessage((m) => {
      if ((m as FromChild)?.t === 'ready') resolve(true)
    })
    proc.onExit(() => {
      entry.exited = true
      resolve(false)
    })
  })
  return entry
}

function ensureSpare(): void {
  if (!prestart || spare) return
  const pending: Promise<Ready> = sandboxScript().then((script) => {
    const ready = startProcess(script)
    ready.proc.setIdle(true)
    ready.proc.onExit(() => {
      if (spare === pending) spare = null
    })
    return ready
  })
  pending.catch(() => {
    if (spare === pending) spare = null
  })
  spare = pending
}

function discardSpare(): void {
  const pending = spare
  spare = null
  pending?.then(
    (ready) => ready.proc.kill(),
    () => {}
  )
}

/** Stops the spare process (on quit). */
export function shutdownGrading(): void {
  prestart = false
  discardSpare()
}

async function acquire(): Promise<Ready> {
  const taken = spare
  spare = null
  if (taken) {
    try {
      const ready = await taken
      if (!ready.exited && (await ready.ready)) {
        ready.proc.setIdle(false)
        ensureSpare()
        return ready
      }
    } catch {
      // the spare could not start; start one now
    }
  }
  const fresh = startProcess(await sandboxScript())
  ensureSpare()
  return fresh
}

function crashMessage(code: number | null, detail: string): string {
  if (/heap out of memory|Reached heap limit|allocation failed/i.test(detail)) return 'the grading process ran out of memory'
  if (/invalid (string|array buffer|typed array) length|Invalid size error/i.test(detail))
    return 'the code built a value too large for memory'
  const how = code === null ? detail || 'a signal' : `exit code ${code}`
  return `the grading process stopped unexpectedly (${how.trim().split('\n').pop()?.slice(0, 200) ?? ''})`
}

export interface RunHooks {
  onEvent?: (event: RunEvent) => void
  /** Aborting stops the run's process; the outcome says it was cancelled. */
  signal?: AbortSignal
}

/** The longest a run may take before the app stops its process from outside, whatever the process says. */
function hardLimitMs(job: SandboxJob): number {
  const l = { ...DEFAULT_LIMITS, ...job.limits }
  const run = l.maxRunMs ?? (job.kind === 'main' ? l.mainTimeoutMs : 10 * 60_000)
  return l.loadTimeoutMs * 2 + run + 15_000
}

/**
 * Runs one job in its own grading process. Never rejects: a process that dies or hangs gives an outcome
 * with `crash` set and the tests it had not finished marked by `crashedAt`.
 */
export async function runInProcess(job: SandboxJob, hooks: RunHooks = {}): Promise<SandboxOutcome> {
  const mirror: SandboxOutcome = { loadError: null, loadOutput: '', tests: [], results: [], main: undefined, crash: null, crashedAt: null }
  let running: number | null = null
  let started: Ready
  try {
    started = await acquire()
  } catch (e) {
    return { ...mirror, crash: `the grading process could not start: ${(e as Error).message}` }
  }
  const { proc } = started
  return new Promise<SandboxOutcome>((resolve) => {
    let done = false
    const finish = (outcome: SandboxOutcome) => {
      if (done) return
      done = true
      clearTimeout(hard)
      hooks.signal?.removeEventListener('abort', onAbort)
      proc.kill()
      resolve(outcome)
    }
    const hard = setTimeout(() => {
      finish({ ...mirror, crash: mirror.crash ?? `the run was stopped after ${Math.round(hardLimitMs(job) / 1000)} s`, crashedAt: running })
    }, hardLimitMs(job))
    const onAbort = () => finish({ ...mirror, crash: 'cancelled', crashedAt: running })
    if (hooks.signal?.aborted) return onAbort()
    hooks.signal?.addEventListener('abort', onAbort, { once: true })
    proc.onMessage((raw) => {
      const m = raw as FromChild
      if (m?.t === 'event') {
        const e = m.event
        if (e.t === 'loaded') {
          mirror.loadOutput = e.output
          mirror.tests = e.tests
          if (!e.ok) mirror.loadError = { message: e.message ?? 'the code failed to load', stack: e.stack ?? '' }
        } else if (e.t === 'start') running = e.i
        else if (e.t === 'result') {
          running = null
          if (e.i < 0) mirror.main = e.r
          else mirror.results[e.i] = e.r
        }
        hooks.onEvent?.(e)
      } else if (m?.t === 'outcome') finish(m.outcome)
    })
    proc.onExit((code, detail) => {
      if (!done) finish({ ...mirror, crash: crashMessage(code, detail), crashedAt: running })
    })
    proc.send({ t: 'job', job })
  })
}
