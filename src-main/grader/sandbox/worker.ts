/**
 * The worker thread that holds the grading realm. It creates one vm context (no code generation from
 * strings, no wasm compilation, microtasks drained inside each evaluation so the vm timeout covers them),
 * runs the prelude, the runtime library, the lockdown, then the bundle (learner code, tests, harness), and
 * then each test under its own time limit. It talks to the realm only with small control scripts that carry
 * the per-run secret and read back JSON strings; no object of this realm is ever handed to learner code.
 */
import vm from 'node:vm'
import { performance } from 'node:perf_hooks'
import type { RunEvent, UnitResult, WorkerJob } from './protocol'

type Post = (m: RunEvent) => void

/**
 * Defence in depth, for the grading worker only (never call it in the app): should any object of this realm
 * ever reach learner code, its constructor chain must not lead to a working Function constructor here.
 */
export function neuterConstructors(): void {
  const protos = [
    Function.prototype,
    Object.getPrototypeOf(async () => {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {})
  ]
  for (const p of protos) {
    try {
      Object.defineProperty(p, 'constructor', { value: undefined, writable: false, configurable: false })
    } catch {
      // already locked
    }
  }
}

// vm creates its timeout error in the sandbox's realm, so it is not instanceof this realm's Error; read own
// data properties only (no getters run).
function ownValue(e: unknown, key: string): unknown {
  try {
    if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return undefined
    const d = Object.getOwnPropertyDescriptor(e, key)
    return d && 'value' in d ? d.value : undefined
  } catch {
    return undefined
  }
}

function isTimeout(e: unknown): boolean {
  return ownValue(e, 'code') === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
}

function hostMessage(e: unknown): string {
  if (e instanceof Error) return e.message
  const m = ownValue(e, 'message')
  return typeof m === 'string' ? m.slice(0, 2000) : 'the sandbox stopped unexpectedly'
}

/**
 * The realm may not compile WebAssembly, so the runtime's SIMD matmul kernel is compiled here, from the
 * bytes the (trusted, just loaded) runtime holds, and handed to its installKernels before any learner code
 * exists. The runtime instantiates it in its own realm and keeps only the instance; the compiled module,
 * an object of this realm, is referenced nowhere afterwards. Without it the runtime uses its JavaScript kernel.
 */
function installKernels(context: vm.Context): void {
  try {
    const bytes = vm.runInContext(
      "typeof __tt_libs.runtime.kernelWasmBytes === 'function' ? __tt_libs.runtime.kernelWasmBytes() : null",
      context,
      { timeout: 1000 }
    ) as ArrayLike<number> | null
    const install = vm.runInContext('__tt_libs.runtime.installKernels', context, { timeout: 1000 }) as unknown
    if (bytes === null || typeof install !== 'function') return
    install(new WebAssembly.Module(Uint8Array.from(bytes)))
  } catch {
    // the JavaScript kernel stays in use
  }
}

interface Snapshot {
  state: 'pending' | 'pass' | 'fail' | 'error'
  message: string | null
  stack: string
  output: string
  value: string | null
  waiting: number
}

export async function runWorker(job: WorkerJob, post: Post): Promise<void> {
  // An ordinary global object (Node >= 22.8): a contextified host object would let
  // globalThis.constructor.constructor reach this realm's Function.
  const context = vm.createContext(vm.constants.DONT_CONTEXTIFY, {
    name: 'tinytorch sandbox',
    codeGeneration: { strings: false, wasm: false },
    microtaskMode: 'afterEvaluate'
  })
  const secret = JSON.stringify(job.token)
  const control = (call: string, timeoutMs: number): unknown =>
    vm.runInContext(`__tt.${call}`, context, { timeout: Math.max(1, Math.ceil(timeoutMs)), filename: 'tinytorch-control.js' })
  const controlJson = <T>(call: string, timeoutMs: number): T | null => {
    const r = control(call, timeoutMs)
    return typeof r === 'string' ? (JSON.parse(r) as T) : null
  }

  const hostTimers = new Set<NodeJS.Timeout>()
  const clearSandboxTimers = (): void => {
    for (const h of hostTimers) clearTimeout(h)
    hostTimers.clear()
    try {
      control(`clearTimers(${secret})`, 1000)
    } catch {
      // the realm is gone or stuck; the next unit reports it
    }
  }

  async function runUnit(index: number, limitMs: number): Promise<UnitResult> {
    const started = performance.now()
    const deadline = started + limitMs
    const elapsed = () => (performance.now() - started) / 1000
    const failed = (message: string): UnitResult => ({
      state: 'error',
      message,
      stack: '',
      output: '',
      value: null,
      durationSeconds: elapsed()
    })
    const timedOut = (why = '') => failed(`timed out after ${limitMs} ms${why}`)
    let snap: Snapshot | null
    try {
      snap = controlJson<Snapshot>(`begin(${secret}, ${index})`, limitMs)
      // begin() answers before the microtasks it queued ran; they have run by now (end of that evaluation).
      if (snap?.state === 'pending') snap = controlJson<Snapshot>(`poll(${secret})`, Math.max(1, deadline - performance.now()))
    } catch (e) {
      clearSandboxTimers()
      return isTimeout(e) ? timedOut(' (an endless loop?)') : failed(hostMessage(e))
    }
    while (snap?.state === 'pending') {
      const remaining = deadline - performance.now()
      if (remaining <= 0) {
        clearSandboxTimers()
        return timedOut()
      }
      let requested: [number, number][] | null
      try {
        requested = controlJson<[number, number][]>(`takeTimers(${secret})`, remaining)
      } catch (e) {
        clearSandboxTimers()
        return isTimeout(e) ? timedOut() : failed(hostMessage(e))
      }
      if (!snap.waiting && (!requested || requested.length === 0)) {
        clearSandboxTimers()
        return failed('the returned promise never settled (it waits for something that cannot happen)')
      }
      const fired: number[] = []
      await new Promise<void>((resolve) => {
        const stop = setTimeout(resolve, remaining)
        hostTimers.add(stop)
        for (const [id, delay] of requested ?? []) {
          const h = setTimeout(
            () => {
              hostTimers.delete(h)
              fired.push(id)
              clearTimeout(stop)
              hostTimers.delete(stop)
              resolve()
            },
            Math.min(delay, 2147483647)
          )
          hostTimers.add(h)
        }
      })
      for (const id of fired) {
        const left = deadline - performance.now()
        if (left <= 0) break
        try {
          control(`fire(${secret}, ${Number(id)})`, left)
        } catch (e) {
          clearSandboxTimers()
          return isTimeout(e) ? timedOut(' (an endless loop in a timer callback?)') : failed(hostMessage(e))
        }
      }
      try {
        snap = controlJson<Snapshot>(`poll(${secret})`, Math.max(1, deadline - performance.now()))
      } catch (e) {
        clearSandboxTimers()
        return isTimeout(e) ? timedOut() : failed(hostMessage(e))
      }
    }
    clearSandboxTimers()
    if (!snap) return failed('the sandbox lost track of the test')
    return {
      state: snap.state,
      message: snap.message,
      stack: snap.stack || '',
      output: snap.output || '',
      value: snap.value,
      durationSeconds: elapsed()
    }
  }

  const loadFail = (message: string): void => post({ t: 'loaded', ok: false, message, output: '', tests: [] })

  vm.runInContext(job.prelude, context, { filename: 'tinytorch-prelude.js' })
  const install = vm.runInContext('__tt.install', context) as (
    token: string,
    now: () => number,
    emit: (s: string) => void,
    stream: boolean,
    input: string | null
  ) => void
  install(
    job.token,
    () => performance.now(),
    (s: string) => {
      if (typeof s === 'string' && s.length < 200000) post({ t: 'emit', data: s })
    },
    job.streamOutput,
    job.input
  )

  try {
    // Strict everywhere: no `arguments.callee`, and `fn.caller` never walks up to a test function.
    new vm.Script(`'use strict';${job.libs}`, { filename: 'tinytorch-libs.js' }).runInContext(context, { timeout: job.loadTimeoutMs })
    installKernels(context)
    if (control(`lockdown(${secret})`, job.loadTimeoutMs) !== 'locked') return loadFail('the sandbox could not be locked down')
  } catch (e) {
    return loadFail(isTimeout(e) ? 'loading the runtime timed out' : `the runtime failed to load: ${hostMessage(e)}`)
  }
  try {
    const wrapped = `'use strict'; try {\n${job.bundle}\n} catch (e) { __tt.loadFailed(${secret}, e) }`
    new vm.Script(wrapped, { filename: job.bundleName, lineOffset: -1 }).runInContext(context, { timeout: job.loadTimeoutMs })
  } catch (e) {
    return loadFail(
      isTimeout(e) ? `loading the code timed out after ${job.loadTimeoutMs} ms (an endless loop at the top level?)` : hostMessage(e)
    )
  }
  let state: {
    failure: { message: string; stack: string } | null
    tests: RunEvent & { t: 'loaded' } extends { tests: infer T } ? T : never
    output: string
  } | null
  try {
    state = controlJson(`loadState(${secret})`, 1000)
  } catch (e) {
    return loadFail(hostMessage(e))
  }
  if (!state) return loadFail('the sandbox did not report its state')
  if (state.failure) {
    post({ t: 'loaded', ok: false, message: state.failure.message, stack: state.failure.stack, output: state.output, tests: state.tests })
    return
  }
  post({ t: 'loaded', ok: true, message: null, output: state.output, tests: state.tests })
  if (job.listOnly) return

  if (job.kind === 'main') {
    post({ t: 'start', i: -1 })
    post({ t: 'result', i: -1, r: await runUnit(-1, job.mainTimeoutMs) })
    return
  }
  for (let i = 0; i < state.tests.length; i++) {
    post({ t: 'start', i })
    post({ t: 'result', i, r: await runUnit(i, state.tests[i]!.timeoutMs || job.defaultTimeoutMs) })
  }
}
