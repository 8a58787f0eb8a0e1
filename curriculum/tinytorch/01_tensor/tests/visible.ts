import { test, expect } from 'tinytorch/harness'
import { Tensor } from 'tinytorch/01_tensor'

test('creates a tensor from nested arrays', {
  task: 'create',
  points: 2,
  hint: 'shape comes from the nesting ([2 rows, 3 columns] -> [2, 3]) and data is a Float32Array of all values, row by row.'
}, () => {
  const t = new Tensor([
    [1, 2, 3],
    [4, 5, 6]
  ])
  expect.equal(t.shape, [2, 3], 'shape')
  expect.true(t.data instanceof Float32Array, 'data should be a Float32Array')
  expect.equal(Array.from(t.data), [1, 2, 3, 4, 5, 6], 'data')
  expect.equal(t.size, 6, 'size')
  expect.equal(t.requiresGrad, false, 'requiresGrad default')
})

test('a number becomes a scalar with shape []', {
  task: 'create',
  points: 1,
  hint: 'A scalar has no axes: shape [] and size 1 (the product of an empty list is 1).'
}, () => {
  const t = new Tensor(5)
  expect.equal(t.shape, [], 'shape')
  expect.equal(t.size, 1, 'size')
  expect.equal(t.item(), 5, 'item()')
})

test('a Float32Array with a shape option', {
  task: 'create',
  points: 1,
  hint: 'For a Float32Array use opts.shape (default [length]) and keep the array as data.'
}, () => {
  const t = new Tensor(new Float32Array([1, 2, 3, 4, 5, 6]), { shape: [3, 2], requiresGrad: true })
  expect.equal(t.shape, [3, 2], 'shape')
  expect.equal(t.requiresGrad, true, 'requiresGrad')
  expect.tensorClose(t, [
    [1, 2],
    [3, 4],
    [5, 6]
  ])
})

test('element-wise add and mul', {
  task: 'arithmetic',
  points: 2,
  hint: 'Each operation returns a new Tensor; element i of the result combines element i of both inputs.'
}, () => {
  const a = new Tensor([
    [1, 2],
    [3, 4]
  ])
  const b = new Tensor([
    [10, 20],
    [30, 40]
  ])
  expect.tensorClose(
    a.add(b),
    [
      [11, 22],
      [33, 44]
    ],
    'a.add(b)'
  )
  expect.tensorClose(
    a.mul(b),
    [
      [10, 40],
      [90, 160]
    ],
    'a.mul(b)'
  )
})

test('broadcasting a row and a number', {
  task: 'arithmetic',
  points: 2,
  hint: 'A [3] row broadcasts over every row of a [2, 3] tensor; a plain number broadcasts everywhere. nd.add already does this.'
}, () => {
  const a = new Tensor([
    [1, 2, 3],
    [4, 5, 6]
  ])
  expect.tensorClose(
    a.add(new Tensor([10, 20, 30])),
    [
      [11, 22, 33],
      [14, 25, 36]
    ],
    'a + row'
  )
  expect.tensorClose(
    a.sub(1),
    [
      [0, 1, 2],
      [3, 4, 5]
    ],
    'a - 1'
  )
  expect.tensorClose(
    a.div(2),
    [
      [0.5, 1, 1.5],
      [2, 2.5, 3]
    ],
    'a / 2'
  )
})

test('matmul of two matrices', { task: 'matmul', points: 2, hint: 'C[i][j] = Σ_k A[i][k]·B[k][j]; [2, 3] @ [3, 2] gives [2, 2].' }, () => {
  const a = new Tensor([
    [1, 2, 3],
    [4, 5, 6]
  ])
  const b = new Tensor([
    [7, 8],
    [9, 10],
    [11, 12]
  ])
  expect.tensorClose(a.matmul(b), [
    [58, 64],
    [139, 154]
  ])
})

test('matmul rejects mismatched inner dimensions', {
  task: 'matmul',
  points: 1,
  hint: 'Check the last dim of the left operand against the first (vector) or second-to-last (matrix) dim of the right, and put both numbers in the error message.'
}, () => {
  const a = new Tensor(new Float32Array(6), { shape: [2, 3] })
  const b = new Tensor(new Float32Array(20), { shape: [4, 5] })
  expect.throws(() => a.matmul(b), /3[\s\S]*4|4[\s\S]*3/, '[2, 3] @ [4, 5]')
})

test('reshape with -1 and transpose', {
  task: 'shape',
  points: 2,
  hint: 'reshape keeps the row-major order of the values; transpose moves them, so the result data must be re-laid out row by row.'
}, () => {
  const t = new Tensor([1, 2, 3, 4, 5, 6])
  const r = t.reshape(2, -1)
  expect.tensorClose(
    r,
    [
      [1, 2, 3],
      [4, 5, 6]
    ],
    'reshape(2, -1)'
  )
  expect.tensorClose(
    r.transpose(),
    [
      [1, 4],
      [2, 5],
      [3, 6]
    ],
    'transpose()'
  )
})

test('sum and mean along an axis', {
  task: 'reductions',
  points: 2,
  hint: 'axis 0 reduces down the columns, axis 1 along each row; keepdims leaves a 1 where the axis was.'
}, () => {
  const t = new Tensor([
    [1, 2, 3],
    [4, 5, 6]
  ])
  expect.tensorClose(t.sum(0), [5, 7, 9], 'sum(0)')
  expect.tensorClose(t.mean(1), [2, 5], 'mean(1)')
  expect.tensorClose(t.sum(1, true), [[6], [15]], 'sum(1, true)')
  expect.close(t.sum().item(), 21, 'sum()')
})
