import { test, expect } from 'tinytorch/harness'
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'

function randomTensor(rng: Random, shape: number[]): Tensor {
  return Tensor.fromND(rng.normal(shape))
}

test('ragged nested arrays are rejected', {
  task: 'create',
  points: 1,
  hint: 'Rows of different lengths have no shape; nd.array throws for them, so do not catch that error.'
}, () => {
  expect.throws(() => new Tensor([[1, 2], [3]] as number[][]), /ragged|length/i, 'new Tensor([[1, 2], [3]])')
})

test('a shape that does not match the data is rejected', {
  task: 'create',
  points: 1,
  hint: 'The product of opts.shape must equal the number of values; otherwise throw an Error that gives both numbers (here 6 and 5).'
}, () => {
  expect.throws(() => new Tensor(new Float32Array(5), { shape: [2, 3] }), /6[\s\S]*5|5[\s\S]*6/, 'Float32Array(5) with shape [2, 3]')
  const t = new Tensor([1, 2, 3, 4], { shape: [2, 2] })
  expect.equal(t.shape, [2, 2], 'nested data with a shape option')
  expect.equal(new Tensor([]).size, 0, 'size of an empty tensor')
})

test('backward is not available before module 05', {
  task: 'create',
  points: 1,
  hint: 'Leave backward() as given in the starter: it throws until module 05 enables autograd.'
}, () => {
  const t = new Tensor([1, 2], { requiresGrad: true })
  expect.equal(t.grad, null, 'grad before backward')
  expect.throws(() => t.backward(), 'module 05', 'backward()')
})

test('broadcasting a column against a row', {
  task: 'arithmetic',
  points: 2,
  hint: 'Shapes [2, 1] and [1, 3] broadcast to [2, 3]: each size-1 axis is stretched. Shapes that cannot broadcast must throw (nd.add does).'
}, () => {
  const col = new Tensor([[1], [2]])
  const row = new Tensor([[10, 20, 30]])
  expect.tensorClose(
    row.sub(col),
    [
      [9, 19, 29],
      [8, 18, 28]
    ],
    'row - col'
  )
  expect.tensorClose(
    col.div(row),
    [
      [0.1, 0.05, 1 / 30],
      [0.2, 0.1, 2 / 30]
    ],
    'col / row'
  )
  expect.throws(() => new Tensor([[1, 2, 3]]).add(new Tensor([1, 2])), /broadcast/, '[1, 3] + [2]')
})

test('operations do not modify their inputs', {
  task: 'arithmetic',
  points: 1,
  hint: 'Return a fresh Tensor; never write into this.data or other.data.'
}, () => {
  const a = new Tensor([1, 2, 3])
  const b = new Tensor([4, 5, 6])
  const c = a.mul(b)
  expect.equal(Array.from(a.data), [1, 2, 3], 'a after a.mul(b)')
  expect.equal(Array.from(b.data), [4, 5, 6], 'b after a.mul(b)')
  expect.true(c !== a && c.data !== a.data, 'mul should return a new tensor with its own data')
})

test('matrix @ vector', {
  task: 'matmul',
  points: 2,
  hint: '[m, k] @ [k] gives a vector of shape [m]: compare k with other.shape[0] when other is 1-D.'
}, () => {
  const a = new Tensor([
    [1, 2, 3],
    [4, 5, 6]
  ])
  const v = new Tensor([1, 0, -1])
  expect.tensorClose(a.matmul(v), [-2, -2])
  expect.throws(() => a.matmul(new Tensor([1, 2])), /3[\s\S]*2|2[\s\S]*3/, '[2, 3] @ [2]')
})

test('(AB)ᵀ equals BᵀAᵀ on random matrices', {
  task: 'matmul',
  points: 2,
  hint: 'If this fails only for non-square shapes, check which dimensions you compare and that transpose returns row-major data.'
}, () => {
  const rng = new Random(7)
  const a = randomTensor(rng, [4, 3])
  const b = randomTensor(rng, [3, 5])
  const left = a.matmul(b).transpose()
  const right = b.transpose().matmul(a.transpose())
  expect.shape(left, [5, 4], '(AB)ᵀ')
  expect.tensorClose(left, right, '(AB)ᵀ vs BᵀAᵀ', { atol: 1e-4 })
})

test('reshape accepts an array and rejects a wrong size', {
  task: 'shape',
  points: 1,
  hint: 'Accept both reshape(3, 2) and reshape([3, 2]); a target whose size differs must throw.'
}, () => {
  const t = new Tensor([
    [1, 2, 3],
    [4, 5, 6]
  ])
  expect.tensorClose(
    t.reshape([3, 2]),
    [
      [1, 2],
      [3, 4],
      [5, 6]
    ],
    'reshape([3, 2])'
  )
  expect.equal(t.reshape(-1).shape, [6], 'reshape(-1)')
  expect.throws(() => t.reshape(4, 2), /./, 'reshape(4, 2) of 6 values')
})

test('transpose of a 3-D tensor swaps the last two axes', {
  task: 'shape',
  points: 2,
  hint: 'transpose() defaults to dims -2 and -1; negative dims count from the end. Copy the view into row-major order (Tensor.fromND does).'
}, () => {
  const t = new Tensor([1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12]).reshape(2, 2, 3)
  const u = t.transpose()
  expect.tensorClose(
    u,
    [
      [
        [1, 4],
        [2, 5],
        [3, 6]
      ],
      [
        [7, 10],
        [8, 11],
        [9, 12]
      ]
    ],
    'transpose()'
  )
  expect.tensorClose(
    t.transpose(0, 2),
    [
      [
        [1, 7],
        [4, 10]
      ],
      [
        [2, 8],
        [5, 11]
      ],
      [
        [3, 9],
        [6, 12]
      ]
    ],
    'transpose(0, 2)'
  )
})

test('max, negative axes and full reductions', {
  task: 'reductions',
  points: 2,
  hint: 'With no axis the result is a scalar tensor of shape []; axis -1 is the last axis.'
}, () => {
  const t = new Tensor([
    [1, 9, 3],
    [7, 5, -6]
  ])
  expect.tensorClose(t.max(-1), [9, 7], 'max(-1)')
  expect.tensorClose(t.max(0, true), [[7, 9, 3]], 'max(0, true)')
  const m = t.mean()
  expect.equal(m.shape, [], 'mean() shape')
  expect.close(m.item(), 19 / 6, 'mean()')
})

test('reductions on random data match a direct loop', {
  task: 'reductions',
  points: 1,
  hint: 'Make sure the result data is row-major for the reduced shape and that keepdims only changes the shape.'
}, () => {
  const rng = new Random(3)
  const t = randomTensor(rng, [3, 4, 5])
  const s = t.sum(1)
  expect.shape(s, [3, 5], 'sum(1)')
  let worst = 0
  for (let i = 0; i < 3; i++) {
    for (let k = 0; k < 5; k++) {
      let acc = 0
      for (let j = 0; j < 4; j++) acc += t.data[i * 20 + j * 5 + k]!
      worst = Math.max(worst, Math.abs(acc - s.data[i * 5 + k]!))
    }
  }
  expect.true(worst < 1e-4, `sum(1) differs from a direct loop by ${worst}`)
  expect.shape(t.mean(2, true), [3, 4, 1], 'mean(2, true)')
})
