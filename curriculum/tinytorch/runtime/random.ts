// Seeded, reproducible random numbers.
//
// Generator: xoshiro128** (Blackman & Vigna), 128 bits of state, seeded
// through splitmix32 so that nearby seeds give unrelated streams. Same seed,
// same sequence, on every machine and every run.

import { NDArray, assign, take } from './ndarray'
import { normalizeShape, shapeSize } from './shape'
import type { ShapeLike } from './shape'

// Hot loops read Math/Number helpers through module-local bindings: inside a
// sandbox (node:vm context) every *global* lookup goes through the context's
// interceptor and costs ~10x more, which dominates loops like exp().
const M = Math
const isInteger = Number.isInteger
const isFiniteNumber = Number.isFinite

const TWO_PI = 2 * M.PI
const INV_2_32 = 1 / 4294967296

function rotl(x: number, k: number): number {
  return (x << k) | (x >>> (32 - k))
}

export class Random {
  private s0 = 0
  private s1 = 0
  private s2 = 0
  private s3 = 0
  private spare: number | null = null

  constructor(seed = 0) {
    this.seed(seed)
  }

  /** Restarts the stream from `seed` (any finite number; fractions are dropped). */
  seed(seed: number): this {
    if (!isFiniteNumber(seed)) throw new Error(`seed must be a finite number, got ${seed}`)
    // splitmix32 expands one 32-bit seed into four well-mixed state words
    const whole = M.trunc(seed)
    let x = ((whole >>> 0) + M.imul(M.floor(whole / 4294967296) | 0, 0x85ebca6b)) | 0
    const next = (): number => {
      x = (x + 0x9e3779b9) | 0
      let t = x ^ (x >>> 16)
      t = M.imul(t, 0x21f0aaad)
      t ^= t >>> 15
      t = M.imul(t, 0x735a2d97)
      return (t ^ (t >>> 15)) | 0
    }
    this.s0 = next()
    this.s1 = next()
    this.s2 = next()
    this.s3 = next()
    this.spare = null
    return this
  }

  /** Next raw 32-bit unsigned integer. */
  nextUint32(): number {
    const result = M.imul(rotl(M.imul(this.s1, 5), 7), 9) >>> 0
    const t = this.s1 << 9
    this.s2 ^= this.s0
    this.s3 ^= this.s1
    this.s1 ^= this.s2
    this.s0 ^= this.s3
    this.s2 ^= t
    this.s3 = rotl(this.s3, 11)
    return result
  }

  /** A float uniformly distributed in [0, 1). */
  random(): number {
    return this.nextUint32() * INV_2_32
  }

  /** One standard normal sample (Box-Muller; the second value of each pair is kept for the next call). */
  gaussian(): number {
    if (this.spare !== null) {
      const v = this.spare
      this.spare = null
      return v
    }
    const u1 = 1 - this.random() // (0, 1]: log(u1) is finite
    const u2 = this.random()
    const r = M.sqrt(-2 * M.log(u1))
    this.spare = r * M.sin(TWO_PI * u2)
    return r * M.cos(TWO_PI * u2)
  }

  /** Array of values uniformly distributed in [lo, hi). */
  uniform(shape: ShapeLike, lo = 0, hi = 1): NDArray {
    const s = normalizeShape(shape)
    const out = new Float32Array(shapeSize(s))
    const w = hi - lo
    for (let i = 0; i < out.length; i++) out[i] = lo + w * this.random()
    return new NDArray(out, s)
  }

  /** Array of values from a normal distribution with the given mean and standard deviation. */
  normal(shape: ShapeLike, mean = 0, std = 1): NDArray {
    if (std < 0) throw new Error(`normal(): std must be >= 0, got ${std}`)
    const s = normalizeShape(shape)
    const out = new Float32Array(shapeSize(s))
    for (let i = 0; i < out.length; i++) out[i] = mean + std * this.gaussian()
    return new NDArray(out, s)
  }

  /** Uniform [0, 1) values of the given shape. */
  rand(shape: ShapeLike): NDArray {
    return this.uniform(shape, 0, 1)
  }

  /** Standard normal values of the given shape. */
  randn(shape: ShapeLike): NDArray {
    return this.normal(shape, 0, 1)
  }

  /** A random integer in [low, high), or an array of them when `shape` is given. */
  randint(low: number, high: number): number
  randint(low: number, high: number, shape: ShapeLike): NDArray
  randint(low: number, high: number, shape?: ShapeLike): number | NDArray {
    if (!isInteger(low) || !isInteger(high) || high <= low) {
      throw new Error(`randint(): need integers with low < high, got low=${low}, high=${high}`)
    }
    const span = high - low
    if (span > 4294967296) throw new Error(`randint(): range ${span} is larger than 2^32`)
    if (shape === undefined) return low + this.below(span)
    const s = normalizeShape(shape)
    const out = new Float32Array(shapeSize(s))
    for (let i = 0; i < out.length; i++) out[i] = low + this.below(span)
    return new NDArray(out, s)
  }

  /** Unbiased integer in [0, n) (rejection sampling). */
  private below(n: number): number {
    const limit = 4294967296 - (4294967296 % n)
    let x = this.nextUint32()
    while (x >= limit) x = this.nextUint32()
    return x % n
  }

  /** The integers 0..n-1 in random order. */
  permutation(n: number): number[] {
    if (!isInteger(n) || n < 0) throw new Error(`permutation(): n must be a non-negative integer, got ${n}`)
    const out = Array.from({ length: n }, (_, i) => i)
    return this.shuffle(out)
  }

  /**
   * Shuffles in place (Fisher-Yates) and returns the argument. For an NDArray
   * the rows (axis 0) are shuffled, e.g. to shuffle a dataset's examples.
   */
  shuffle<T>(items: T[]): T[]
  shuffle(items: NDArray): NDArray
  shuffle<T>(items: T[] | NDArray): T[] | NDArray {
    if (items instanceof NDArray) {
      if (items.ndim === 0) throw new Error('shuffle(): cannot shuffle a 0-d array')
      const perm = this.permutation(items.shape[0])
      assign(items, take(items, perm, 0))
      return items
    }
    for (let i = items.length - 1; i > 0; i--) {
      const j = this.below(i + 1)
      const tmp = items[i]
      items[i] = items[j]
      items[j] = tmp
    }
    return items
  }

  /** A random element of `items`. */
  choice<T>(items: readonly T[]): T {
    if (items.length === 0) throw new Error('choice(): cannot choose from an empty list')
    return items[this.below(items.length)]
  }
}

/** The module-wide generator used by the free functions below. Starts from seed 0. */
export const defaultRandom = new Random(0)

/** Re-seeds the module-wide generator. */
export function seed(n: number): void {
  defaultRandom.seed(n)
}

export function uniform(shape: ShapeLike, lo = 0, hi = 1): NDArray {
  return defaultRandom.uniform(shape, lo, hi)
}
export function normal(shape: ShapeLike, mean = 0, std = 1): NDArray {
  return defaultRandom.normal(shape, mean, std)
}
export function rand(shape: ShapeLike): NDArray {
  return defaultRandom.rand(shape)
}
export function randn(shape: ShapeLike): NDArray {
  return defaultRandom.randn(shape)
}
export function randint(low: number, high: number): number
export function randint(low: number, high: number, shape: ShapeLike): NDArray
export function randint(low: number, high: number, shape?: ShapeLike): number | NDArray {
  return shape === undefined ? defaultRandom.randint(low, high) : defaultRandom.randint(low, high, shape)
}
export function permutation(n: number): number[] {
  return defaultRandom.permutation(n)
}
export function shuffle<T>(items: T[]): T[]
export function shuffle(items: NDArray): NDArray
export function shuffle<T>(items: T[] | NDArray): T[] | NDArray {
  return items instanceof NDArray ? defaultRandom.shuffle(items) : defaultRandom.shuffle(items)
}
