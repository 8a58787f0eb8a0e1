/**
 * The sandbox prelude: code that runs inside the grading realm (a vm context) before any learner code.
 * It is bundled by esbuild into one IIFE and evaluated first (see build.ts), so it imports nothing.
 *
 * It defines the only globals learner code gets beyond the language (console, performance.now,
 * setTimeout/clearTimeout, queueMicrotask) and `__tt`, the frozen control object the worker drives the run
 * through. Every control method takes the per-run secret, which only trusted scripts carry (the worker's
 * control scripts and the markers compiled around test files); learner code cannot read script source
 * (Function.prototype.toString is tamed), so it cannot call them.
 *
 * `lockdown` then freezes every intrinsic reachable in the realm (Object, Array, Function, JSON, Math,
 * Promise, Reflect, their prototypes, the hidden iterator and generator prototypes, the runtime library)
 * and the global object itself, before the learner's code loads: learner code can no longer change how
 * the tests, the harness or this prelude compute.
 */

interface TestEntry {
  name: string
  task: string
  points: number
  hint: string | null
  timeoutMs: number | null
  fn: () => unknown
}

interface Unit {
  state: 'pending' | 'pass' | 'fail' | 'error'
  message: string | null
  stack: string
  output: string
  /** Characters of output cut beyond the cap. */
  cut: number
  value: string | null
}

type HostNow = () => number
type HostEmit = (json: string) => void

/** Output captured per test (and at load) is capped here; what is cut is counted and reported. */
const MAX_OUTPUT = 64 * 1024
/** A failure message or stack longer than this is cut. */
const MAX_MESSAGE = 8000

;(() => {
  const G = globalThis as unknown as Record<string, unknown>
  const { freeze, getPrototypeOf, getOwnPropertyDescriptor, defineProperty, create, isFrozen, prototype: objectPrototype } = Object
  const ownKeys = Reflect.ownKeys
  const stringify = JSON.stringify
  const parse = JSON.parse
  const isArray = Array.isArray
  const StringC = String
  const ErrorC = Error
  const TypeErrorC = TypeError
  const resolved = Promise.resolve()
  const then = Promise.prototype.then
  const objectToString = objectPrototype.toString
  const isView = ArrayBuffer.isView
  const functionToString = Function.prototype.toString
  const WeakSetC = WeakSet
  const weakHas = WeakSet.prototype.has
  const weakAdd = WeakSet.prototype.add
  const apply = Reflect.apply

  let hostNow: HostNow | null = null
  let hostEmit: HostEmit | null = null
  let secret: string | null = null
  let stream = false
  /** JSON text for a main function's second argument; parsed here, so the object belongs to this realm. */
  let inputText: string | null = null
  const tests: TestEntry[] = []
  let markAt = -1
  let main: ((report: (p: unknown) => void, input?: unknown) => unknown) | null = null
  let loadFailure: { state: string; message: string; stack: string } | null = null
  const load: Unit = { state: 'pending', message: null, stack: '', output: '', cut: 0, value: null }
  let cur: Unit | null = null
  let timers: Record<number, { fn: (...a: unknown[]) => unknown; args: unknown[] }> = create(null)
  let requested: [number, number][] = []
  let nextTimer = 1
  let locked = false

  function trusted(token: unknown): boolean {
    return secret !== null && token === secret
  }

  // ---------------------------------------------------------------------------------------------------
  // Function.prototype.toString: learner code must not print the source of a hidden test, the harness or a
  // reference solution it can reach. Every function reads as native code.
  // biome-ignore lint/suspicious/noShadowRestrictedNames: it replaces Function.prototype.toString and keeps its name
  const tamedToString = function toString(this: unknown): string {
    if (typeof this !== 'function') return apply(functionToString, this, []) as string
    const d = getOwnPropertyDescriptor(this, 'name')
    const name = d && typeof d.value === 'string' ? d.value : ''
    return `function ${name}() { [native code] }`
  }
  defineProperty(Function.prototype, 'toString', { value: tamedToString, writable: true, enumerable: false, configurable: true })

  // ---------------------------------------------------------------------------------------------------
  // console: arguments are rendered without building strings longer than the cap.

  function show(v: unknown, depth: number, budget: number): string {
    try {
      if (typeof v === 'string') return depth === 0 ? v : stringify(v.length > budget ? v.slice(0, budget) : v)
      if (typeof v === 'number' || typeof v === 'boolean' || typeof v === 'undefined' || typeof v === 'bigint') return StringC(v)
      if (typeof v === 'symbol') return v.toString()
      if (typeof v === 'function') return `[Function ${(v as { name?: unknown }).name || 'anonymous'}]`
      if (v === null) return 'null'
      if (v instanceof ErrorC) {
        const stack = typeof v.stack === 'string' ? v.stack : ''
        return stack && depth === 0 ? stack.split('\n').slice(0, 3).join('\n') : `${v.name}: ${v.message}`
      }
      if (depth > 3) return isArray(v) ? '[Array]' : '[Object]'
      if (isArray(v)) {
        let s = '['
        const n = Math.min(v.length, 100)
        for (let i = 0; i < n && s.length < budget; i++) s += (i ? ', ' : '') + show(v[i], depth + 1, budget - s.length)
        if (v.length > n) s += `, … ${v.length - n} more`
        return `${s}]`
      }
      if (isView(v)) {
        const view = v as unknown as ArrayLike<number>
        let s = `${(apply(objectToString, v, []) as string).slice(8, -1)}(${view.length}) [`
        const n = Math.min(view.length, 20)
        for (let i = 0; i < n; i++) s += (i ? ', ' : '') + StringC(view[i])
        return s + (view.length > n ? ', …]' : ']')
      }
      const o = v as Record<string, unknown>
      if (typeof o.toString === 'function' && o.toString !== objectToString) {
        const s = o.toString()
        if (typeof s === 'string') return s
      }
      let s = '{'
      let count = 0
      for (const k in o) {
        if (count++ >= 30 || s.length >= budget) {
          s += ', …'
          break
        }
        s += `${count > 1 ? ', ' : ' '}${k}: ${show(o[k], depth + 1, budget - s.length)}`
      }
      return s + (count ? ' }' : '}')
    } catch {
      return '[unprintable]'
    }
  }

  function append(unit: Unit, text: string): void {
    const room = MAX_OUTPUT - unit.output.length
    if (text.length <= room) unit.output += text
    else {
      if (room > 0) unit.output += text.slice(0, room)
      unit.cut += text.length - Math.max(room, 0)
    }
  }

  function write(level: string, args: ArrayLike<unknown>): void {
    const unit = cur ?? load
    const before = unit.output.length
    if (level !== 'log') append(unit, `${level}: `)
    for (let i = 0; i < args.length; i++) {
      const room = MAX_OUTPUT - unit.output.length
      // Past the cap only lengths are counted; nothing long is built.
      const text = room > 0 ? show(args[i], 0, room) : typeof args[i] === 'string' ? (args[i] as string) : ''
      if (i) append(unit, ' ')
      append(unit, text)
    }
    append(unit, '\n')
    if (stream && hostEmit && unit.output.length > before) hostEmit(stringify({ console: unit.output.slice(before) }))
  }

  function finalOutput(unit: Unit): string {
    return unit.cut > 0
      ? `${unit.output}\n… ${unit.cut} more characters of output were cut (the limit is ${MAX_OUTPUT} per test)\n`
      : unit.output
  }

  const consoleObject = {
    log(...args: unknown[]) {
      write('log', args)
    },
    info(...args: unknown[]) {
      write('log', args)
    },
    debug(...args: unknown[]) {
      write('log', args)
    },
    warn(...args: unknown[]) {
      write('warn', args)
    },
    error(...args: unknown[]) {
      write('error', args)
    }
  }

  // ---------------------------------------------------------------------------------------------------
  // Timers run by the worker, between evaluations, so every callback is under the test's time limit.

  function setTimeoutImpl(fn: unknown, ms?: unknown, ...args: unknown[]): number {
    if (typeof fn !== 'function') throw new TypeErrorC('setTimeout needs a function (strings are not evaluated)')
    const id = nextTimer++
    timers[id] = { fn: fn as (...a: unknown[]) => unknown, args }
    requested[requested.length] = [id, typeof ms === 'number' && ms > 0 ? ms : 0]
    return id
  }

  function clearTimeoutImpl(id: unknown): void {
    if (typeof id === 'number') delete timers[id]
  }

  function queueMicrotaskImpl(fn: unknown): void {
    if (typeof fn !== 'function') throw new TypeErrorC('queueMicrotask needs a function')
    apply(then, resolved, [() => (fn as () => void)()])
  }

  // ---------------------------------------------------------------------------------------------------
  // Results

  function describe(e: unknown): { state: 'fail' | 'error'; message: string; stack: string } {
    try {
      if (e instanceof ErrorC) {
        const name = typeof e.name === 'string' ? e.name.slice(0, 200) : 'Error'
        const message = StringC(e.message).slice(0, MAX_MESSAGE)
        if (name === 'AssertionFailure') return { state: 'fail', message, stack: '' }
        return { state: 'error', message: `${name}: ${message}`, stack: typeof e.stack === 'string' ? e.stack.slice(0, MAX_MESSAGE) : '' }
      }
      const kind = e === null ? 'null' : typeof e
      return { state: 'error', message: `threw ${show(e, 1, 200)} (a ${kind}, not an Error)`, stack: '' }
    } catch {
      return { state: 'error', message: 'threw a value that cannot be described', stack: '' }
    }
  }

  function safeJson(v: unknown): string | null {
    try {
      const s = stringify(v)
      return typeof s === 'string' ? s : null
    } catch {
      return null
    }
  }

  function countTimers(): number {
    let n = 0
    for (const _ in timers) n++
    return n
  }

  function snapshot(unit: Unit): string {
    const pending = unit.state === 'pending'
    return stringify({
      state: unit.state,
      message: unit.message,
      stack: unit.stack,
      output: pending ? '' : finalOutput(unit),
      value: unit.value,
      waiting: requested.length + countTimers()
    })
  }

  function report(p: unknown): void {
    const s = safeJson(p)
    if (s !== null && s.length < 100000 && hostEmit) hostEmit(stringify({ report: s }))
  }

  function settle(unit: Unit, e: unknown): void {
    if (unit.state !== 'pending') return
    const d = describe(e)
    unit.state = d.state
    unit.message = d.message
    unit.stack = d.stack
  }

  function begin(index: number): string {
    const unit: Unit = { state: 'pending', message: null, stack: '', output: '', cut: 0, value: null }
    cur = unit
    timers = create(null)
    requested = []
    const ok = (v: unknown) => {
      if (unit.state !== 'pending') return
      unit.state = 'pass'
      unit.value = index < 0 ? safeJson(v) : null
    }
    try {
      let r: unknown
      if (index < 0) {
        if (typeof main !== 'function') throw new TypeErrorC('the script has no default-exported function')
        r = inputText === null ? main(report) : main(report, parse(inputText))
      } else {
        const t = tests[index]
        if (!t) throw new TypeErrorC(`no test ${index}`)
        r = t.fn()
      }
      if (r !== null && (typeof r === 'object' || typeof r === 'function') && typeof (r as { then?: unknown }).then === 'function') {
        ;(r as Promise<unknown>).then(ok, (e) => settle(unit, e))
      } else ok(r)
    } catch (e) {
      settle(unit, e)
    }
    return snapshot(unit)
  }

  // ---------------------------------------------------------------------------------------------------
  // Lockdown

  /** Intrinsics no global property names: reached through instances of the language's own syntax. */
  function hiddenIntrinsics(): unknown[] {
    const list: unknown[] = []
    const tryAdd = (make: () => unknown) => {
      try {
        list.push(make())
      } catch {
        // not available in this engine
      }
    }
    tryAdd(() => getPrototypeOf(function* () {}))
    tryAdd(() => getPrototypeOf(async () => {}))
    tryAdd(() => getPrototypeOf(async function* () {}))
    tryAdd(() => getPrototypeOf([][Symbol.iterator]()))
    tryAdd(() => getPrototypeOf(new Map()[Symbol.iterator]()))
    tryAdd(() => getPrototypeOf(new Set()[Symbol.iterator]()))
    tryAdd(() => getPrototypeOf(''[Symbol.iterator]()))
    tryAdd(() => getPrototypeOf(/a/g[Symbol.matchAll]('a')))
    tryAdd(() => getPrototypeOf(Int8Array))
    tryAdd(() => getPrototypeOf((function* () {})()))
    tryAdd(() => getPrototypeOf((async function* () {})()))
    // Iterator helpers (newer engines): the helper and wrapper prototypes.
    const iteratorHelpers = [].values() as unknown as { map?: (f: (x: unknown) => unknown) => unknown }
    tryAdd(() => getPrototypeOf(iteratorHelpers.map?.((x) => x)))
    const IteratorC = G.Iterator as { from?: (o: object) => unknown } | undefined
    tryAdd(() => getPrototypeOf(IteratorC?.from?.({ next: () => ({ done: true, value: undefined }) })))
    tryAdd(() => getOwnPropertyDescriptor(Function.prototype, 'caller')?.get)
    tryAdd(() => getPrototypeOf(new Intl.Segmenter().segment('')))
    tryAdd(() => getPrototypeOf(new Intl.Segmenter().segment('a')[Symbol.iterator]()))
    return list
  }

  /**
   * Freezing a prototype makes `instance.toString = f` throw (the "override mistake"), which breaks
   * ordinary code such as `this.name = 'MyError'`. These properties become accessors whose setter defines
   * the property on the instance instead, as SES does.
   */
  const OVERRIDABLE = ['constructor', 'toString', 'valueOf', 'toLocaleString', 'name', 'message', 'toJSON']

  function enableOverrides(proto: object): void {
    for (const key of OVERRIDABLE) {
      const d = getOwnPropertyDescriptor(proto, key)
      if (!d || !('value' in d) || !d.writable || !d.configurable) continue
      const value = d.value as unknown
      defineProperty(proto, key, {
        configurable: false,
        enumerable: d.enumerable,
        get: function getter() {
          return value
        },
        set: function setter(this: unknown, v: unknown) {
          if (this === proto) throw new TypeErrorC(`Cannot assign to read only property '${key}' of a built-in prototype`)
          if (this === null || (typeof this !== 'object' && typeof this !== 'function')) return
          defineProperty(this, key, { value: v, writable: true, enumerable: true, configurable: true })
        }
      })
    }
  }

  /** Every object reachable from the roots through properties, accessors and prototypes. */
  function reachable(roots: unknown[]): object[] {
    const seen = new WeakSetC()
    const out: object[] = []
    const stack = roots.slice()
    while (stack.length > 0) {
      const o = stack.pop()
      if (o === null || (typeof o !== 'object' && typeof o !== 'function')) continue
      if (apply(weakHas, seen, [o])) continue
      apply(weakAdd, seen, [o])
      out.push(o)
      for (const key of ownKeys(o)) {
        const d = getOwnPropertyDescriptor(o, key)
        if (!d) continue
        if ('value' in d) stack.push(d.value)
        else stack.push(d.get, d.set)
      }
      stack.push(getPrototypeOf(o))
    }
    return out
  }

  function lockdown(): void {
    const roots: unknown[] = [G, ...hiddenIntrinsics()]
    // First make the overridable properties of every prototype accessors, then freeze everything reachable
    // (the new accessor functions included), so the order of the walk does not matter.
    enableOverrides(objectPrototype)
    for (const o of reachable(roots)) {
      const proto = typeof o === 'function' ? (o as { prototype?: unknown }).prototype : undefined
      if (proto !== null && typeof proto === 'object') enableOverrides(proto)
    }
    for (const o of reachable(roots)) if (!isView(o)) freeze(o)
    if (!isFrozen(G) || !isFrozen(objectPrototype) || !isFrozen(Array.prototype) || !isFrozen(Function.prototype)) {
      throw new TypeErrorC('the sandbox could not be locked down')
    }
    locked = true
  }

  // ---------------------------------------------------------------------------------------------------

  const control = freeze({
    install(token: string, nowFn: HostNow, emitFn: HostEmit, streamOutput: boolean, input: string | null): void {
      if (secret !== null) return
      secret = token
      hostNow = nowFn
      hostEmit = emitFn
      stream = streamOutput === true
      inputText = typeof input === 'string' ? input : null
    },
    /** Freezes the realm; called after the runtime library loads and before the learner's code. */
    lockdown(token: string): string {
      if (!trusted(token)) return 'refused'
      lockdown()
      return 'locked'
    },
    markStart(token: string, n: number): void {
      if (!trusted(token) || typeof n !== 'number') return
      markAt = n
    },
    markEnd(token: string, list: readonly TestEntry[]): void {
      if (!trusted(token) || markAt < 0) return
      for (let k = markAt; k < list.length; k++) {
        const t = list[k]!
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
    setMain(token: string, fn: (report: (p: unknown) => void, input?: unknown) => unknown): void {
      if (trusted(token)) main = fn
    },
    loadFailed(token: string, e: unknown): void {
      if (trusted(token) && loadFailure === null) loadFailure = describe(e)
    },
    loadState(token: string): string {
      if (!trusted(token)) return 'null'
      const list = tests.map((t) => ({ name: t.name, task: t.task, points: t.points, hint: t.hint, timeoutMs: t.timeoutMs }))
      return stringify({ failure: loadFailure, tests: list, hasMain: typeof main === 'function', output: finalOutput(load), locked })
    },
    begin(token: string, index: number): string {
      return trusted(token) ? begin(index) : 'null'
    },
    poll(token: string): string {
      return trusted(token) && cur ? snapshot(cur) : 'null'
    },
    takeTimers(token: string): string {
      if (!trusted(token)) return '[]'
      const out = requested
      requested = []
      return stringify(out)
    },
    fire(token: string, id: number): void {
      if (!trusted(token)) return
      const t = timers[id]
      if (!t) return
      delete timers[id]
      try {
        apply(t.fn, undefined, t.args)
      } catch (e) {
        if (cur) settle(cur, e)
      }
    },
    clearTimers(token: string): void {
      if (!trusted(token)) return
      timers = create(null)
      requested = []
    }
  })

  const value = (v: unknown) => ({ value: v, writable: false, enumerable: false, configurable: false })
  defineProperty(G, '__tt', value(control))
  defineProperty(G, 'console', value(consoleObject))
  defineProperty(G, 'performance', value({ now: () => (hostNow ? hostNow() : Date.now()) }))
  defineProperty(G, 'setTimeout', value(setTimeoutImpl))
  defineProperty(G, 'clearTimeout', value(clearTimeoutImpl))
  defineProperty(G, 'queueMicrotask', value(queueMicrotaskImpl))
})()
