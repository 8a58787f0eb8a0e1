// NDArray: an n-dimensional float32 array with NumPy-style semantics.
//
// Storage model: every array is a *view* described by (data, shape, strides,
// offset). Element (i0, i1, ..., ik) lives at
//     data[offset + i0*strides[0] + i1*strides[1] + ... + ik*strides[k]]
// Transposes, slices, expandDims, squeeze and broadcastTo only rewrite the
// shape/strides/offset and share `data` with their source. Everything that
// computes new values (element-wise ops, reductions, matmul, ...) returns a
// fresh row-major ("C order") contiguous array.

import {
  broadcastShapes,
  formatShape,
  normalizeAxes,
  normalizeAxis,
  normalizeShape,
  resolveReshape,
  rowMajorStrides,
  shapesEqual,
  shapeSize
} from './shape'
import type { ShapeLike } from './shape'
import { matmulKernel } from './kernels'

// Hot loops read Math/Number helpers through module-local bindings: inside a
// sandbox (node:vm context) every *global* lookup goes through the context's
// interceptor and costs ~10x more, which dominates loops like exp().
const M = Math
const isInteger = Number.isInteger
const isFiniteNumber = Number.isFinite

/** A number, or arbitrarily nested JS arrays of numbers (`[[1, 2], [3, 4]]`). */
export type NestedArray = number | NestedArray[]

/** Anything an operation accepts where an array is expected. */
export type Operand = NDArray | NestedArray

/** One or several axes. Negative values count from the end (-1 = last axis). */
export type Axis = number | readonly number[]

/**
 * Per-axis slice: `[start, stop, step]` (any part may be omitted or null, with
 * Python semantics, negative values count from the end), `null`/`undefined`
 * for the whole axis, or a single integer index, which removes that axis.
 */
export type SliceSpec = number | null | undefined | readonly [start?: number | null, stop?: number | null, step?: number | null]

/** Indices accepted by `take`. */
export type Indices = NDArray | readonly number[] | number

export class NDArray {
  /** Underlying storage, possibly shared with other views. */
  readonly data: Float32Array
  /** Length of every axis. */
  readonly shape: readonly number[]
  /** Step in `data`, in elements, when an index along each axis grows by one. */
  readonly strides: readonly number[]
  /** Position in `data` of the first element. */
  readonly offset: number
  /** Total number of elements (product of the shape). */
  readonly size: number
  /** Element type; always float32 in this runtime. */
  readonly dtype = 'float32' as const

  /**
   * Wraps existing storage. Without `strides` the data is read in row-major
   * order. Prefer the creation helpers (`array`, `zeros`, ...) in user code.
   */
  constructor(data: Float32Array, shape?: ShapeLike, strides?: readonly number[], offset = 0) {
    if (!(data instanceof Float32Array)) throw new Error('NDArray storage must be a Float32Array; use nd.array(...) to convert other data')
    const s = shape === undefined ? [data.length] : normalizeShape(shape)
    const size = shapeSize(s)
    const st = strides === undefined ? rowMajorStrides(s) : Array.from(strides)
    if (st.length !== s.length) throw new Error(`strides ${formatShape(st)} do not match shape ${formatShape(s)}`)
    if (!isInteger(offset) || offset < 0) throw new Error(`offset must be a non-negative integer, got ${offset}`)
    if (size > 0) {
      let lo = offset,
        hi = offset
      for (let i = 0; i < s.length; i++) {
        if (!isInteger(st[i])) throw new Error(`strides must be integers, got ${formatShape(st)}`)
        const span = st[i] * (s[i] - 1)
        if (span < 0) lo += span
        else hi += span
      }
      if (lo < 0 || hi >= data.length) {
        throw new Error(
          `shape ${formatShape(s)} with strides ${formatShape(st)} and offset ${offset} does not fit in storage of ${data.length} elements`
        )
      }
    }
    this.data = data
    this.shape = Object.freeze(s)
    this.strides = Object.freeze(st)
    this.offset = offset
    this.size = size
  }

  /** Number of dimensions (axes). */
  get ndim(): number {
    return this.shape.length
  }

  /** True when elements are laid out in row-major order without gaps. */
  get isContiguous(): boolean {
    let expected = 1
    for (let i = this.shape.length - 1; i >= 0; i--) {
      const d = this.shape[i]
      if (d !== 1 && this.strides[i] !== expected) return false
      expected *= d
    }
    return true
  }

  /** Transpose (reverses all axes); shorthand for `transpose()`. */
  get T(): NDArray {
    return transpose(this)
  }

  // ---------------------------------------------------------------- access

  /** Reads one element. Needs one index per axis; negative indices count from the end. */
  get(...index: number[]): number {
    return this.data[this.flatIndex(index)]
  }

  /**
   * Writes one element in place: `a.set(i, j, value)` (indices first, value
   * last). Views share storage, so the write is visible through all of them.
   */
  set(...indexAndValue: number[]): this {
    if (indexAndValue.length === 0) throw new Error('set(...index, value) needs a value')
    const value = indexAndValue[indexAndValue.length - 1]
    this.data[this.flatIndex(indexAndValue.slice(0, -1))] = value
    return this
  }

  /** The single value of a size-1 array, as a JS number. */
  item(): number {
    if (this.size !== 1)
      throw new Error(`item() needs an array with exactly one element, but shape ${formatShape(this.shape)} has ${this.size}`)
    const p = this.offset
    return this.data[p]
  }

  /** Converts to nested JS arrays (a plain number for a 0-d array). */
  toArray(): NestedArray {
    const flat = readFlat(this)
    if (this.ndim === 0) return flat[0]
    const build = (axis: number, start: number, step: number): NestedArray[] => {
      const n = this.shape[axis]
      const out: NestedArray[] = new Array(n)
      if (axis === this.ndim - 1) {
        for (let i = 0; i < n; i++) out[i] = flat[start + i]
      } else {
        const sub = step / n
        for (let i = 0; i < n; i++) out[i] = build(axis + 1, start + i * sub, sub)
      }
      return out
    }
    return build(0, 0, this.size)
  }

  /** Row-major values as a new Float32Array of length `size`. */
  toFloat32Array(): Float32Array {
    return readFlat(this).slice()
  }

  /** This array if already row-major contiguous, otherwise a contiguous copy. */
  contiguous(): NDArray {
    return this.isContiguous ? this : this.copy()
  }

  /** A contiguous copy that shares nothing with this array. */
  copy(): NDArray {
    return new NDArray(this.toFloat32Array(), this.shape)
  }

  /** Alias of `copy()`. */
  clone(): NDArray {
    return this.copy()
  }

  /** Fills every element (through this view) with `value`, in place. */
  fill(value: number): this {
    assign(this, value)
    return this
  }

  /** Writes `value` (broadcast to this shape) into this view, in place. */
  assign(value: Operand): this {
    assign(this, value)
    return this
  }

  toString(): string {
    return formatArray(this)
  }

  private flatIndex(index: readonly number[]): number {
    if (index.length !== this.ndim) {
      throw new Error(
        `expected ${this.ndim} ind${this.ndim === 1 ? 'ex' : 'ices'} for an array of shape ${formatShape(this.shape)}, got ${index.length}`
      )
    }
    let p = this.offset
    for (let i = 0; i < index.length; i++) {
      const n = this.shape[i]
      let k = index[i]
      if (!isInteger(k)) throw new Error(`index ${k} on axis ${i} is not an integer`)
      if (k < 0) k += n
      if (k < 0 || k >= n) throw new Error(`index ${index[i]} is out of bounds for axis ${i} with size ${n}`)
      p += k * this.strides[i]
    }
    return p
  }

  // ---------------------------------------------------------------- methods
  // Thin wrappers over the free functions below.

  add(other: Operand): NDArray {
    return add(this, other)
  }
  sub(other: Operand): NDArray {
    return sub(this, other)
  }
  mul(other: Operand): NDArray {
    return mul(this, other)
  }
  div(other: Operand): NDArray {
    return div(this, other)
  }
  pow(other: Operand): NDArray {
    return pow(this, other)
  }
  maximum(other: Operand): NDArray {
    return maximum(this, other)
  }
  minimum(other: Operand): NDArray {
    return minimum(this, other)
  }
  greater(other: Operand): NDArray {
    return greater(this, other)
  }
  greaterEqual(other: Operand): NDArray {
    return greaterEqual(this, other)
  }
  less(other: Operand): NDArray {
    return less(this, other)
  }
  lessEqual(other: Operand): NDArray {
    return lessEqual(this, other)
  }
  equal(other: Operand): NDArray {
    return equal(this, other)
  }
  notEqual(other: Operand): NDArray {
    return notEqual(this, other)
  }

  neg(): NDArray {
    return neg(this)
  }
  exp(): NDArray {
    return exp(this)
  }
  log(): NDArray {
    return log(this)
  }
  tanh(): NDArray {
    return tanh(this)
  }
  sqrt(): NDArray {
    return sqrt(this)
  }
  abs(): NDArray {
    return abs(this)
  }
  sign(): NDArray {
    return sign(this)
  }
  relu(): NDArray {
    return relu(this)
  }
  clip(min: number, max: number): NDArray {
    return clip(this, min, max)
  }
  map(fn: (x: number) => number): NDArray {
    return map(this, fn)
  }

  sum(axis?: Axis, keepdims = false): NDArray {
    return sum(this, axis, keepdims)
  }
  mean(axis?: Axis, keepdims = false): NDArray {
    return mean(this, axis, keepdims)
  }
  max(axis?: Axis, keepdims = false): NDArray {
    return max(this, axis, keepdims)
  }
  min(axis?: Axis, keepdims = false): NDArray {
    return min(this, axis, keepdims)
  }
  var(axis?: Axis, keepdims = false, ddof = 0): NDArray {
    return variance(this, axis, keepdims, ddof)
  }
  std(axis?: Axis, keepdims = false, ddof = 0): NDArray {
    return std(this, axis, keepdims, ddof)
  }
  argmax(axis?: number, keepdims = false): NDArray {
    return argmax(this, axis, keepdims)
  }
  argmin(axis?: number, keepdims = false): NDArray {
    return argmin(this, axis, keepdims)
  }

  matmul(other: NDArray): NDArray {
    return matmul(this, other)
  }
  dot(other: NDArray): NDArray {
    return matmul(this, other)
  }

  /** `a.reshape(2, -1)` or `a.reshape([2, -1])`; one dimension may be -1. */
  reshape(...shape: number[]): NDArray
  reshape(shape: readonly number[]): NDArray
  reshape(...args: (number | readonly number[])[]): NDArray {
    return reshape(this, varargShape(args))
  }
  /** `a.transpose()` reverses axes; `a.transpose(0, 2, 1)` or `a.transpose([0, 2, 1])` permutes them. */
  transpose(...axes: number[]): NDArray
  transpose(axes: readonly number[]): NDArray
  transpose(...args: (number | readonly number[])[]): NDArray {
    return transpose(this, args.length === 0 ? undefined : varargShape(args))
  }
  swapaxes(axis1: number, axis2: number): NDArray {
    return swapaxes(this, axis1, axis2)
  }
  expandDims(axis: number): NDArray {
    return expandDims(this, axis)
  }
  squeeze(axis?: Axis): NDArray {
    return squeeze(this, axis)
  }
  broadcastTo(shape: ShapeLike): NDArray {
    return broadcastTo(this, shape)
  }
  flatten(): NDArray {
    return flatten(this)
  }
  slice(...ranges: SliceSpec[]): NDArray {
    return slice(this, ...ranges)
  }
  take(indices: Indices, axis?: number): NDArray {
    return take(this, indices, axis)
  }
  sumTo(shape: ShapeLike): NDArray {
    return sumTo(this, shape)
  }
  allclose(other: Operand, rtol?: number, atol?: number): boolean {
    return allclose(this, other, rtol, atol)
  }
}

function varargShape(args: (number | readonly number[])[]): number[] {
  if (args.length === 1 && typeof args[0] !== 'number') return Array.from(args[0])
  for (const a of args) if (typeof a !== 'number') throw new Error('pass either separate numbers or a single array of numbers')
  return args as number[]
}

// =================================================================== helpers

/**
 * Row-major values of `a` as a Float32Array of exactly `a.size` elements.
 * For contiguous arrays this is a subarray view of the storage (no copy), so
 * callers must treat it as read-only.
 */
function readFlat(a: NDArray): Float32Array {
  if (a.isContiguous) return a.data.subarray(a.offset, a.offset + a.size)
  const out = new Float32Array(a.size)
  if (a.size === 0) return out
  forEachRow(a.shape, [rowMajorStrides(a.shape), a.strides], [0, a.offset], (o, s, n) => {
    const src = a.data
    let j = o[1]
    const step = s[1]
    const base = o[0]
    for (let t = 0; t < n; t++, j += step) out[base + t] = src[j]
  })
  return out
}

/**
 * Walks `shape` row by row, tracking one storage offset per operand.
 * Adjacent axes that are laid out compatibly in every operand are merged, so
 * contiguous inputs become a single long row. `fn(offsets, steps, n)` is
 * called once per innermost row of length `n`; `steps[q]` is operand q's
 * stride along that row. `offsets` is reused between calls; do not keep it.
 */
function forEachRow(
  shape: readonly number[],
  strides: (readonly number[])[],
  offsets: readonly number[],
  fn: (offsets: number[], steps: number[], n: number) => void
): void {
  const k = strides.length
  const dims: number[] = []
  const st: number[][] = strides.map(() => [])
  for (let d = 0; d < shape.length; d++) {
    const n = shape[d]
    if (n === 0) return
    if (n === 1) continue
    const L = dims.length
    let merge = L > 0
    for (let q = 0; q < k && merge; q++) if (st[q][L - 1] !== strides[q][d] * n) merge = false
    if (merge) {
      dims[L - 1] *= n
      for (let q = 0; q < k; q++) st[q][L - 1] = strides[q][d]
    } else {
      dims.push(n)
      for (let q = 0; q < k; q++) st[q].push(strides[q][d])
    }
  }
  const offs = Array.from(offsets)
  const nd = dims.length
  if (nd === 0) {
    fn(offs, new Array<number>(k).fill(0), 1)
    return
  }
  const n = dims[nd - 1]
  const steps = st.map((s) => s[nd - 1])
  let rows = 1
  for (let d = 0; d < nd - 1; d++) rows *= dims[d]
  const idx = new Array<number>(nd - 1).fill(0)
  for (let r = 0; r < rows; r++) {
    fn(offs, steps, n)
    for (let d = nd - 2; d >= 0; d--) {
      idx[d]++
      for (let q = 0; q < k; q++) offs[q] += st[q][d]
      if (idx[d] < dims[d]) break
      for (let q = 0; q < k; q++) offs[q] -= st[q][d] * dims[d]
      idx[d] = 0
    }
  }
}

/** Strides that read `a` as if it had been broadcast to `shape` (0 on broadcast axes). */
function broadcastStrides(a: NDArray, shape: readonly number[]): number[] {
  const lead = shape.length - a.ndim
  const out = new Array<number>(shape.length).fill(0)
  for (let i = 0; i < a.ndim; i++) out[lead + i] = a.shape[i] === 1 ? 0 : a.strides[i]
  return out
}

/** Converts an operand (NDArray, number or nested arrays) to an NDArray. */
export function asArray(x: Operand): NDArray {
  if (x instanceof NDArray) return x
  if (typeof x === 'number') return new NDArray(Float32Array.of(x), [])
  if (Array.isArray(x)) return array(x)
  throw new Error(`expected an NDArray, a number or nested arrays of numbers, got ${describe(x)}`)
}

function describe(x: unknown): string {
  if (x === null) return 'null'
  if (x === undefined) return 'undefined'
  if (typeof x === 'object') return (x as object).constructor?.name ?? 'object'
  return `${typeof x} ${String(x)}`
}

// ================================================================== creation

/**
 * Creates an array from nested JS arrays, a number, a typed array or another
 * NDArray (always copies). With `shape`, the values are reshaped (one -1 allowed).
 */
export function array(data: Operand | ArrayLike<number>, shape?: ShapeLike): NDArray {
  let out: NDArray
  if (data instanceof NDArray) out = data.copy()
  else if (typeof data === 'number') out = new NDArray(Float32Array.of(data), [])
  else if (ArrayBuffer.isView(data)) out = new NDArray(Float32Array.from(data as ArrayLike<number>))
  else if (Array.isArray(data)) out = fromNested(data)
  else throw new Error(`array() expects nested arrays of numbers, a number, a typed array or an NDArray, got ${describe(data)}`)
  if (shape !== undefined) {
    const target = typeof shape === 'number' ? [shape] : Array.from(shape)
    out = reshape(out, target)
  }
  return out
}

function fromNested(data: NestedArray[]): NDArray {
  const shape: number[] = []
  let probe: NestedArray = data
  while (Array.isArray(probe)) {
    shape.push(probe.length)
    if (probe.length === 0) break
    probe = probe[0]
  }
  const out = new Float32Array(shapeSize(shape))
  let pos = 0
  const walk = (node: NestedArray, depth: number): void => {
    if (depth === shape.length) {
      if (typeof node !== 'number') {
        throw new Error(
          `array(): ragged nested array: expected a number at depth ${depth}, got ${Array.isArray(node) ? 'an array' : describe(node)}`
        )
      }
      out[pos++] = node
      return
    }
    if (!Array.isArray(node)) {
      throw new Error(`array(): ragged nested array: expected a list of length ${shape[depth]} at depth ${depth}, got ${describe(node)}`)
    }
    if (node.length !== shape[depth]) {
      throw new Error(`array(): ragged nested array: expected length ${shape[depth]} at depth ${depth}, got length ${node.length}`)
    }
    for (const child of node) walk(child, depth + 1)
  }
  walk(data, 0)
  return new NDArray(out, shape)
}

/** All zeros. */
export function zeros(shape: ShapeLike): NDArray {
  const s = normalizeShape(shape)
  return new NDArray(new Float32Array(shapeSize(s)), s)
}

/** All ones. */
export function ones(shape: ShapeLike): NDArray {
  return full(shape, 1)
}

/** Every element equal to `value`. */
export function full(shape: ShapeLike, value: number): NDArray {
  const s = normalizeShape(shape)
  return new NDArray(new Float32Array(shapeSize(s)).fill(value), s)
}

export function zerosLike(a: NDArray): NDArray {
  return zeros(a.shape)
}
export function onesLike(a: NDArray): NDArray {
  return ones(a.shape)
}
export function fullLike(a: NDArray, value: number): NDArray {
  return full(a.shape, value)
}

/** `arange(stop)` or `arange(start, stop, step = 1)`: evenly spaced values in [start, stop). */
export function arange(start: number, stop?: number, step = 1): NDArray {
  if (stop === undefined) {
    stop = start
    start = 0
  }
  if (step === 0 || !isFiniteNumber(step)) throw new Error('arange(): step must be a non-zero finite number')
  const n = M.max(0, M.ceil((stop - start) / step))
  const out = new Float32Array(n)
  for (let i = 0; i < n; i++) out[i] = start + i * step
  return new NDArray(out, [n])
}

/** `num` evenly spaced values from `start` to `stop`, both included. */
export function linspace(start: number, stop: number, num = 50): NDArray {
  if (!isInteger(num) || num < 0) throw new Error(`linspace(): num must be a non-negative integer, got ${num}`)
  const out = new Float32Array(num)
  const step = num > 1 ? (stop - start) / (num - 1) : 0
  for (let i = 0; i < num; i++) out[i] = start + i * step
  if (num > 1) out[num - 1] = stop
  return new NDArray(out, [num])
}

/** Identity matrix of shape [n, m] (m defaults to n). */
export function eye(n: number, m = n): NDArray {
  const out = zeros([n, m])
  for (let i = 0; i < M.min(n, m); i++) out.data[i * m + i] = 1
  return out
}

// ======================================================= element-wise binary

type BinKernel = (
  o: Float32Array,
  oi: number,
  os: number,
  x: Float32Array,
  xi: number,
  xs: number,
  y: Float32Array,
  yi: number,
  ys: number,
  n: number
) => void

// One tight loop per operation keeps each loop monomorphic for the JIT.
const kAdd: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) o[oi] = x[xi] + y[yi]
}
const kSub: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) o[oi] = x[xi] - y[yi]
}
const kMul: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) o[oi] = x[xi] * y[yi]
}
const kDiv: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) o[oi] = x[xi] / y[yi]
}
const kPow: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) o[oi] = M.pow(x[xi], y[yi])
}
const kMax: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) {
    const a = x[xi],
      b = y[yi]
    o[oi] = a >= b || a !== a ? a : b
  }
}
const kMin: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) {
    const a = x[xi],
      b = y[yi]
    o[oi] = a <= b || a !== a ? a : b
  }
}
const kGt: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) o[oi] = x[xi] > y[yi] ? 1 : 0
}
const kGe: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) o[oi] = x[xi] >= y[yi] ? 1 : 0
}
const kLt: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) o[oi] = x[xi] < y[yi] ? 1 : 0
}
const kLe: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) o[oi] = x[xi] <= y[yi] ? 1 : 0
}
const kEq: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) o[oi] = x[xi] === y[yi] ? 1 : 0
}
const kNe: BinKernel = (o, oi, os, x, xi, xs, y, yi, ys, n) => {
  for (let t = 0; t < n; t++, oi += os, xi += xs, yi += ys) o[oi] = x[xi] !== y[yi] ? 1 : 0
}

/**
 * Loops for the common layouts, where no stride bookkeeping is needed: both operands contiguous with
 * the output's shape (`same`), or the right one a single number (`scalar`). About 1.6× the strided loop.
 */
interface FastPaths {
  same: (o: Float32Array, x: Float32Array, xi: number, y: Float32Array, yi: number, n: number) => void
  scalar: (o: Float32Array, x: Float32Array, xi: number, c: number, n: number) => void
  /** The right operand is one row repeated over the left one's leading axes (a bias): o[r·len + j] = x[…] ∘ y[j]. */
  row: (o: Float32Array, x: Float32Array, xi: number, y: Float32Array, yi: number, rows: number, len: number) => void
}

const fastAdd: FastPaths = {
  same: (o, x, xi, y, yi, n) => {
    for (let i = 0; i < n; i++) o[i] = x[xi + i] + y[yi + i]
  },
  scalar: (o, x, xi, c, n) => {
    for (let i = 0; i < n; i++) o[i] = x[xi + i] + c
  },
  row: (o, x, xi, y, yi, rows, len) => {
    for (let r = 0, p = 0; r < rows; r++) for (let j = 0; j < len; j++, p++) o[p] = x[xi + p] + y[yi + j]
  }
}
const fastSub: FastPaths = {
  same: (o, x, xi, y, yi, n) => {
    for (let i = 0; i < n; i++) o[i] = x[xi + i] - y[yi + i]
  },
  scalar: (o, x, xi, c, n) => {
    for (let i = 0; i < n; i++) o[i] = x[xi + i] - c
  },
  row: (o, x, xi, y, yi, rows, len) => {
    for (let r = 0, p = 0; r < rows; r++) for (let j = 0; j < len; j++, p++) o[p] = x[xi + p] - y[yi + j]
  }
}
const fastMul: FastPaths = {
  same: (o, x, xi, y, yi, n) => {
    for (let i = 0; i < n; i++) o[i] = x[xi + i] * y[yi + i]
  },
  scalar: (o, x, xi, c, n) => {
    for (let i = 0; i < n; i++) o[i] = x[xi + i] * c
  },
  row: (o, x, xi, y, yi, rows, len) => {
    for (let r = 0, p = 0; r < rows; r++) for (let j = 0; j < len; j++, p++) o[p] = x[xi + p] * y[yi + j]
  }
}
const fastDiv: FastPaths = {
  same: (o, x, xi, y, yi, n) => {
    for (let i = 0; i < n; i++) o[i] = x[xi + i] / y[yi + i]
  },
  scalar: (o, x, xi, c, n) => {
    for (let i = 0; i < n; i++) o[i] = x[xi + i] / c
  },
  row: (o, x, xi, y, yi, rows, len) => {
    for (let r = 0, p = 0; r < rows; r++) for (let j = 0; j < len; j++, p++) o[p] = x[xi + p] / y[yi + j]
  }
}

/** True when `b` (ignoring leading 1s) equals the last dimensions of `a`, so it repeats over a's leading axes. */
function isTrailingRow(b: readonly number[], a: readonly number[]): boolean {
  let start = 0
  while (start < b.length && b[start] === 1) start++
  const k = b.length - start
  if (k === 0 || k > a.length) return false
  for (let i = 0; i < k; i++) if (b[start + i] !== a[a.length - k + i]) return false
  return true
}

function binary(a: Operand, b: Operand, kernel: BinKernel, fast?: FastPaths): NDArray {
  const A = asArray(a)
  const B = asArray(b)
  if (fast && A.isContiguous) {
    if (B.size === 1 && B.ndim <= A.ndim) {
      const out = new Float32Array(A.size)
      fast.scalar(out, A.data, A.offset, B.data[B.offset], A.size)
      return new NDArray(out, A.shape)
    }
    if (B.isContiguous && shapesEqual(A.shape, B.shape)) {
      const out = new Float32Array(A.size)
      fast.same(out, A.data, A.offset, B.data, B.offset, A.size)
      return new NDArray(out, A.shape)
    }
    if (B.isContiguous && B.size > 1 && isTrailingRow(B.shape, A.shape)) {
      const out = new Float32Array(A.size)
      fast.row(out, A.data, A.offset, B.data, B.offset, A.size / B.size, B.size)
      return new NDArray(out, A.shape)
    }
  }
  const shape = broadcastShapes(A.shape, B.shape)
  const out = new Float32Array(shapeSize(shape))
  forEachRow(shape, [rowMajorStrides(shape), broadcastStrides(A, shape), broadcastStrides(B, shape)], [0, A.offset, B.offset], (o, s, n) =>
    kernel(out, o[0], s[0], A.data, o[1], s[1], B.data, o[2], s[2], n)
  )
  return new NDArray(out, shape)
}

/** a + b, broadcasting. */
export function add(a: Operand, b: Operand): NDArray {
  return binary(a, b, kAdd, fastAdd)
}
/** a - b, broadcasting. */
export function sub(a: Operand, b: Operand): NDArray {
  return binary(a, b, kSub, fastSub)
}
/** a * b (element-wise), broadcasting. */
export function mul(a: Operand, b: Operand): NDArray {
  return binary(a, b, kMul, fastMul)
}
/** a / b, broadcasting. */
export function div(a: Operand, b: Operand): NDArray {
  return binary(a, b, kDiv, fastDiv)
}
/** a ** b, broadcasting. */
export function pow(a: Operand, b: Operand): NDArray {
  return binary(a, b, kPow)
}
/** Element-wise larger value (NaN propagates). */
export function maximum(a: Operand, b: Operand): NDArray {
  return binary(a, b, kMax)
}
/** Element-wise smaller value (NaN propagates). */
export function minimum(a: Operand, b: Operand): NDArray {
  return binary(a, b, kMin)
}
/** 1 where a > b, else 0. */
export function greater(a: Operand, b: Operand): NDArray {
  return binary(a, b, kGt)
}
/** 1 where a >= b, else 0. */
export function greaterEqual(a: Operand, b: Operand): NDArray {
  return binary(a, b, kGe)
}
/** 1 where a < b, else 0. */
export function less(a: Operand, b: Operand): NDArray {
  return binary(a, b, kLt)
}
/** 1 where a <= b, else 0. */
export function lessEqual(a: Operand, b: Operand): NDArray {
  return binary(a, b, kLe)
}
/** 1 where a == b, else 0. */
export function equal(a: Operand, b: Operand): NDArray {
  return binary(a, b, kEq)
}
/** 1 where a != b, else 0. */
export function notEqual(a: Operand, b: Operand): NDArray {
  return binary(a, b, kNe)
}

/** Picks `a` where `cond` is non-zero and `b` elsewhere; all three broadcast together. */
export function where(cond: Operand, a: Operand, b: Operand): NDArray {
  const C = asArray(cond),
    A = asArray(a),
    B = asArray(b)
  let shape: number[]
  try {
    shape = broadcastShapes(C.shape, A.shape, B.shape)
  } catch {
    throw new Error(`where(): cannot broadcast shapes ${formatShape(C.shape)}, ${formatShape(A.shape)} and ${formatShape(B.shape)}`)
  }
  const c = readFlat(broadcastTo(C, shape))
  const x = readFlat(broadcastTo(A, shape))
  const y = readFlat(broadcastTo(B, shape))
  const out = new Float32Array(c.length)
  for (let i = 0; i < out.length; i++) out[i] = c[i] !== 0 ? x[i] : y[i]
  return new NDArray(out, shape)
}

/**
 * Writes `value` (broadcast to `target`'s shape) into `target`'s storage, in
 * place. Works through views: `assign(a.slice([0, 2]), 0)` zeroes two rows of a.
 */
export function assign(target: NDArray, value: Operand): NDArray {
  const V = asArray(value)
  let strides: number[]
  try {
    strides = broadcastStrides(broadcastTo(V, target.shape), target.shape)
  } catch {
    throw new Error(`assign(): cannot broadcast value of shape ${formatShape(V.shape)} into target of shape ${formatShape(target.shape)}`)
  }
  // Copy the source first in case it overlaps the target's storage.
  const src = V.data === target.data ? V.copy() : V
  if (src !== V) strides = broadcastStrides(src, target.shape)
  const o = target.data,
    x = src.data
  forEachRow(target.shape, [target.strides, strides], [target.offset, src.offset], (offs, steps, n) => {
    let oi = offs[0],
      xi = offs[1]
    const os = steps[0],
      xs = steps[1]
    for (let t = 0; t < n; t++, oi += os, xi += xs) o[oi] = x[xi]
  })
  return target
}

// ======================================================== element-wise unary

function unary(a: Operand, kernel: (o: Float32Array, x: Float32Array, n: number) => void): NDArray {
  const A = asArray(a)
  const x = readFlat(A)
  const out = new Float32Array(x.length)
  kernel(out, x, x.length)
  return new NDArray(out, A.shape)
}

export function neg(a: Operand): NDArray {
  return unary(a, (o, x, n) => {
    for (let i = 0; i < n; i++) o[i] = -x[i]
  })
}
export function exp(a: Operand): NDArray {
  return unary(a, (o, x, n) => {
    for (let i = 0; i < n; i++) o[i] = M.exp(x[i])
  })
}
/** Natural logarithm (log(0) = -Infinity, log of a negative = NaN). */
export function log(a: Operand): NDArray {
  return unary(a, (o, x, n) => {
    for (let i = 0; i < n; i++) o[i] = M.log(x[i])
  })
}
export function tanh(a: Operand): NDArray {
  return unary(a, (o, x, n) => {
    for (let i = 0; i < n; i++) o[i] = M.tanh(x[i])
  })
}
export function sqrt(a: Operand): NDArray {
  return unary(a, (o, x, n) => {
    for (let i = 0; i < n; i++) o[i] = M.sqrt(x[i])
  })
}
export function abs(a: Operand): NDArray {
  return unary(a, (o, x, n) => {
    for (let i = 0; i < n; i++) o[i] = M.abs(x[i])
  })
}
/** -1, 0 or 1 according to the sign of each element. */
export function sign(a: Operand): NDArray {
  return unary(a, (o, x, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i]
      o[i] = v > 0 ? 1 : v < 0 ? -1 : v /* keeps 0, -0 and NaN */
    }
  })
}
/** max(x, 0). */
export function relu(a: Operand): NDArray {
  return unary(a, (o, x, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i]
      o[i] = Math.max(v, 0)
    }
  })
}
/** Limits every element to [min, max]. */
export function clip(a: Operand, min: number, max: number): NDArray {
  if (min > max) throw new Error(`clip(): min (${min}) must not be greater than max (${max})`)
  return unary(a, (o, x, n) => {
    for (let i = 0; i < n; i++) {
      const v = x[i]
      o[i] = v < min ? min : Math.min(v, max)
    }
  })
}
/** Applies any JS function element-wise (flexible but slower than the built-ins). */
export function map(a: Operand, fn: (x: number) => number): NDArray {
  return unary(a, (o, x, n) => {
    for (let i = 0; i < n; i++) o[i] = fn(x[i])
  })
}

// ================================================================ reductions

/**
 * Arranges `a` as a contiguous [outer, n, inner] block where `n` spans the
 * reduced axes, and computes the output shape.
 */
function prepareReduction(a: NDArray, axis: Axis | undefined, keepdims: boolean, name: string) {
  const axes = axis === undefined ? a.shape.map((_, i) => i) : normalizeAxesFor(axis, a, name)
  const reduced = new Set(axes)
  const outShape: number[] = []
  a.shape.forEach((d, i) => {
    if (!reduced.has(i)) outShape.push(d)
    else if (keepdims) outShape.push(1)
  })
  let outer = 1,
    n = 1,
    inner = 1
  let x: Float32Array
  const isRun = axes.every((ax, i) => i === 0 || ax === axes[i - 1] + 1)
  if (axes.length === 0) {
    x = readFlat(a)
    outer = a.size
  } else if (isRun) {
    // reduced axes are adjacent: no transpose needed
    const first = axes[0],
      last = axes[axes.length - 1]
    a.shape.forEach((d, i) => {
      if (i < first) outer *= d
      else if (i > last) inner *= d
      else n *= d
    })
    x = readFlat(a)
  } else {
    const kept = a.shape.map((_, i) => i).filter((i) => !reduced.has(i))
    const perm = kept.concat(axes)
    for (const i of kept) outer *= a.shape[i]!
    for (const i of axes) n *= a.shape[i]!
    x = readFlat(transpose(a, perm))
  }
  return { x, outer, n, inner, outShape }
}

function normalizeAxesFor(axis: Axis, a: NDArray, name: string): number[] {
  try {
    return normalizeAxes(axis, a.ndim)
  } catch (e) {
    throw new Error(`${name}(): ${(e as Error).message} (array shape ${formatShape(a.shape)})`)
  }
}

/** Sum of elements over `axis` (all axes when omitted). */
export function sum(a: Operand, axis?: Axis, keepdims = false): NDArray {
  const A = asArray(a)
  const { x, outer, n, inner, outShape } = prepareReduction(A, axis, keepdims, 'sum')
  const out = new Float32Array(outer * inner)
  if (inner === 1) {
    // One sum per output: keep it in a local (a register) instead of a one-element array, about 5× faster.
    for (let o = 0, p = 0; o < outer; o++) {
      let acc = 0
      for (let j = 0; j < n; j++) acc += x[p++]
      out[o] = acc
    }
    return new NDArray(out, outShape)
  }
  const acc = new Float64Array(inner)
  for (let o = 0; o < outer; o++) {
    acc.fill(0)
    let p = o * n * inner
    for (let j = 0; j < n; j++) for (let i = 0; i < inner; i++) acc[i] += x[p++]
    out.set(acc, o * inner)
  }
  return new NDArray(out, outShape)
}

/** Arithmetic mean over `axis` (all axes when omitted). */
export function mean(a: Operand, axis?: Axis, keepdims = false): NDArray {
  const A = asArray(a)
  const { n } = countReduced(A, axis, 'mean')
  if (n === 0) throw new Error(`mean(): cannot take the mean over zero elements (shape ${formatShape(A.shape)})`)
  const s = sum(A, axis, keepdims)
  const d = s.data
  for (let i = 0; i < d.length; i++) d[i] /= n
  return s
}

function countReduced(a: NDArray, axis: Axis | undefined, name: string): { n: number } {
  if (axis === undefined) return { n: a.size }
  let n = 1
  for (const i of normalizeAxesFor(axis, a, name)) n *= a.shape[i]
  return { n }
}

function extreme(a: Operand, axis: Axis | undefined, keepdims: boolean, isMax: boolean): NDArray {
  const A = asArray(a)
  const name = isMax ? 'max' : 'min'
  const { x, outer, n, inner, outShape } = prepareReduction(A, axis, keepdims, name)
  if (n === 0) throw new Error(`${name}(): cannot reduce an empty axis (shape ${formatShape(A.shape)})`)
  const out = new Float32Array(outer * inner)
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner
    const ob = o * inner
    for (let i = 0; i < inner; i++) out[ob + i] = x[base + i]
    for (let j = 1; j < n; j++) {
      const row = base + j * inner
      for (let i = 0; i < inner; i++) {
        const v = x[row + i]
        const cur = out[ob + i]
        if (isMax ? v > cur || v !== v : v < cur || v !== v) out[ob + i] = v
      }
    }
  }
  return new NDArray(out, outShape)
}

/** Largest element over `axis` (all axes when omitted). */
export function max(a: Operand, axis?: Axis, keepdims = false): NDArray {
  return extreme(a, axis, keepdims, true)
}
/** Smallest element over `axis` (all axes when omitted). */
export function min(a: Operand, axis?: Axis, keepdims = false): NDArray {
  return extreme(a, axis, keepdims, false)
}

function argExtreme(a: Operand, axis: number | undefined, keepdims: boolean, isMax: boolean): NDArray {
  const A = asArray(a)
  const name = isMax ? 'argmax' : 'argmin'
  if (axis !== undefined && typeof axis !== 'number') throw new Error(`${name}() takes a single axis`)
  const { x, outer, n, inner, outShape } = prepareReduction(A, axis, keepdims, name)
  if (n === 0) throw new Error(`${name}(): cannot reduce an empty axis (shape ${formatShape(A.shape)})`)
  const out = new Float32Array(outer * inner)
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner
    for (let i = 0; i < inner; i++) {
      let best = x[base + i]
      let bi = 0
      for (let j = 1; j < n && best === best; j++) {
        const v = x[base + j * inner + i]
        if (isMax ? v > best || v !== v : v < best || v !== v) {
          best = v
          bi = j
        }
      }
      out[o * inner + i] = bi
    }
  }
  return new NDArray(out, outShape)
}

/**
 * Index of the largest element along `axis` (first one on ties). Without an
 * axis, the index into the flattened (row-major) array.
 */
export function argmax(a: Operand, axis?: number, keepdims = false): NDArray {
  return argExtreme(a, axis, keepdims, true)
}
/** Index of the smallest element along `axis` (see argmax). */
export function argmin(a: Operand, axis?: number, keepdims = false): NDArray {
  return argExtreme(a, axis, keepdims, false)
}

/** Variance over `axis`: mean((x - mean(x))^2) * n / (n - ddof). ddof = 0 is the population variance. */
export function variance(a: Operand, axis?: Axis, keepdims = false, ddof = 0): NDArray {
  const A = asArray(a)
  const { x, outer, n, inner, outShape } = prepareReduction(A, axis, keepdims, 'var')
  if (n - ddof <= 0) throw new Error(`var(): need more than ddof=${ddof} elements, got ${n} (shape ${formatShape(A.shape)})`)
  const out = new Float32Array(outer * inner)
  const mu = new Float64Array(inner)
  const acc = new Float64Array(inner)
  for (let o = 0; o < outer; o++) {
    const base = o * n * inner
    mu.fill(0)
    acc.fill(0)
    for (let j = 0; j < n; j++) for (let i = 0; i < inner; i++) mu[i] += x[base + j * inner + i]
    for (let i = 0; i < inner; i++) mu[i] /= n
    for (let j = 0; j < n; j++) {
      for (let i = 0; i < inner; i++) {
        const d = x[base + j * inner + i] - mu[i]
        acc[i] += d * d
      }
    }
    for (let i = 0; i < inner; i++) out[o * inner + i] = acc[i] / (n - ddof)
  }
  return new NDArray(out, outShape)
}
export { variance as var }

/** Standard deviation: sqrt(var). */
export function std(a: Operand, axis?: Axis, keepdims = false, ddof = 0): NDArray {
  const v = variance(a, axis, keepdims, ddof)
  const d = v.data
  for (let i = 0; i < d.length; i++) d[i] = M.sqrt(d[i])
  return v
}

/**
 * softmax along `axis`: e^(x − max) / Σ e^(x − max), computed row by row in one pass over memory
 * (maximum, exponentials and their sum, then the division) instead of five separate array operations.
 */
export function softmax(a: Operand, axis = -1): NDArray {
  return fusedSoftmax(asArray(a), axis, false)
}

/** log softmax along `axis`: (x − max) − log Σ e^(x − max), fused like softmax. */
export function logSoftmax(a: Operand, axis = -1): NDArray {
  return fusedSoftmax(asArray(a), axis, true)
}

function fusedSoftmax(A: NDArray, axis: number, takeLog: boolean): NDArray {
  const name = takeLog ? 'logSoftmax' : 'softmax'
  if (A.ndim === 0) throw new Error(`${name}(): needs at least one dimension, got a 0-d array`)
  const ax = normalizeAxesFor(axis, A, name)[0]
  if (ax !== A.ndim - 1) {
    // Move the axis last, compute, move it back.
    const perm = A.shape.map((_, i) => i)
    perm.splice(ax, 1)
    perm.push(ax)
    const inverse = perm.map((_, i) => perm.indexOf(i))
    return transpose(fusedSoftmax(transpose(A, perm), -1, takeLog), inverse).copy()
  }
  const x = readFlat(A)
  const n = A.shape[ax]
  const out = new Float32Array(x.length)
  if (n === 0) return new NDArray(out, A.shape)
  for (let r = 0; r < x.length; r += n) {
    let m = x[r]
    for (let j = 1; j < n; j++) if (x[r + j] > m) m = x[r + j]
    let s = 0
    for (let j = 0; j < n; j++) {
      const e = M.exp(x[r + j] - m)
      out[r + j] = e
      s += e
    }
    if (takeLog) {
      const lse = M.log(s)
      for (let j = 0; j < n; j++) out[r + j] = x[r + j] - m - lse
    } else {
      const inv = 1 / s
      for (let j = 0; j < n; j++) out[r + j] *= inv
    }
  }
  return new NDArray(out, A.shape)
}

/**
 * Reduces a broadcast result back to `shape` by summing over the axes that
 * broadcasting added or stretched. Autograd uses it so that the gradient of
 * `x + b` with respect to `b` has `b`'s shape.
 */
export function sumTo(a: Operand, shape: ShapeLike): NDArray {
  const A = asArray(a)
  const target = normalizeShape(shape)
  const lead = A.ndim - target.length
  const bad = () =>
    new Error(
      `sumTo(): cannot reduce shape ${formatShape(A.shape)} to ${formatShape(target)}; the target must broadcast to the source shape`
    )
  if (lead < 0) throw bad()
  const axes: number[] = []
  for (let i = 0; i < lead; i++) axes.push(i)
  for (let i = 0; i < target.length; i++) {
    const s = A.shape[lead + i],
      t = target[i]
    if (t === s) continue
    if (t === 1) axes.push(lead + i)
    else throw bad()
  }
  if (axes.length === 0) return A.copy()
  return reshape(sum(A, axes, true), target)
}

/** True when |a - b| <= atol + rtol * |b| everywhere (shapes broadcast; NaN never matches). */
export function allclose(a: Operand, b: Operand, rtol = 1e-5, atol = 1e-8): boolean {
  const A = asArray(a),
    B = asArray(b)
  let shape: number[]
  try {
    shape = broadcastShapes(A.shape, B.shape)
  } catch {
    return false
  }
  const x = readFlat(broadcastTo(A, shape))
  const y = readFlat(broadcastTo(B, shape))
  for (let i = 0; i < x.length; i++) {
    const u = x[i],
      v = y[i]
    if (u === v) continue // equal infinities
    if (!(M.abs(u - v) <= atol + rtol * M.abs(v))) return false
  }
  return true
}

// ==================================================================== matmul

/**
 * Matrix product with NumPy `@` semantics:
 *  - [m,k] @ [k,n] -> [m,n]
 *  - [m,k] @ [k] -> [m]      and  [k] @ [k,n] -> [n]    and  [k] @ [k] -> []
 *  - [...batch, m, k] @ [...batch, k, n] -> [...batch, m, n], batch dims broadcast.
 */
export function matmul(a: Operand, b: Operand): NDArray {
  const A0 = asArray(a),
    B0 = asArray(b)
  if (A0.ndim === 0 || B0.ndim === 0) {
    throw new Error(
      `matmul(): arguments must have at least 1 dimension, got shapes ${formatShape(A0.shape)} and ${formatShape(B0.shape)}; use mul() to multiply by a scalar`
    )
  }
  const aVec = A0.ndim === 1,
    bVec = B0.ndim === 1
  const A = aVec ? reshape(A0, [1, A0.shape[0]]) : A0
  const B = bVec ? reshape(B0, [B0.shape[0], 1]) : B0
  const m = A.shape[A.ndim - 2],
    k = A.shape[A.ndim - 1]
  const k2 = B.shape[B.ndim - 2],
    n = B.shape[B.ndim - 1]
  if (k !== k2) {
    throw new Error(
      `matmul(): shapes ${formatShape(A0.shape)} and ${formatShape(B0.shape)} are not aligned: ${k} (last dim of a) != ${k2} (${bVec ? 'only' : 'second-to-last'} dim of b)`
    )
  }
  const aBatch = A.shape.slice(0, -2),
    bBatch = B.shape.slice(0, -2)
  let batch: number[]
  try {
    batch = broadcastShapes(aBatch, bBatch)
  } catch {
    throw new Error(
      `matmul(): cannot broadcast batch dimensions ${formatShape(aBatch)} and ${formatShape(bBatch)} (shapes ${formatShape(A0.shape)} and ${formatShape(B0.shape)})`
    )
  }
  const outShape = [...batch, m, n]
  const out = new Float32Array(shapeSize(outShape))
  const Ac = A.contiguous(),
    Bc = B.contiguous()
  const nb = shapeSize(batch)
  if (shapeSize(bBatch) === 1 && shapesEqual(aBatch, batch)) {
    // B is one matrix shared by every batch: fold the batch into the rows of A.
    matmulKernel(Ac.data, Ac.offset, Bc.data, Bc.offset, out, 0, nb * m, k, n)
  } else if (nb > 0) {
    const aStr = batchStrides(aBatch, batch, m * k)
    const bStr = batchStrides(bBatch, batch, k * n)
    const idx = new Array<number>(batch.length).fill(0)
    for (let t = 0; t < nb; t++) {
      let ao = Ac.offset,
        bo = Bc.offset
      for (let d = 0; d < batch.length; d++) {
        ao += idx[d] * aStr[d]
        bo += idx[d] * bStr[d]
      }
      matmulKernel(Ac.data, ao, Bc.data, bo, out, t * m * n, m, k, n)
      for (let d = batch.length - 1; d >= 0; d--) {
        if (++idx[d] < batch[d]) break
        idx[d] = 0
      }
    }
  }
  let finalShape = outShape
  if (aVec && bVec) finalShape = batch
  else if (aVec) finalShape = [...batch, n]
  else if (bVec) finalShape = [...batch, m]
  return new NDArray(out, finalShape)
}

/** Element strides (per matrix of `matSize`) of a contiguous batch, 0 on broadcast dims. */
function batchStrides(own: readonly number[], batch: readonly number[], matSize: number): number[] {
  const lead = batch.length - own.length
  const out = new Array<number>(batch.length).fill(0)
  let acc = matSize
  for (let i = own.length - 1; i >= 0; i--) {
    out[lead + i] = own[i] === 1 ? 0 : acc
    acc *= own[i]
  }
  return out
}

// ============================================================ shape changes

/** Same data, new shape (one dimension may be -1). A view when `a` is contiguous. */
export function reshape(a: NDArray, shape: ShapeLike): NDArray {
  const target = typeof shape === 'number' ? [shape] : Array.from(shape)
  const s = resolveReshape(a.size, a.shape, target)
  const src = a.contiguous()
  return new NDArray(src.data, s, rowMajorStrides(s), src.offset)
}

/** Contiguous 1-D copy. */
export function flatten(a: NDArray): NDArray {
  return new NDArray(a.toFloat32Array(), [a.size])
}

/** Permutes axes (reverses them by default). Returns a view. */
export function transpose(a: NDArray, axes?: readonly number[]): NDArray {
  const nd = a.ndim
  const perm = axes === undefined ? a.shape.map((_, i) => nd - 1 - i) : axes.map((ax) => normalizeAxis(ax, nd))
  if (perm.length !== nd || new Set(perm).size !== nd) {
    throw new Error(`transpose(): axes ${formatShape(axes ?? [])} are not a permutation of the ${nd} axes of shape ${formatShape(a.shape)}`)
  }
  return new NDArray(
    a.data,
    perm.map((p) => a.shape[p]),
    perm.map((p) => a.strides[p]),
    a.offset
  )
}

/** Exchanges two axes. Returns a view. */
export function swapaxes(a: NDArray, axis1: number, axis2: number): NDArray {
  const perm = a.shape.map((_, i) => i)
  const i = normalizeAxis(axis1, a.ndim, 'axis1')
  const j = normalizeAxis(axis2, a.ndim, 'axis2')
  perm[i] = j
  perm[j] = i
  return transpose(a, perm)
}

/** Inserts a length-1 axis at position `axis` (-1 appends). Returns a view. */
export function expandDims(a: NDArray, axis: number): NDArray {
  const ax = normalizeAxis(axis, a.ndim + 1)
  const shape = a.shape.slice()
  const strides = a.strides.slice()
  shape.splice(ax, 0, 1)
  strides.splice(ax, 0, ax < a.ndim ? a.strides[ax] * a.shape[ax] : 1)
  return new NDArray(a.data, shape, strides, a.offset)
}

/** Removes length-1 axes (all of them, or just the given ones). Returns a view. */
export function squeeze(a: NDArray, axis?: Axis): NDArray {
  let drop: Set<number>
  if (axis === undefined) {
    drop = new Set(a.shape.map((d, i) => (d === 1 ? i : -1)).filter((i) => i >= 0))
  } else {
    drop = new Set(normalizeAxesFor(axis, a, 'squeeze'))
    for (const i of drop) {
      if (a.shape[i] !== 1)
        throw new Error(`squeeze(): cannot remove axis ${i} of shape ${formatShape(a.shape)} because its length is ${a.shape[i]}, not 1`)
    }
  }
  const shape: number[] = [],
    strides: number[] = []
  a.shape.forEach((d, i) => {
    if (!drop.has(i)) {
      shape.push(d)
      strides.push(a.strides[i])
    }
  })
  return new NDArray(a.data, shape, strides, a.offset)
}

/**
 * A read-only view of `a` repeated along broadcast axes (stride 0). Writing
 * into the result writes the shared source elements.
 */
export function broadcastTo(a: NDArray, shape: ShapeLike): NDArray {
  const target = normalizeShape(shape)
  const fail = () => new Error(`cannot broadcast shape ${formatShape(a.shape)} to ${formatShape(target)}`)
  if (target.length < a.ndim) throw fail()
  const lead = target.length - a.ndim
  for (let i = 0; i < a.ndim; i++) {
    const s = a.shape[i],
      t = target[lead + i]
    if (s !== t && s !== 1) throw fail()
  }
  return new NDArray(a.data, target, broadcastStrides(a, target), a.offset)
}

/**
 * Strided view, one spec per leading axis: `[start, stop, step]` ranges with
 * Python semantics, `null` for a whole axis, or an integer to pick one index
 * (dropping that axis). Missing trailing specs select whole axes.
 * Example: `slice(x, [0, 4, 2], null, -1)` = NumPy `x[0:4:2, :, -1]`.
 */
export function slice(a: NDArray, ...ranges: SliceSpec[]): NDArray {
  if (ranges.length > a.ndim) {
    throw new Error(
      `slice(): got ${ranges.length} ranges for an array with ${a.ndim} dimension${a.ndim === 1 ? '' : 's'} (shape ${formatShape(a.shape)})`
    )
  }
  const shape: number[] = [],
    strides: number[] = []
  let offset = a.offset
  let empty = false
  for (let ax = 0; ax < a.ndim; ax++) {
    const len = a.shape[ax],
      st = a.strides[ax]
    const spec = ax < ranges.length ? ranges[ax] : null
    if (spec === null || spec === undefined) {
      shape.push(len)
      strides.push(st)
      continue
    }
    if (typeof spec === 'number') {
      if (!isInteger(spec)) throw new Error(`slice(): index ${spec} on axis ${ax} is not an integer`)
      const k = spec < 0 ? spec + len : spec
      if (k < 0 || k >= len) throw new Error(`slice(): index ${spec} is out of bounds for axis ${ax} with size ${len}`)
      offset += k * st
      continue
    }
    if (!Array.isArray(spec)) throw new Error(`slice(): spec for axis ${ax} must be [start, stop, step], null or an integer`)
    const [start, stop, step] = resolveRange(spec, len, ax)
    const count =
      step > 0 ? (start < stop ? M.floor((stop - start - 1) / step) + 1 : 0) : stop < start ? M.floor((start - stop - 1) / -step) + 1 : 0
    if (count === 0) empty = true
    else offset += start * st
    shape.push(count)
    strides.push(st * step)
  }
  return new NDArray(a.data, shape, strides, empty ? 0 : offset)
}

function resolveRange(
  spec: readonly [start?: number | null, stop?: number | null, step?: number | null],
  len: number,
  ax: number
): [number, number, number] {
  const step = spec[2] ?? 1
  if (!isInteger(step) || step === 0) throw new Error(`slice(): step on axis ${ax} must be a non-zero integer, got ${step}`)
  const lower = step > 0 ? 0 : -1
  const upper = step > 0 ? len : len - 1
  const fix = (v: number | null | undefined, dflt: number, what: string): number => {
    if (v === null || v === undefined) return dflt
    if (!isInteger(v)) throw new Error(`slice(): ${what} on axis ${ax} must be an integer, got ${v}`)
    return v < 0 ? M.max(v + len, lower) : M.min(v, upper)
  }
  const start = fix(spec[0], step > 0 ? lower : upper, 'start')
  const stop = fix(spec[1], step > 0 ? upper : lower, 'stop')
  return [start, stop, step]
}

/** Joins arrays along an existing axis. */
export function concatenate(arrays: readonly Operand[], axis = 0): NDArray {
  if (arrays.length === 0) throw new Error('concatenate(): need at least one array')
  const arrs = arrays.map(asArray)
  const first = arrs[0]
  if (first.ndim === 0) throw new Error('concatenate(): cannot concatenate 0-d arrays; use stack() instead')
  const ax = normalizeAxis(axis, first.ndim)
  let total = 0
  for (const a of arrs) {
    const ok = a.ndim === first.ndim && a.shape.every((d, i) => i === ax || d === first.shape[i])
    if (!ok) {
      throw new Error(`concatenate(): shapes ${arrs.map((x) => formatShape(x.shape)).join(', ')} must match except along axis ${ax}`)
    }
    total += a.shape[ax]
  }
  const outShape = first.shape.slice()
  outShape[ax] = total
  let outer = 1,
    inner = 1
  for (let i = 0; i < ax; i++) outer *= first.shape[i]
  for (let i = ax + 1; i < first.ndim; i++) inner *= first.shape[i]
  const out = new Float32Array(shapeSize(outShape))
  const rowLen = total * inner
  let col = 0
  for (const a of arrs) {
    const chunk = a.shape[ax] * inner
    const src = readFlat(a)
    for (let o = 0; o < outer; o++) out.set(src.subarray(o * chunk, (o + 1) * chunk), o * rowLen + col)
    col += chunk
  }
  return new NDArray(out, outShape)
}

/** Joins same-shaped arrays along a new axis. */
export function stack(arrays: readonly Operand[], axis = 0): NDArray {
  if (arrays.length === 0) throw new Error('stack(): need at least one array')
  const arrs = arrays.map(asArray)
  const s0 = arrs[0].shape
  for (const a of arrs) {
    if (!shapesEqual(a.shape, s0))
      throw new Error(`stack(): all arrays must have the same shape, got ${arrs.map((x) => formatShape(x.shape)).join(', ')}`)
  }
  const ax = normalizeAxis(axis, s0.length + 1)
  return concatenate(
    arrs.map((a) => expandDims(a, ax)),
    ax
  )
}

/**
 * Gathers entries along `axis` (flattened array when omitted). Result shape:
 * a.shape[:axis] + indices.shape + a.shape[axis+1:]. With an embedding table
 * W [vocab, dim], `take(W, tokenIds, 0)` looks up one row per token.
 */
export function take(a: NDArray, indices: Indices, axis?: number): NDArray {
  const src = axis === undefined ? flatten(a) : a
  const ax = axis === undefined ? 0 : normalizeAxis(axis, a.ndim)
  let idxShape: number[]
  let idx: ArrayLike<number>
  if (typeof indices === 'number') {
    idxShape = []
    idx = [indices]
  } else if (indices instanceof NDArray) {
    idxShape = indices.shape.slice()
    idx = readFlat(indices)
  } else if (Array.isArray(indices)) {
    idxShape = [indices.length]
    idx = indices
  } else throw new Error(`take(): indices must be an NDArray, an array of integers or an integer, got ${describe(indices)}`)
  const len = src.shape[ax]
  let outer = 1,
    inner = 1
  for (let i = 0; i < ax; i++) outer *= src.shape[i]
  for (let i = ax + 1; i < src.ndim; i++) inner *= src.shape[i]
  const m = idx.length
  const resolved = new Int32Array(m)
  for (let t = 0; t < m; t++) {
    const v = idx[t]
    if (!isInteger(v)) throw new Error(`take(): index ${v} is not an integer`)
    const k = v < 0 ? v + len : v
    if (k < 0 || k >= len) throw new Error(`take(): index ${v} is out of bounds for axis ${ax} with size ${len}`)
    resolved[t] = k
  }
  const x = readFlat(src)
  const out = new Float32Array(outer * m * inner)
  let p = 0
  for (let o = 0; o < outer; o++) {
    const base = o * len * inner
    if (inner === 1) {
      for (let t = 0; t < m; t++) out[p++] = x[base + resolved[t]]
    } else {
      for (let t = 0; t < m; t++) {
        const s = base + resolved[t] * inner
        out.set(x.subarray(s, s + inner), p)
        p += inner
      }
    }
  }
  const outShape = [...src.shape.slice(0, ax), ...idxShape, ...src.shape.slice(ax + 1)]
  return new NDArray(out, outShape)
}

// ================================================================ printing

function formatNumber(v: number): string {
  if (isInteger(v)) return String(v)
  if (!isFiniteNumber(v)) return String(v)
  const m = M.abs(v)
  if (m >= 1e6 || m < 1e-4) return v.toExponential(4)
  return String(Number(v.toPrecision(6)))
}

function formatArray(a: NDArray): string {
  if (a.size > 1000) return `NDArray(shape=${formatShape(a.shape)}, dtype=float32)`
  const flat = readFlat(a)
  if (a.ndim === 0) return `array(${formatNumber(flat[0])})`
  const strs = Array.from(flat, formatNumber)
  const width = strs.reduce((w, s) => M.max(w, s.length), 0)
  const pad = (s: string) => ' '.repeat(width - s.length) + s
  const rec = (axis: number, start: number, step: number, indent: string): string => {
    const n = a.shape[axis]
    if (axis === a.ndim - 1) {
      const parts: string[] = []
      for (let i = 0; i < n; i++) parts.push(pad(strs[start + i]))
      return `[${parts.join(', ')}]`
    }
    const sub = n === 0 ? 0 : step / n
    const parts: string[] = []
    for (let i = 0; i < n; i++) parts.push(rec(axis + 1, start + i * sub, sub, indent + ' '))
    const sep = ',' + '\n'.repeat(a.ndim - 1 - axis) + indent + ' '
    return `[${parts.join(sep)}]`
  }
  return `array(${rec(0, 0, a.size, '      ')})`
}
