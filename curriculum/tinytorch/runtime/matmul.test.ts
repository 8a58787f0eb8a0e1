import { describe, it, expect } from 'vitest'
import { nd } from './index'

/** Reference: plain triple loop over get(), independent of the fast kernel. */
function naive2d(a: nd.NDArray, b: nd.NDArray): number[][] {
  const [m, k] = a.shape
  const n = b.shape[1]
  const out: number[][] = []
  for (let i = 0; i < m; i++) {
    const row: number[] = []
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += a.get(i, p) * b.get(p, j)
      row.push(s)
    }
    out.push(row)
  }
  return out
}

function maxAbsDiff(x: nd.NDArray, ref: number[][]): number {
  let d = 0
  for (const [i, row] of ref.entries()) for (const [j, v] of row.entries()) d = Math.max(d, Math.abs(x.get(i, j) - v))
  return d
}

describe('matmul', () => {
  it('2-D x 2-D, worked by hand', () => {
    const a = nd.array([
      [1, 2],
      [3, 4],
      [5, 6]
    ])
    const b = nd.array([
      [7, 8, 9],
      [10, 11, 12]
    ])
    expect(nd.matmul(a, b).toArray()).toEqual([
      [27, 30, 33],
      [61, 68, 75],
      [95, 106, 117]
    ])
    expect(a.T.matmul(a).toArray()).toEqual([
      [35, 44],
      [44, 56]
    ])
  })

  it('matches a naive triple loop on random shapes (including non-multiples of 4 and of the row block)', () => {
    const rng = new nd.Random(123)
    const shapes: [number, number, number][] = [
      [1, 1, 1],
      [1, 7, 1],
      [3, 5, 2],
      [4, 4, 4],
      [5, 3, 7],
      [17, 9, 13],
      [63, 65, 66],
      [64, 64, 64],
      [65, 31, 67],
      [130, 7, 5],
      [2, 300, 3]
    ]
    for (const [m, k, n] of shapes) {
      const a = rng.uniform([m, k], -1, 1)
      const b = rng.uniform([k, n], -1, 1)
      const c = nd.matmul(a, b)
      expect(c.shape).toEqual([m, n])
      expect(maxAbsDiff(c, naive2d(a, b))).toBeLessThan(1e-4)
      // non-contiguous inputs go through the same path after a copy
      const ct = nd.matmul(b.T, a.T)
      expect(maxAbsDiff(ct.T, naive2d(a, b))).toBeLessThan(1e-4)
    }
  })

  it('agrees with matmulNaive reference kernel', () => {
    const rng = new nd.Random(5)
    const a = rng.normal([37, 41])
    const b = rng.normal([41, 29])
    const ref = nd.matmulNaive(a.data, b.data, 37, 41, 29)
    expect(nd.allclose(nd.matmul(a, b), nd.array(ref, [37, 29]), 1e-5, 1e-4)).toBe(true)
  })

  it('vectors: 2-D x 1-D, 1-D x 2-D, 1-D x 1-D', () => {
    const m = nd.array([
      [1, 2, 3],
      [4, 5, 6]
    ])
    expect(m.matmul(nd.array([1, 0, -1])).toArray()).toEqual([-2, -2])
    expect(nd.matmul(nd.array([1, -1]), m).toArray()).toEqual([-3, -3, -3])
    const d = nd.matmul(nd.array([1, 2, 3]), nd.array([4, 5, 6]))
    expect(d.shape).toEqual([])
    expect(d.item()).toBe(32)
  })

  it('batched N-D with broadcasting of batch dims', () => {
    const rng = new nd.Random(7)
    const a = rng.uniform([2, 3, 4, 5], -1, 1)
    const b = rng.uniform([3, 5, 6], -1, 1)
    const c = nd.matmul(a, b)
    expect(c.shape).toEqual([2, 3, 4, 6])
    for (let i = 0; i < 2; i++) {
      for (let j = 0; j < 3; j++) {
        const ai = a.slice(i, j)
        const bj = b.slice(j)
        const cij = c.slice(i, j)
        expect(maxAbsDiff(cij, naive2d(ai, bj))).toBeLessThan(1e-5)
      }
    }
    // batch dim of size 1 broadcasts against 2
    const x = rng.uniform([1, 3, 2], -1, 1)
    const y = rng.uniform([2, 2, 3], -1, 1)
    const z = x.matmul(y)
    expect(z.shape).toEqual([2, 3, 3])
    expect(maxAbsDiff(z.slice(1), naive2d(x.slice(0), y.slice(1)))).toBeLessThan(1e-5)
  })

  it('3-D input x shared 2-D weight (a linear layer over a sequence)', () => {
    const x = nd.arange(12).reshape(2, 3, 2) // batch 2, seq 3, features 2
    const w = nd.array([
      [1, 0, 1],
      [0, 1, 1]
    ])
    const y = x.matmul(w)
    expect(y.shape).toEqual([2, 3, 3])
    expect(y.toArray()).toEqual([
      [
        [0, 1, 1],
        [2, 3, 5],
        [4, 5, 9]
      ],
      [
        [6, 7, 13],
        [8, 9, 17],
        [10, 11, 21]
      ]
    ])
    // batched 2-D x 1-D
    expect(x.matmul(nd.array([1, 1])).toArray()).toEqual([
      [1, 5, 9],
      [13, 17, 21]
    ])
  })

  it('errors name the shapes', () => {
    expect(() => nd.matmul(nd.zeros([2, 3]), nd.zeros([4, 5]))).toThrow(
      'matmul(): shapes [2,3] and [4,5] are not aligned: 3 (last dim of a) != 4 (second-to-last dim of b)'
    )
    expect(() => nd.matmul(nd.zeros([2, 2, 3]), nd.zeros([3, 3, 2]))).toThrow(
      'matmul(): cannot broadcast batch dimensions [2] and [3] (shapes [2,2,3] and [3,3,2])'
    )
    expect(() => nd.matmul(nd.array(2), nd.zeros([2]))).toThrow('use mul() to multiply by a scalar')
  })

  it('empty dimensions', () => {
    expect(nd.matmul(nd.zeros([0, 3]), nd.zeros([3, 4])).shape).toEqual([0, 4])
    expect(nd.matmul(nd.ones([2, 0]), nd.ones([0, 3])).toArray()).toEqual([
      [0, 0, 0],
      [0, 0, 0]
    ])
  })

  it('256x256 @ 256x256 is fast', () => {
    const rng = new nd.Random(1)
    const a = rng.uniform([256, 256])
    const b = rng.uniform([256, 256])
    for (let i = 0; i < 3; i++) nd.matmul(a, b) // warm up the JIT
    const reps = 10
    const t0 = performance.now()
    for (let i = 0; i < reps; i++) nd.matmul(a, b)
    const ms = (performance.now() - t0) / reps
    // Typically a few ms; the bound is loose so busy CI machines do not flake.
    expect(ms).toBeLessThan(100)
  })
})
