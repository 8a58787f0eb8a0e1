// Shape and index bookkeeping shared by every nd operation.
// Nothing here touches element data: only shapes, strides and axes.

/** A shape argument: a single length (`5`) or a list of lengths (`[2, 3]`). */
export type ShapeLike = number | readonly number[]

/** Formats a shape the way error messages print it: `[2,3]`. */
export function formatShape(shape: readonly number[]): string {
  return `[${shape.join(',')}]`
}

/** Validates a shape argument and returns it as a fresh array. */
export function normalizeShape(shape: ShapeLike, what = 'shape'): number[] {
  const s = typeof shape === 'number' ? [shape] : Array.from(shape)
  for (const d of s) {
    if (!Number.isInteger(d) || d < 0) {
      throw new Error(`${what} ${formatShape(s)} is invalid: every dimension must be a non-negative integer`)
    }
  }
  return s
}

/** Number of elements in an array of the given shape (1 for a 0-d shape). */
export function shapeSize(shape: readonly number[]): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

/** Row-major (C order) strides, in elements, for a shape. */
export function rowMajorStrides(shape: readonly number[]): number[] {
  const strides = new Array<number>(shape.length)
  let acc = 1
  for (let i = shape.length - 1; i >= 0; i--) {
    strides[i] = acc
    acc *= shape[i]
  }
  return strides
}

export function shapesEqual(a: readonly number[], b: readonly number[]): boolean {
  if (a.length !== b.length) return false
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false
  return true
}

/**
 * NumPy broadcasting: align shapes on the right; each pair of dimensions
 * must be equal or one of them must be 1.
 */
export function broadcastShapes(...shapes: (readonly number[])[]): number[] {
  let out: number[] = []
  for (const s of shapes) out = broadcastPair(out, s, shapes)
  return out
}

function broadcastPair(a: readonly number[], b: readonly number[], all: (readonly number[])[]): number[] {
  const n = Math.max(a.length, b.length)
  const out = new Array<number>(n)
  for (let i = 0; i < n; i++) {
    const da = i < n - a.length ? 1 : a[i - (n - a.length)]
    const db = i < n - b.length ? 1 : b[i - (n - b.length)]
    if (da === db || db === 1) out[i] = da
    else if (da === 1) out[i] = db
    else {
      const shown = all.length === 2 ? all : [a, b]
      throw new Error(`cannot broadcast shapes ${shown.map(formatShape).join(' and ')}`)
    }
  }
  return out
}

/** Resolves a possibly negative axis against `ndim`, with a helpful error. */
export function normalizeAxis(axis: number, ndim: number, what = 'axis'): number {
  if (!Number.isInteger(axis)) throw new Error(`${what} must be an integer, got ${axis}`)
  const a = axis < 0 ? axis + ndim : axis
  if (a < 0 || a >= ndim) {
    throw new Error(
      `${what} ${axis} is out of range for an array with ${ndim} dimension${ndim === 1 ? '' : 's'} (valid: ${-ndim}..${ndim - 1})`
    )
  }
  return a
}

/** Resolves one axis or a list of axes; returns sorted unique axes. */
export function normalizeAxes(axis: number | readonly number[], ndim: number): number[] {
  const list = typeof axis === 'number' ? [axis] : axis
  const out = list.map((a) => normalizeAxis(a, ndim))
  const uniq = Array.from(new Set(out)).sort((x, y) => x - y)
  if (uniq.length !== out.length) throw new Error(`repeated axis in ${formatShape(Array.from(list))}`)
  return uniq
}

/**
 * Resolves a reshape target that may contain a single -1 ("infer this
 * dimension") against the number of elements available.
 */
export function resolveReshape(size: number, from: readonly number[], target: readonly number[]): number[] {
  const out = Array.from(target)
  let infer = -1
  let known = 1
  for (let i = 0; i < out.length; i++) {
    const d = out[i]
    if (d === -1) {
      if (infer >= 0) throw new Error(`cannot reshape ${formatShape(from)} to ${formatShape(target)}: only one dimension can be -1`)
      infer = i
    } else if (!Number.isInteger(d) || d < 0) {
      throw new Error(`cannot reshape ${formatShape(from)} to ${formatShape(target)}: dimensions must be non-negative integers or -1`)
    } else known *= d
  }
  if (infer >= 0) {
    if (known === 0 || size % known !== 0) {
      throw new Error(`cannot reshape ${formatShape(from)} (size ${size}) to ${formatShape(target)}: ${size} is not divisible by ${known}`)
    }
    out[infer] = size / known
  } else if (known !== size) {
    throw new Error(`cannot reshape ${formatShape(from)} (size ${size}) to ${formatShape(target)} (size ${known})`)
  }
  return out
}
