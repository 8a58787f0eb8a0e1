import { describe, it, expect } from 'vitest'
import { nd } from './index'

const f = Math.fround

describe('broadcasting binary ops', () => {
  it('[2,3] + [3]', () => {
    const a = nd.array([
      [1, 2, 3],
      [4, 5, 6]
    ])
    const b = nd.array([10, 20, 30])
    const c = nd.add(a, b)
    expect(c.shape).toEqual([2, 3])
    expect(c.toArray()).toEqual([
      [11, 22, 33],
      [14, 25, 36]
    ])
    expect(b.add(a).toArray()).toEqual(c.toArray())
  })

  it('[2,1] + [1,3] -> [2,3] outer sum', () => {
    const col = nd.array([[1], [2]])
    const row = nd.array([[10, 20, 30]])
    expect(col.add(row).toArray()).toEqual([
      [11, 21, 31],
      [12, 22, 32]
    ])
    expect(nd.mul(col, row).toArray()).toEqual([
      [10, 20, 30],
      [20, 40, 60]
    ])
  })

  it('scalars on either side', () => {
    const a = nd.array([1, 2, 4])
    expect(a.add(1).toArray()).toEqual([2, 3, 5])
    expect(nd.sub(10, a).toArray()).toEqual([9, 8, 6])
    expect(nd.div(1, a).toArray()).toEqual([1, 0.5, 0.25])
    expect(a.div(2).toArray()).toEqual([0.5, 1, 2])
    expect(a.pow(2).toArray()).toEqual([1, 4, 16])
    expect(nd.pow(2, a).toArray()).toEqual([2, 4, 16])
    expect(nd.add(2, 3).shape).toEqual([])
    expect(nd.add(2, 3).item()).toBe(5)
  })

  it('3-D with leading broadcast and 0-d array operands', () => {
    const a = nd.arange(6).reshape(2, 1, 3)
    const b = nd.array([[0], [100]]) // [2,1]
    const c = a.add(b)
    expect(c.shape).toEqual([2, 2, 3])
    expect(c.toArray()).toEqual([
      [
        [0, 1, 2],
        [100, 101, 102]
      ],
      [
        [3, 4, 5],
        [103, 104, 105]
      ]
    ])
    expect(a.mul(nd.array(2)).toArray()).toEqual([[[0, 2, 4]], [[6, 8, 10]]])
  })

  it('works on non-contiguous views and returns contiguous results', () => {
    const a = nd.arange(6).reshape(2, 3)
    const c = a.T.add(nd.array([100, 200]))
    expect(c.isContiguous).toBe(true)
    expect(c.toArray()).toEqual([
      [100, 203],
      [101, 204],
      [102, 205]
    ])
    const s = a.slice(null, [null, null, 2]).mul(-1)
    expect(s.toArray()).toEqual([
      [-0, -2],
      [-3, -5]
    ])
  })

  it('maximum, minimum, nested-array operands', () => {
    const a = nd.array([
      [1, 5],
      [3, -2]
    ])
    expect(nd.maximum(a, 2).toArray()).toEqual([
      [2, 5],
      [3, 2]
    ])
    expect(a.minimum([0, 4]).toArray()).toEqual([
      [0, 4],
      [0, -2]
    ])
  })

  it('names both shapes when broadcasting fails', () => {
    const a = nd.zeros([2, 3])
    const b = nd.zeros([4])
    expect(() => nd.add(a, b)).toThrow('cannot broadcast shapes [2,3] and [4]')
    expect(() => a.mul(nd.zeros([3, 3]))).toThrow('cannot broadcast shapes [2,3] and [3,3]')
  })
})

describe('comparisons and where', () => {
  it('greater / less / equal return 0/1 arrays', () => {
    const a = nd.array([1, 2, 3])
    expect(nd.greater(a, 2).toArray()).toEqual([0, 0, 1])
    expect(a.less(2).toArray()).toEqual([1, 0, 0])
    expect(a.equal(nd.array([1, 0, 3])).toArray()).toEqual([1, 0, 1])
    expect(a.greaterEqual(2).toArray()).toEqual([0, 1, 1])
    expect(a.lessEqual(2).toArray()).toEqual([1, 1, 0])
    expect(a.notEqual(2).toArray()).toEqual([1, 0, 1])
  })

  it('where broadcasts condition and both branches', () => {
    const x = nd.array([
      [-1, 2],
      [3, -4]
    ])
    expect(nd.where(x.greater(0), x, 0).toArray()).toEqual([
      [0, 2],
      [3, 0]
    ])
    expect(nd.where(nd.array([1, 0]), nd.array([[1], [2]]), -1).toArray()).toEqual([
      [1, -1],
      [2, -1]
    ])
    expect(() => nd.where(nd.zeros([2]), nd.zeros([3]), 0)).toThrow('where(): cannot broadcast shapes [2], [3] and []')
  })
})

describe('unary ops', () => {
  it('neg exp log tanh sqrt abs sign relu clip', () => {
    const a = nd.array([-2, 0, 1])
    expect(a.neg().toArray()).toEqual([2, -0, -1])
    expect(nd.exp([0, 1]).toArray()).toEqual([1, f(Math.E)])
    expect(nd.log([1, Math.E]).toArray()).toEqual([0, f(Math.log(f(Math.E)))])
    expect(nd.log([0]).toArray()).toEqual([-Infinity])
    expect(a.tanh().toArray()).toEqual([f(Math.tanh(-2)), 0, f(Math.tanh(1))])
    expect(nd.sqrt([4, 9]).toArray()).toEqual([2, 3])
    expect(a.abs().toArray()).toEqual([2, 0, 1])
    expect(a.sign().toArray()).toEqual([-1, 0, 1])
    expect(a.relu().toArray()).toEqual([0, 0, 1])
    expect(nd.arange(-3, 4).clip(-1, 2).toArray()).toEqual([-1, -1, -1, 0, 1, 2, 2])
    expect(() => a.clip(1, 0)).toThrow('min (1) must not be greater than max (0)')
    expect(a.map((v) => v * 10).toArray()).toEqual([-20, 0, 10])
  })

  it('keeps the input shape and handles views', () => {
    const a = nd.arange(6).reshape(2, 3).T
    const r = a.sub(2).relu()
    expect(r.shape).toEqual([3, 2])
    expect(r.toArray()).toEqual([
      [0, 1],
      [0, 2],
      [0, 3]
    ])
  })
})

describe('reductions', () => {
  const a = nd.array([
    [1, 2, 3],
    [4, 5, 6]
  ])

  it('sum over everything, an axis, negative axis, keepdims', () => {
    expect(a.sum().shape).toEqual([])
    expect(a.sum().item()).toBe(21)
    expect(a.sum(0).toArray()).toEqual([5, 7, 9])
    expect(a.sum(1).toArray()).toEqual([6, 15])
    expect(a.sum(-1).toArray()).toEqual([6, 15])
    expect(a.sum(-1, true).shape).toEqual([2, 1])
    expect(a.sum(-1, true).toArray()).toEqual([[6], [15]])
    expect(a.sum(undefined, true).shape).toEqual([1, 1])
    expect(nd.sum(a, [0, 1]).item()).toBe(21)
  })

  it('sum over several non-adjacent axes of a 3-D array', () => {
    const b = nd.arange(24).reshape(2, 3, 4)
    // sum over axes 0 and 2: for j, sum_i sum_k (12i + 4j + k) = 2*(4*4j*... ) computed by hand:
    // j=0: i=0: 0+1+2+3=6, i=1: 12+13+14+15=54 -> 60; j=1: 22+70=92; j=2: 38+86=124
    expect(b.sum([0, 2]).toArray()).toEqual([60, 92, 124])
    expect(b.sum([0, -1], true).shape).toEqual([1, 3, 1])
    expect(b.sum(1).toArray()).toEqual([
      [12, 15, 18, 21],
      [48, 51, 54, 57]
    ])
  })

  it('mean, max, min, argmax, var', () => {
    expect(a.mean().item()).toBe(3.5)
    expect(a.mean(0).toArray()).toEqual([2.5, 3.5, 4.5])
    expect(a.mean(1, true).toArray()).toEqual([[2], [5]])
    expect(a.max().item()).toBe(6)
    expect(a.max(0).toArray()).toEqual([4, 5, 6])
    expect(a.min(-1).toArray()).toEqual([1, 4])
    const m = nd.array([
      [3, 9, 9],
      [7, 1, 2]
    ])
    expect(m.argmax(1).toArray()).toEqual([1, 0]) // first max on ties
    expect(m.argmax(0).toArray()).toEqual([1, 0, 0])
    expect(m.argmax().item()).toBe(1)
    expect(m.argmax(-1, true).shape).toEqual([2, 1])
    expect(m.argmin(1).toArray()).toEqual([0, 1])
    // var of [1,2,3] = 2/3, of [4,5,6] = 2/3, of all = 35/12
    expect(a.var(1).toArray()).toEqual([f(2 / 3), f(2 / 3)])
    expect(a.var().item()).toBe(f(35 / 12))
    expect(nd.var(a, 0).toArray()).toEqual([2.25, 2.25, 2.25])
    expect(nd.variance(a, 0, false, 1).toArray()).toEqual([4.5, 4.5, 4.5])
    expect(a.std(0).toArray()).toEqual([1.5, 1.5, 1.5])
  })

  it('reductions on transposed views', () => {
    expect(a.T.sum(0).toArray()).toEqual([6, 15])
    expect(a.T.max(1).toArray()).toEqual([4, 5, 6])
  })

  it('axis errors are actionable', () => {
    expect(() => a.sum(2)).toThrow('sum(): axis 2 is out of range for an array with 2 dimensions (valid: -2..1) (array shape [2,3])')
    expect(() => nd.max(nd.zeros([0]))).toThrow('max(): cannot reduce an empty axis')
  })
})

describe('sumTo', () => {
  it('reduces broadcast gradients back to the operand shape', () => {
    const g = nd.ones([2, 3])
    expect(nd.sumTo(g, [3]).toArray()).toEqual([2, 2, 2])
    expect(nd.sumTo(g, [2, 1]).toArray()).toEqual([[3], [3]])
    expect(nd.sumTo(g, [1, 3]).toArray()).toEqual([[2, 2, 2]])
    expect(nd.sumTo(g, []).item()).toBe(6)
    expect(g.sumTo([2, 3]).toArray()).toEqual(g.toArray())
    const h = nd.arange(24).reshape(2, 3, 4)
    expect(h.sumTo([3, 1]).toArray()).toEqual([[60], [92], [124]])
    expect(() => nd.sumTo(g, [4])).toThrow('sumTo(): cannot reduce shape [2,3] to [4]')
    expect(() => nd.sumTo(g, [1, 2, 3])).toThrow('cannot reduce shape [2,3] to [1,2,3]')
  })

  it('round-trips with broadcasting: grad of (x + b) w.r.t. b', () => {
    const x = nd.zeros([4, 2, 3])
    const b = nd.array([[1, 2, 3]])
    const y = x.add(b)
    const gradB = nd.sumTo(nd.onesLike(y), b.shape)
    expect(gradB.shape).toEqual([1, 3])
    expect(gradB.toArray()).toEqual([[8, 8, 8]])
  })
})

describe('allclose', () => {
  it('compares with tolerances and broadcasting', () => {
    expect(nd.allclose([1, 2], [1, 2 + 1e-7])).toBe(true)
    expect(nd.allclose([1, 2], [1, 2.1])).toBe(false)
    expect(nd.allclose(nd.ones([2, 2]), 1)).toBe(true)
    expect(nd.allclose([NaN], [NaN])).toBe(false)
    expect(nd.array([1, 2]).allclose([1.05, 2], 0, 0.1)).toBe(true)
  })
})

describe('fast paths give the general path’s answers', () => {
  it('contiguous same-shape and scalar operands, and views that must take the strided path', () => {
    const rng = new nd.Random(4)
    const a = rng.normal([5, 6])
    const b = rng.normal([5, 6])
    const bt = rng.normal([6, 5]).T // same shape as a, not contiguous
    for (const op of [nd.add, nd.sub, nd.mul, nd.div]) {
      const same = op(a, b)
      const strided = op(a, bt)
      const scalar = op(a, 2.5)
      for (let i = 0; i < 5; i++)
        for (let j = 0; j < 6; j++) {
          expect(same.get(i, j)).toBe(op(a.get(i, j), b.get(i, j)).item())
          expect(strided.get(i, j)).toBe(op(a.get(i, j), bt.get(i, j)).item())
          expect(scalar.get(i, j)).toBe(op(a.get(i, j), 2.5).item())
        }
    }
    // A bias row [6] (or [1, 6]) repeats over the rows, like the general broadcasting path.
    const bias = rng.normal([6])
    for (const op of [nd.add, nd.sub, nd.mul, nd.div])
      for (const b2 of [bias, bias.reshape(1, 6)]) {
        const got = op(a, b2)
        expect(got.shape).toEqual([5, 6])
        for (let i = 0; i < 5; i++) for (let j = 0; j < 6; j++) expect(got.get(i, j)).toBe(op(a.get(i, j), bias.get(j)).item())
      }
    expect(nd.add(nd.zeros([3, 3]), nd.arange(3).reshape(3, 1)).toArray()).toEqual([
      [0, 0, 0],
      [1, 1, 1],
      [2, 2, 2]
    ]) // a column: general path
    // A [1, 1] right operand broadcasts like a number; a sliced (offset) left operand reads from its offset.
    expect(nd.add(a, nd.array([[10]])).shape).toEqual([5, 6])
    expect(Array.from(nd.mul(a.slice(2), 2).data)).toEqual(Array.from(a.slice(2).toFloat32Array(), (v) => f(v * 2)))
  })

  it('sums over the last axis (inner size 1) match a float64 loop', () => {
    const x = new nd.Random(1).normal([7, 300])
    const s = nd.sum(x, -1)
    for (let i = 0; i < 7; i++) {
      let want = 0
      for (let j = 0; j < 300; j++) want += x.get(i, j)
      expect(s.get(i)).toBe(f(want))
    }
  })
})

describe('fused softmax and logSoftmax', () => {
  it('match the five-step formula along the last and the first axis, and stay finite at ±1000', () => {
    const x = new nd.Random(2).normal([3, 4, 5], 0, 3)
    for (const axis of [-1, 0, 1]) {
      const e = nd.exp(nd.sub(x, nd.max(x, axis, true)))
      const want = nd.div(e, nd.sum(e, axis, true))
      expect(nd.allclose(nd.softmax(x, axis), want, 1e-5, 1e-6), `softmax axis ${axis}`).toBe(true)
      expect(nd.allclose(nd.logSoftmax(x, axis), nd.log(want), 1e-4, 1e-5), `logSoftmax axis ${axis}`).toBe(true)
    }
    expect(nd.softmax(nd.array([1000, 1001, 1002])).toArray()).toEqual([f(0.09003057), f(0.24472847), f(0.66524096)])
    expect(nd.logSoftmax(nd.array([-1000, 0])).toArray()).toEqual([-1000, 0])
    expect(() => nd.softmax(nd.array(3))).toThrow('softmax(): needs at least one dimension')
  })
})
