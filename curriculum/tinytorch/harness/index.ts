/**
 * The test harness module tests are written against (`import { test, expect } from 'tinytorch/harness'`).
 * It runs inside the grader's sandbox, so it uses nothing but the language itself. Only tests import it:
 * the grader refuses it to learner code, and bundles it into the tests where learner code cannot reach it.
 *
 * Messages follow one rule: say what was expected and what came back; for tensors, the shape first,
 * then the largest absolute and relative error and the first index that is out of tolerance.
 */

export interface TestMeta {
  /** The task (a TODO in the starter) this test checks; results are grouped by it. */
  task: string
  points: number
  /** One targeted hint for the common mistake, shown when this test fails. */
  hint?: string
  /** Per-test wall-clock limit; the grader's default applies when absent. */
  timeoutMs?: number
}

export interface RegisteredTest extends TestMeta {
  name: string
  fn: () => void | Promise<void>
}

const registry: RegisteredTest[] = []

/** Failures recorded while the current test runs: an assertion learner code catches still fails the test. */
let recorded: string[] | null = null

function isThenable(v: unknown): v is PromiseLike<unknown> {
  return v !== null && (typeof v === 'object' || typeof v === 'function') && typeof (v as { then?: unknown }).then === 'function'
}

/** Runs a test body; it fails if any expectation failed during it, even one whose error was swallowed. */
function guarded(fn: () => void | Promise<void>): () => void | Promise<void> {
  return () => {
    const failures: string[] = []
    recorded = failures
    const check = (): void => {
      recorded = null
      if (failures.length > 0) throw new AssertionFailure(failures[0]!)
    }
    let result: void | Promise<void>
    try {
      result = fn()
    } catch (e) {
      recorded = null
      throw failures.length > 0 ? new AssertionFailure(failures[0]!) : e
    }
    if (!isThenable(result)) return check()
    return Promise.resolve(result).then(check, (e: unknown) => {
      recorded = null
      throw failures.length > 0 ? new AssertionFailure(failures[0]!) : e
    })
  }
}

export function test(name: string, meta: TestMeta, fn: () => void | Promise<void>): void {
  registry.push({ name, ...meta, fn: guarded(fn) })
}

/** The tests registered so far, in order (read by the grader's runner). */
export function registeredTests(): readonly RegisteredTest[] {
  return registry
}

/** A failed expectation: the grader reports it as a failing test, not as an error. */
export class AssertionFailure extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'AssertionFailure'
  }
}

export interface TensorLike {
  shape: readonly number[]
  data: ArrayLike<number>
}

type Nested = number | readonly Nested[]

function fail(message: string): never {
  recorded?.push(message)
  throw new AssertionFailure(message)
}

export function show(value: unknown): string {
  if (typeof value === 'number') return Number.isInteger(value) ? String(value) : String(Number(value.toPrecision(6)))
  if (typeof value === 'string') return JSON.stringify(value)
  if (Array.isArray(value)) return `[${value.map(show).join(', ')}]`
  if (value && typeof value === 'object' && 'shape' in value && 'data' in value) {
    const t = value as TensorLike
    const head = Array.from(t.data).slice(0, 8).map(show).join(', ')
    return `Tensor(shape [${t.shape.join(', ')}], data [${head}${t.data.length > 8 ? ', …' : ''}])`
  }
  try {
    return JSON.stringify(value) ?? String(value)
  } catch {
    return String(value)
  }
}

function flatten(value: Nested, out: number[] = []): number[] {
  if (typeof value === 'number') out.push(value)
  else for (const v of value) flatten(v, out)
  return out
}

function shapeOf(value: Nested): number[] {
  const shape: number[] = []
  let v: Nested = value
  while (Array.isArray(v)) {
    shape.push(v.length)
    v = (v as readonly Nested[])[0] as Nested
  }
  return shape
}

function isTensorLike(value: unknown): value is TensorLike {
  return typeof value === 'object' && value !== null && 'shape' in value && 'data' in value
}

function sameShape(a: readonly number[], b: readonly number[]): boolean {
  return a.length === b.length && a.every((d, i) => d === b[i])
}

function unravel(flat: number, shape: readonly number[]): number[] {
  const index: number[] = []
  for (let i = shape.length - 1; i >= 0; i--) {
    index.unshift(flat % shape[i]!)
    flat = Math.floor(flat / shape[i]!)
  }
  return index
}

export interface Tolerance {
  atol?: number
  rtol?: number
}

export const expect = Object.freeze({
  /** Strict equality for numbers, strings, booleans; deep equality for plain arrays. */
  equal(actual: unknown, expected: unknown, what = 'value'): void {
    if (show(actual) !== show(expected) || typeof actual !== typeof expected) {
      fail(`${what}: expected ${show(expected)}, got ${show(actual)}`)
    }
  },

  close(actual: number, expected: number, what = 'value', { atol = 1e-5, rtol = 1e-4 }: Tolerance = {}): void {
    if (typeof actual !== 'number' || Number.isNaN(actual)) fail(`${what}: expected a number near ${show(expected)}, got ${show(actual)}`)
    if (!(Math.abs(actual - expected) <= atol + rtol * Math.abs(expected))) {
      fail(`${what}: expected ${show(expected)} (±${show(atol + rtol * Math.abs(expected))}), got ${show(actual)}`)
    }
  },

  true(condition: boolean, message: string): void {
    if (condition !== true) fail(message)
  },

  shape(actual: unknown, expected: readonly number[], what = 'tensor'): void {
    if (!isTensorLike(actual)) fail(`${what}: expected a Tensor with shape [${expected.join(', ')}], got ${show(actual)}`)
    if (!sameShape(actual.shape, expected)) fail(`${what}: expected shape [${expected.join(', ')}], got shape [${actual.shape.join(', ')}]`)
  },

  /**
   * Compares a tensor with expected values (nested arrays or another tensor): shape first, then every
   * element within atol + rtol·|expected|.
   */
  tensorClose(actual: unknown, expected: Nested | TensorLike, what = 'tensor', { atol = 1e-5, rtol = 1e-4 }: Tolerance = {}): void {
    const expShape = isTensorLike(expected) ? [...expected.shape] : shapeOf(expected)
    const expData = isTensorLike(expected) ? Array.from(expected.data) : flatten(expected)
    expect.shape(actual, expShape, what)
    const got = (actual as TensorLike).data
    if (got.length !== expData.length)
      fail(`${what}: shape [${expShape.join(', ')}] but data holds ${got.length} values, expected ${expData.length}`)
    let maxAbs = 0
    let maxRel = 0
    let first = -1
    for (let i = 0; i < expData.length; i++) {
      const e = expData[i]!
      const a = got[i]!
      const abs = Number.isNaN(a) ? Infinity : Math.abs(a - e)
      maxAbs = Math.max(maxAbs, abs)
      if (e !== 0) maxRel = Math.max(maxRel, abs / Math.abs(e))
      if (first < 0 && !(abs <= atol + rtol * Math.abs(e))) first = i
    }
    if (first >= 0) {
      const idx = unravel(first, expShape)
      fail(
        `${what}: shape [${expShape.join(', ')}] matches, but values differ: largest absolute error ${show(maxAbs)}, ` +
          `largest relative error ${show(maxRel)}; first mismatch at [${idx.join(', ')}]: expected ${show(expData[first]!)}, got ${show(got[first]!)}`
      )
    }
  },

  /**
   * Expects `fn` to throw an Error whose message matches `pattern`. An unfinished `TODO(…)` does not count,
   * and neither does a TypeError or ReferenceError (a bug, not the check the test asks for) unless the test
   * names that type in `options.type`.
   */
  throws(
    fn: () => unknown,
    pattern: RegExp | string,
    what = 'call',
    options: { type?: 'TypeError' | 'ReferenceError' | 'RangeError' } = {}
  ): void {
    try {
      fn()
    } catch (e) {
      const message = e instanceof Error ? String(e.message) : String(e)
      const name = e instanceof Error ? String(e.name) : typeof e
      if (/^TODO\(/.test(message)) fail(`${what}: not implemented yet (${message.slice(0, 200)})`)
      if (options.type !== undefined && name !== options.type)
        fail(`${what}: expected a ${options.type}, got ${name}: "${message.slice(0, 300)}"`)
      if (options.type === undefined && (name === 'TypeError' || name === 'ReferenceError')) {
        fail(
          `${what}: expected an error matching ${String(pattern)}, got a ${name} instead (a bug in the code, not the check): "${message.slice(0, 300)}"`
        )
      }
      const ok = typeof pattern === 'string' ? message.includes(pattern) : pattern.test(message)
      if (!ok) fail(`${what}: expected an error matching ${String(pattern)}, got "${message.slice(0, 300)}"`)
      return
    }
    fail(`${what}: expected an error matching ${String(pattern)}, but nothing was thrown`)
  },

  finite(values: ArrayLike<number>, what = 'values'): void {
    for (let i = 0; i < values.length; i++) {
      if (!Number.isFinite(values[i]!)) fail(`${what}: expected finite values, got ${show(values[i]!)} at index ${i}`)
    }
  }
})

/**
 * Central finite differences of a scalar function of a Float32Array, for gradient checks:
 * ∂f/∂x_i ≈ (f(x + εe_i) − f(x − εe_i)) / 2ε. The input is restored after each probe.
 */
export function numericGradient(f: () => number, x: Float32Array, eps = 1e-2): Float32Array {
  const grad = new Float32Array(x.length)
  for (let i = 0; i < x.length; i++) {
    const saved = x[i]!
    x[i] = saved + eps
    const plus = f()
    x[i] = saved - eps
    const minus = f()
    x[i] = saved
    grad[i] = (plus - minus) / (2 * eps)
  }
  return grad
}

/** Median wall-clock seconds of `runs` calls (for systems measurements, never for pass/fail). */
export function medianSeconds(fn: () => void, runs = 5): number {
  const times: number[] = []
  for (let r = 0; r < runs; r++) {
    const start = performance.now()
    fn()
    times.push((performance.now() - start) / 1000)
  }
  times.sort((a, b) => a - b)
  return times[Math.floor(times.length / 2)]!
}
