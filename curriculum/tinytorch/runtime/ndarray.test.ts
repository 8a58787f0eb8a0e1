import { describe, it, expect } from 'vitest'
import { nd, NDArray } from './index'

describe('creation', () => {
  it('array() infers shapes from nested arrays', () => {
    const a = nd.array([
      [1, 2, 3],
      [4, 5, 6]
    ])
    expect(a.shape).toEqual([2, 3])
    expect(a.strides).toEqual([3, 1])
    expect(a.offset).toBe(0)
    expect(a.size).toBe(6)
    expect(a.ndim).toBe(2)
    expect(a.dtype).toBe('float32')
    expect(a.data).toBeInstanceOf(Float32Array)
    expect(a.toArray()).toEqual([
      [1, 2, 3],
      [4, 5, 6]
    ])
  })

  it('array() accepts a number, a Float32Array with a shape, and copies NDArrays', () => {
    const s = nd.array(7)
    expect(s.shape).toEqual([])
    expect(s.ndim).toBe(0)
    expect(s.size).toBe(1)
    expect(s.toArray()).toBe(7)
    expect(s.item()).toBe(7)

    const raw = new Float32Array([1, 2, 3, 4, 5, 6])
    const b = nd.array(raw, [3, -1])
    expect(b.shape).toEqual([3, 2])
    expect(b.toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6]
    ])
    raw[0] = 100 // array() copies
    expect(b.get(0, 0)).toBe(1)

    const c = nd.array(b)
    c.set(0, 0, 9)
    expect(b.get(0, 0)).toBe(1)
  })

  it('array() rejects ragged input and bad leaves', () => {
    expect(() => nd.array([[1, 2], [3]])).toThrow('ragged nested array: expected length 2 at depth 1, got length 1')
    expect(() => nd.array([1, [2]] as never)).toThrow('ragged')
    expect(() => nd.array([1, 2, 3], [2, 2])).toThrow('cannot reshape [3] (size 3) to [2,2] (size 4)')
  })

  it('zeros, ones, full, zerosLike, eye, arange, linspace', () => {
    expect(nd.zeros([2, 2]).toArray()).toEqual([
      [0, 0],
      [0, 0]
    ])
    expect(nd.ones(3).toArray()).toEqual([1, 1, 1])
    expect(nd.full([1, 2], 2.5).toArray()).toEqual([[2.5, 2.5]])
    const z = nd.zerosLike(nd.ones([2, 3, 4]))
    expect(z.shape).toEqual([2, 3, 4])
    expect(z.sum().item()).toBe(0)
    expect(nd.eye(3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0],
      [0, 0, 1]
    ])
    expect(nd.eye(2, 3).toArray()).toEqual([
      [1, 0, 0],
      [0, 1, 0]
    ])
    expect(nd.arange(5).toArray()).toEqual([0, 1, 2, 3, 4])
    expect(nd.arange(2, 8, 3).toArray()).toEqual([2, 5])
    expect(nd.arange(5, 0, -2).toArray()).toEqual([5, 3, 1])
    expect(nd.arange(3, 3).size).toBe(0)
    expect(nd.linspace(0, 1, 5).toArray()).toEqual([0, 0.25, 0.5, 0.75, 1])
    expect(() => nd.zeros([2, -1])).toThrow('shape [2,-1] is invalid')
  })
})

describe('element access', () => {
  it('get/set with negative indices and bounds errors', () => {
    const a = nd.arange(6).reshape(2, 3)
    expect(a.get(1, 2)).toBe(5)
    expect(a.get(-1, -3)).toBe(3)
    a.set(0, 1, 42)
    expect(a.toArray()).toEqual([
      [0, 42, 2],
      [3, 4, 5]
    ])
    expect(() => a.get(2, 0)).toThrow('index 2 is out of bounds for axis 0 with size 2')
    expect(() => a.get(0)).toThrow('expected 2 indices for an array of shape [2,3], got 1')
    expect(() => a.item()).toThrow('exactly one element')
  })

  it('toString prints nested rows', () => {
    expect(
      nd
        .array([
          [1, 2],
          [3, 40]
        ])
        .toString()
    ).toBe('array([[ 1,  2],\n       [ 3, 40]])')
    expect(nd.array(0.5).toString()).toBe('array(0.5)')
  })
})

describe('views', () => {
  it('transpose is a view with permuted strides; contiguous() copies', () => {
    const a = nd.arange(6).reshape([2, 3])
    const t = a.T
    expect(t.shape).toEqual([3, 2])
    expect(t.strides).toEqual([1, 3])
    expect(t.data).toBe(a.data)
    expect(t.isContiguous).toBe(false)
    expect(t.toArray()).toEqual([
      [0, 3],
      [1, 4],
      [2, 5]
    ])
    const c = t.contiguous()
    expect(c.isContiguous).toBe(true)
    expect(c.strides).toEqual([2, 1])
    expect(c.data).not.toBe(a.data)
    expect(Array.from(c.data)).toEqual([0, 3, 1, 4, 2, 5])
    expect(a.contiguous()).toBe(a)
    // writes through a view are visible in the base
    t.set(2, 1, -1)
    expect(a.get(1, 2)).toBe(-1)
  })

  it('transpose with explicit axes and swapaxes on 3-D', () => {
    const a = nd.arange(24).reshape(2, 3, 4)
    const p = a.transpose(1, 0, 2)
    expect(p.shape).toEqual([3, 2, 4])
    expect(p.get(2, 1, 3)).toBe(a.get(1, 2, 3))
    const s = nd.swapaxes(a, 0, -1)
    expect(s.shape).toEqual([4, 3, 2])
    expect(s.get(3, 1, 0)).toBe(a.get(0, 1, 3))
    expect(() => a.transpose([0, 0, 1])).toThrow('not a permutation')
  })

  it('reshape with -1, reshape of a non-contiguous view copies', () => {
    const a = nd.arange(12)
    const r = a.reshape(3, -1)
    expect(r.shape).toEqual([3, 4])
    expect(r.data).toBe(a.data)
    const rt = r.T.reshape(-1)
    expect(rt.toArray()).toEqual([0, 4, 8, 1, 5, 9, 2, 6, 10, 3, 7, 11])
    expect(() => a.reshape(5, -1)).toThrow('cannot reshape [12] (size 12) to [5,-1]: 12 is not divisible by 5')
    expect(() => a.reshape(-1, -1)).toThrow('only one dimension can be -1')
  })

  it('expandDims and squeeze', () => {
    const a = nd.arange(3)
    expect(nd.expandDims(a, 0).shape).toEqual([1, 3])
    expect(a.expandDims(-1).shape).toEqual([3, 1])
    expect(a.expandDims(-1).toArray()).toEqual([[0], [1], [2]])
    const b = nd.zeros([1, 3, 1, 2])
    expect(b.squeeze().shape).toEqual([3, 2])
    expect(b.squeeze(-2).shape).toEqual([1, 3, 2])
    expect(() => b.squeeze(1)).toThrow('cannot remove axis 1 of shape [1,3,1,2] because its length is 3')
  })

  it('broadcastTo produces a stride-0 view', () => {
    const b = nd.broadcastTo(nd.array([1, 2, 3]), [2, 3])
    expect(b.strides).toEqual([0, 1])
    expect(b.toArray()).toEqual([
      [1, 2, 3],
      [1, 2, 3]
    ])
    const col = nd.array([[1], [2]]).broadcastTo([2, 2])
    expect(col.toArray()).toEqual([
      [1, 1],
      [2, 2]
    ])
    expect(() => nd.broadcastTo(nd.zeros([2, 3]), [3, 3])).toThrow('cannot broadcast shape [2,3] to [3,3]')
  })

  it('slice with ranges, steps, negative steps and integer indices', () => {
    const a = nd.arange(20).reshape(4, 5)
    // a[1:3, ::2]
    const s = a.slice([1, 3], [null, null, 2])
    expect(s.shape).toEqual([2, 3])
    expect(s.strides).toEqual([5, 2])
    expect(s.offset).toBe(5)
    expect(s.data).toBe(a.data)
    expect(s.toArray()).toEqual([
      [5, 7, 9],
      [10, 12, 14]
    ])
    // a[::-1, -2:]
    expect(nd.slice(a, [null, null, -1], [-2]).toArray()).toEqual([
      [18, 19],
      [13, 14],
      [8, 9],
      [3, 4]
    ])
    // a[:, 1] drops the axis
    expect(a.slice(null, 1).toArray()).toEqual([1, 6, 11, 16])
    // a[-1] (trailing axes are kept whole)
    expect(a.slice(-1).toArray()).toEqual([15, 16, 17, 18, 19])
    // a[3:0:-2, 4:0:-3]
    expect(a.slice([3, 0, -2], [4, 0, -3]).toArray()).toEqual([
      [19, 16],
      [9, 6]
    ])
    // out-of-range stops clamp like Python, empty ranges give size 0
    expect(a.slice([2, 100]).shape).toEqual([2, 5])
    expect(a.slice([3, 1]).shape).toEqual([0, 5])
    // slicing a slice, then contiguous
    const ss = s.slice(null, [1, 3])
    expect(ss.toArray()).toEqual([
      [7, 9],
      [12, 14]
    ])
    expect(Array.from(ss.contiguous().data)).toEqual([7, 9, 12, 14])
    expect(() => a.slice([0, 1, 0])).toThrow('step on axis 0 must be a non-zero integer')
    expect(() => a.slice(4)).toThrow('index 4 is out of bounds for axis 0 with size 4')
  })

  it('assign writes through views', () => {
    const a = nd.zeros([3, 3])
    a.slice([null, null, 2], [null, null, 2]).assign(1)
    expect(a.toArray()).toEqual([
      [1, 0, 1],
      [0, 0, 0],
      [1, 0, 1]
    ])
    nd.assign(a.slice(1), [7, 8, 9])
    expect(a.toArray()).toEqual([
      [1, 0, 1],
      [7, 8, 9],
      [1, 0, 1]
    ])
    // overlapping source and target
    const b = nd.arange(4)
    nd.assign(b.slice([1, 4]), b.slice([0, 3]))
    expect(b.toArray()).toEqual([0, 0, 1, 2])
  })
})

describe('joining and gathering', () => {
  it('concatenate along axes', () => {
    const a = nd.array([
      [1, 2],
      [3, 4]
    ])
    const b = nd.array([[5, 6]])
    expect(nd.concatenate([a, b]).toArray()).toEqual([
      [1, 2],
      [3, 4],
      [5, 6]
    ])
    expect(nd.concatenate([a, a.T], 1).toArray()).toEqual([
      [1, 2, 1, 3],
      [3, 4, 2, 4]
    ])
    expect(() => nd.concatenate([a, b], 1)).toThrow('shapes [2,2], [1,2] must match except along axis 1')
  })

  it('stack along a new axis', () => {
    const a = nd.array([1, 2])
    const b = nd.array([3, 4])
    expect(nd.stack([a, b]).toArray()).toEqual([
      [1, 2],
      [3, 4]
    ])
    expect(nd.stack([a, b], -1).toArray()).toEqual([
      [1, 3],
      [2, 4]
    ])
    expect(() => nd.stack([a, nd.zeros(3)])).toThrow('same shape')
  })

  it('take: embedding lookup, class scores, flattened, negative indices', () => {
    const W = nd.arange(12).reshape(4, 3) // vocab 4, dim 3
    const ids = nd.array([
      [0, 3],
      [2, 2]
    ])
    const emb = nd.take(W, ids, 0)
    expect(emb.shape).toEqual([2, 2, 3])
    expect(emb.toArray()).toEqual([
      [
        [0, 1, 2],
        [9, 10, 11]
      ],
      [
        [6, 7, 8],
        [6, 7, 8]
      ]
    ])
    // along the last axis
    expect(W.take([2, 0], 1).toArray()).toEqual([
      [2, 0],
      [5, 3],
      [8, 6],
      [11, 9]
    ])
    // scalar index removes the axis
    expect(W.take(1, 0).toArray()).toEqual([3, 4, 5])
    // flattened
    expect(W.take([-1, 4]).toArray()).toEqual([11, 4])
    // gather class scores: logits[i, labels[i]] via flat indices
    const logits = nd.array([
      [0.1, 0.7, 0.2],
      [0.5, 0.4, 0.1]
    ])
    const labels = [1, 0]
    const flatIdx = labels.map((c, i) => i * 3 + c)
    expect(logits.take(flatIdx).toArray()).toEqual([Math.fround(0.7), Math.fround(0.5)])
    expect(() => W.take([4], 0)).toThrow('index 4 is out of bounds for axis 0 with size 4')
    expect(() => W.take([1.5], 0)).toThrow('index 1.5 is not an integer')
  })
})

describe('NDArray constructor', () => {
  it('validates that the view fits in storage', () => {
    expect(() => new NDArray(new Float32Array(4), [2, 3])).toThrow('does not fit in storage of 4 elements')
    const v = new NDArray(new Float32Array([1, 2, 3, 4, 5, 6]), [2, 2], [1, 2], 1)
    expect(v.toArray()).toEqual([
      [2, 4],
      [3, 5]
    ])
  })
})
