/**
 * The sandbox worker, as source text: started with `new Worker(WORKER_SOURCE, { eval: true })` so it runs
 * the same from tsx, vitest, plain node and the Electron bundle (no separate file to ship).
 *
 * It creates one vm context (no code generation from strings, no wasm, microtasks drained inside each
 * evaluation so the vm timeout covers them), runs the prelude, the libs script and the bundle, then each test
 * under its own time limit. Messages to the parent: loaded, start, result, report, done.
 */
export const WORKER_SOURCE = String.raw`'use strict'
const { parentPort, workerData } = require('node:worker_threads')
const vm = require('node:vm')
const { performance } = require('node:perf_hooks')

const job = workerData
const post = (m) => parentPort.postMessage(m)

// Defence in depth: should any host-realm object ever reach learner code, its constructor chain must not
// lead to a working Function constructor of this realm.
function neuterConstructors() {
  const protos = [
    Function.prototype,
    Object.getPrototypeOf(async function () {}),
    Object.getPrototypeOf(function* () {}),
    Object.getPrototypeOf(async function* () {})
  ]
  for (const p of protos) {
    try {
      Object.defineProperty(p, 'constructor', { value: undefined, writable: false, configurable: false })
    } catch {}
  }
}

// An ordinary global object (Node >= 22.8): a contextified host object would let
// globalThis.constructor.constructor reach this realm's Function. Older Node: a prototype-less object.
const globalTemplate = vm.constants && vm.constants.DONT_CONTEXTIFY !== undefined ? vm.constants.DONT_CONTEXTIFY : Object.create(null)
const context = vm.createContext(globalTemplate, {
  name: 'tinytorch sandbox',
  codeGeneration: { strings: false, wasm: false },
  microtaskMode: 'afterEvaluate'
})

// vm creates its timeout error in the sandbox's realm, so it is not instanceof this realm's Error; read
// own data properties only (no getters run).
function ownValue(e, key) {
  try {
    if (e === null || (typeof e !== 'object' && typeof e !== 'function')) return undefined
    const d = Object.getOwnPropertyDescriptor(e, key)
    return d && 'value' in d ? d.value : undefined
  } catch {
    return undefined
  }
}

function isTimeout(e) {
  return ownValue(e, 'code') === 'ERR_SCRIPT_EXECUTION_TIMEOUT'
}

function hostMessage(e) {
  if (e instanceof Error) return e.message
  const m = ownValue(e, 'message')
  return typeof m === 'string' ? m : 'the sandbox stopped unexpectedly'
}

function evalJson(code, timeout) {
  const r = vm.runInContext(code, context, { timeout: Math.max(1, Math.ceil(timeout)), filename: 'tinytorch-control.js' })
  if (typeof r !== 'string') return null
  return JSON.parse(r)
}

function hostNow() {
  return performance.now()
}

function hostEmit(s) {
  try {
    if (typeof s === 'string' && s.length < 200000) post({ t: 'emit', data: s })
  } catch {}
}

const hostTimers = new Set()
function clearHostTimers() {
  for (const h of hostTimers) clearTimeout(h)
  hostTimers.clear()
}

async function runUnit(index, limitMs) {
  const started = performance.now()
  const deadline = started + limitMs
  const elapsed = () => (performance.now() - started) / 1000
  const timedOut = () => ({ state: 'error', message: 'timed out after ' + limitMs + ' ms', stack: '', output: '', value: null, durationSeconds: elapsed(), timedOut: true })
  let snap
  try {
    snap = evalJson('__tt.begin(' + index + ')', limitMs)
    // begin() answers before the microtasks it queued ran; they have run by now (end of that evaluation).
    if (snap && snap.state === 'pending') snap = evalJson('__tt.poll()', Math.max(1, deadline - performance.now()))
  } catch (e) {
    clearSandboxTimers()
    if (isTimeout(e)) return { ...timedOut(), message: 'timed out after ' + limitMs + ' ms (an endless loop?)' }
    return { state: 'error', message: hostMessage(e), stack: '', output: '', value: null, durationSeconds: elapsed() }
  }
  while (snap && snap.state === 'pending') {
    const remaining = deadline - performance.now()
    if (remaining <= 0) {
      clearSandboxTimers()
      return timedOut()
    }
    let requested
    try {
      requested = evalJson('__tt.takeTimers()', remaining)
    } catch (e) {
      clearSandboxTimers()
      return isTimeout(e) ? timedOut() : { state: 'error', message: hostMessage(e), stack: '', output: '', value: null, durationSeconds: elapsed() }
    }
    if (!snap.waiting && (!requested || requested.length === 0)) {
      clearSandboxTimers()
      return { state: 'error', message: 'the returned promise never settled (it waits for something that cannot happen)', stack: '', output: '', value: null, durationSeconds: elapsed() }
    }
    const fired = []
    await new Promise((resolve) => {
      const stop = setTimeout(resolve, remaining)
      hostTimers.add(stop)
      for (const [id, delay] of requested || []) {
        const h = setTimeout(() => {
          hostTimers.delete(h)
          fired.push(id)
          clearTimeout(stop)
          hostTimers.delete(stop)
          resolve()
        }, Math.min(delay, 2147483647))
        hostTimers.add(h)
      }
    })
    for (const id of fired) {
      const left = deadline - performance.now()
      if (left <= 0) break
      try {
        vm.runInContext('__tt.fire(' + Number(id) + ')', context, { timeout: Math.max(1, Math.ceil(left)), filename: 'tinytorch-control.js' })
      } catch (e) {
        clearSandboxTimers()
        return isTimeout(e) ? { ...timedOut(), message: 'timed out after ' + limitMs + ' ms (an endless loop in a timer callback?)' } : { state: 'error', message: hostMessage(e), stack: '', output: '', value: null, durationSeconds: elapsed() }
      }
    }
    try {
      snap = evalJson('__tt.poll()', Math.max(1, deadline - performance.now()))
    } catch (e) {
      clearSandboxTimers()
      return isTimeout(e) ? timedOut() : { state: 'error', message: hostMessage(e), stack: '', output: '', value: null, durationSeconds: elapsed() }
    }
  }
  clearSandboxTimers()
  if (!snap) return { state: 'error', message: 'the sandbox lost track of the test', stack: '', output: '', value: null, durationSeconds: elapsed() }
  return { state: snap.state, message: snap.message, stack: snap.stack || '', output: snap.output || '', value: snap.value, durationSeconds: elapsed() }
}

function clearSandboxTimers() {
  clearHostTimers()
  try {
    vm.runInContext('__tt.clearTimers()', context, { timeout: 1000 })
  } catch {}
}

async function main() {
  vm.runInContext(job.prelude, context, { filename: 'tinytorch-prelude.js' })
  const control = vm.runInContext('__tt', context)
  control.install(job.token, hostNow, hostEmit, job.streamOutput === true, typeof job.input === 'string' ? job.input : null)
  neuterConstructors()

  const loadStarted = performance.now()
  const loadFail = (message) => post({ t: 'loaded', ok: false, message, output: '', tests: [], durationSeconds: (performance.now() - loadStarted) / 1000 })
  try {
    new vm.Script(job.libs, { filename: 'tinytorch-libs.js' }).runInContext(context, { timeout: job.loadTimeoutMs })
  } catch (e) {
    return loadFail(isTimeout(e) ? 'loading the runtime timed out' : 'the runtime failed to load: ' + hostMessage(e))
  }
  try {
    const wrapped = 'try {\n' + job.bundle + '\n} catch (e) { __tt.loadFailed(e) }'
    new vm.Script(wrapped, { filename: job.bundleName, lineOffset: -1 }).runInContext(context, { timeout: job.loadTimeoutMs })
  } catch (e) {
    return loadFail(isTimeout(e) ? 'loading the code timed out after ' + job.loadTimeoutMs + ' ms (an endless loop at the top level?)' : hostMessage(e))
  }
  let state
  try {
    vm.runInContext('__tt.seal()', context, { timeout: 1000 })
    state = evalJson('__tt.loadState()', 1000)
  } catch (e) {
    return loadFail(hostMessage(e))
  }
  if (state.failure) {
    post({ t: 'loaded', ok: false, message: state.failure.message, stack: state.failure.stack, output: state.output, tests: state.tests, durationSeconds: (performance.now() - loadStarted) / 1000 })
    return
  }
  post({ t: 'loaded', ok: true, message: null, output: state.output, tests: state.tests, hasMain: state.hasMain, durationSeconds: (performance.now() - loadStarted) / 1000 })

  if (job.kind === 'main') {
    post({ t: 'start', i: -1 })
    const r = await runUnit(-1, job.mainTimeoutMs)
    post({ t: 'result', i: -1, r })
    return
  }
  for (let i = 0; i < state.tests.length; i++) {
    post({ t: 'start', i })
    const limit = state.tests[i].timeoutMs || job.defaultTimeoutMs
    const r = await runUnit(i, limit)
    post({ t: 'result', i, r })
  }
}

main().then(
  () => post({ t: 'done' }),
  (e) => post({ t: 'done', fatal: hostMessage(e) })
)
`
