/**
 * Code that runs inside the sandbox's vm context before any learner code. It defines the only globals
 * learner code gets beyond the language itself (console, performance.now, setTimeout/clearTimeout,
 * queueMicrotask) and the frozen `__tt` object the worker drives the run through.
 *
 * The worker (outside the context) talks to it only with primitives: it evaluates small scripts like
 * `__tt.begin(3)` under a vm timeout and reads back a JSON string. No host object is ever handed to
 * learner code; the two host functions (a clock and a message sink) are captured in closures here.
 */
export const PRELUDE_SOURCE = String.raw`(function () {
  'use strict'
  const G = globalThis
  const stringify = JSON.stringify
  const parse = JSON.parse
  const defineProperty = Object.defineProperty
  const freeze = Object.freeze
  const create = Object.create
  const objectToString = Object.prototype.toString
  const isArray = Array.isArray
  const StringC = String
  const ErrorC = Error
  const TypeErrorC = TypeError
  const PromiseC = Promise
  const resolved = Promise.resolve()
  const then = Promise.prototype.then
  const MAX_OUTPUT = 20000

  let hostNow = null
  let hostEmit = null
  let secret = null
  let stream = false
  let inputText = null
  const tests = []
  let markAt = -1
  let main = null
  let loadFailure = null
  let loadOutput = ''
  let cur = null
  let timers = create(null)
  let requested = []
  let nextTimer = 1

  function show(v, depth) {
    try {
      if (typeof v === 'string') return depth === 0 ? v : stringify(v)
      if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'undefined' || typeof v === 'bigint') return StringC(v)
      if (typeof v === 'symbol') return v.toString()
      if (typeof v === 'function') return '[Function ' + (v.name || 'anonymous') + ']'
      if (v === null) return 'null'
      if (v instanceof ErrorC) return (v.stack && depth === 0) ? StringC(v.stack).split('\n').slice(0, 3).join('\n') : v.name + ': ' + v.message
      if (depth > 3) return isArray(v) ? '[Array]' : '[Object]'
      if (isArray(v)) {
        let s = '['
        const n = v.length < 100 ? v.length : 100
        for (let i = 0; i < n; i++) s += (i ? ', ' : '') + show(v[i], depth + 1)
        if (v.length > n) s += ', … ' + (v.length - n) + ' more'
        return s + ']'
      }
      if (ArrayBuffer.isView(v)) {
        let s = objectToString.call(v).slice(8, -1) + '(' + v.length + ') ['
        const n = v.length < 20 ? v.length : 20
        for (let i = 0; i < n; i++) s += (i ? ', ' : '') + StringC(v[i])
        return s + (v.length > n ? ', …]' : ']')
      }
      if (typeof v.toString === 'function' && v.toString !== Object.prototype.toString) {
        const s = v.toString()
        if (typeof s === 'string') return s
      }
      let s = '{'
      let first = true
      let count = 0
      for (const k in v) {
        if (count++ >= 30) { s += ', …'; break }
        s += (first ? ' ' : ', ') + k + ': ' + show(v[k], depth + 1)
        first = false
      }
      return s + (first ? '}' : ' }')
    } catch (e) {
      return '[unprintable]'
    }
  }

  function write(level, args) {
    let line = ''
    for (let i = 0; i < args.length; i++) line += (i ? ' ' : '') + show(args[i], 0)
    if (level !== 'log') line = level + ': ' + line
    line += '\n'
    if (stream && hostEmit) hostEmit(stringify({ console: line }))
    if (!cur) {
      if (loadOutput.length < MAX_OUTPUT) loadOutput += line
      return
    }
    if (cur.truncated) return
    if (cur.output.length + line.length > MAX_OUTPUT) {
      cur.output += line.slice(0, MAX_OUTPUT - cur.output.length) + '\n… output truncated\n'
      cur.truncated = true
    } else cur.output += line
  }

  const consoleObject = freeze({
    log: function log() { write('log', arguments) },
    info: function info() { write('log', arguments) },
    debug: function debug() { write('log', arguments) },
    warn: function warn() { write('warn', arguments) },
    error: function error() { write('error', arguments) }
  })

  function now() {
    return hostNow ? hostNow() : Date.now()
  }

  function setTimeoutImpl(fn, ms) {
    if (typeof fn !== 'function') throw new TypeErrorC('setTimeout needs a function (strings are not evaluated)')
    const args = []
    for (let i = 2; i < arguments.length; i++) args[args.length] = arguments[i]
    const id = nextTimer++
    timers[id] = { fn: fn, args: args }
    const delay = typeof ms === 'number' && ms > 0 ? ms : 0
    requested[requested.length] = [id, delay]
    return id
  }

  function clearTimeoutImpl(id) {
    if (typeof id === 'number') delete timers[id]
  }

  function queueMicrotaskImpl(fn) {
    if (typeof fn !== 'function') throw new TypeErrorC('queueMicrotask needs a function')
    then.call(resolved, function () { fn() })
  }

  function describe(e) {
    try {
      if (e !== null && typeof e === 'object' && e.name === 'AssertionFailure') return { state: 'fail', message: StringC(e.message), stack: '' }
      if (e instanceof ErrorC) {
        const name = typeof e.name === 'string' ? e.name : 'Error'
        return { state: 'error', message: name + ': ' + StringC(e.message), stack: typeof e.stack === 'string' ? e.stack : '' }
      }
      const kind = e === null ? 'null' : typeof e
      return { state: 'error', message: 'threw ' + show(e, 1) + ' (a ' + kind + ', not an Error)', stack: '' }
    } catch (inner) {
      return { state: 'error', message: 'threw a value that cannot be described', stack: '' }
    }
  }

  function safeJson(v) {
    try {
      const s = stringify(v)
      return typeof s === 'string' ? s : null
    } catch (e) {
      return null
    }
  }

  function snapshot(unit) {
    const pending = unit.state === 'pending'
    return stringify({
      state: unit.state,
      message: unit.message,
      stack: unit.stack,
      output: pending ? '' : unit.output,
      value: unit.value,
      waiting: requested.length + countTimers()
    })
  }

  function countTimers() {
    let n = 0
    for (const k in timers) n++
    return n
  }

  function report(p) {
    const s = safeJson(p)
    if (s !== null && s.length < 100000 && hostEmit) hostEmit(stringify({ report: s }))
  }

  function begin(index) {
    const unit = { state: 'pending', message: null, stack: '', output: '', truncated: false, value: null }
    cur = unit
    timers = create(null)
    requested = []
    const ok = function (v) {
      if (unit.state !== 'pending') return
      unit.state = 'pass'
      unit.value = index < 0 ? safeJson(v) : null
    }
    const bad = function (e) {
      if (unit.state !== 'pending') return
      const d = describe(e)
      unit.state = d.state
      unit.message = d.message
      unit.stack = d.stack
    }
    try {
      let r
      if (index < 0) {
        if (typeof main !== 'function') throw new TypeErrorC('the script has no default-exported function')
        r = inputText === null ? main(report) : main(report, parse(inputText))
      } else {
        const t = tests[index]
        if (!t) throw new TypeErrorC('no test ' + index)
        r = t.fn()
      }
      if (r !== null && (typeof r === 'object' || typeof r === 'function') && typeof r.then === 'function') {
        r.then(ok, bad)
      } else ok(r)
    } catch (e) {
      bad(e)
    }
    return snapshot(unit)
  }

  const control = freeze({
    install: function (token, nowFn, emitFn, streamOutput, input) {
      if (secret !== null) return
      secret = token
      hostNow = nowFn
      hostEmit = emitFn
      stream = streamOutput === true
      inputText = typeof input === 'string' ? input : null
    },
    markStart: function (token, n) {
      if (token !== secret || typeof n !== 'number') return
      markAt = n
    },
    markEnd: function (token, list) {
      if (token !== secret || markAt < 0) return
      for (let k = markAt; k < list.length; k++) {
        const t = list[k]
        tests[tests.length] = freeze({
          name: StringC(t.name),
          task: StringC(t.task),
          points: typeof t.points === 'number' && t.points >= 0 ? t.points : 0,
          hint: t.hint == null ? null : StringC(t.hint),
          timeoutMs: typeof t.timeoutMs === 'number' && t.timeoutMs > 0 ? t.timeoutMs : null,
          fn: t.fn
        })
      }
      markAt = -1
    },
    setMain: function (token, fn) {
      if (token !== secret) return
      main = fn
    },
    loadFailed: function (e) {
      if (loadFailure === null) loadFailure = describe(e)
    },
    seal: function () {
      secret = {}
    },
    loadState: function () {
      const list = []
      for (let i = 0; i < tests.length; i++) {
        const t = tests[i]
        list[i] = { name: t.name, task: t.task, points: t.points, hint: t.hint, timeoutMs: t.timeoutMs }
      }
      return stringify({ failure: loadFailure, tests: list, hasMain: typeof main === 'function', output: loadOutput })
    },
    begin: begin,
    poll: function () {
      return cur ? snapshot(cur) : 'null'
    },
    takeTimers: function () {
      const out = requested
      requested = []
      return stringify(out)
    },
    fire: function (id) {
      const t = timers[id]
      if (!t) return
      delete timers[id]
      try {
        t.fn.apply(undefined, t.args)
      } catch (e) {
        if (cur && cur.state === 'pending') {
          const d = describe(e)
          cur.state = d.state
          cur.message = d.message
          cur.stack = d.stack
        }
      }
    },
    clearTimers: function () {
      timers = create(null)
      requested = []
    }
  })

  defineProperty(G, '__tt', { value: control, writable: false, enumerable: false, configurable: false })
  defineProperty(G, 'console', { value: consoleObject, writable: true, enumerable: false, configurable: true })
  defineProperty(G, 'performance', { value: freeze({ now: function now_() { return now() } }), writable: true, enumerable: false, configurable: true })
  defineProperty(G, 'setTimeout', { value: setTimeoutImpl, writable: true, enumerable: false, configurable: true })
  defineProperty(G, 'clearTimeout', { value: clearTimeoutImpl, writable: true, enumerable: false, configurable: true })
  defineProperty(G, 'queueMicrotask', { value: queueMicrotaskImpl, writable: true, enumerable: false, configurable: true })
  void PromiseC
})()`
