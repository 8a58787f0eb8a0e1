import { test, expect } from 'tinytorch/harness'
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Sigmoid, ReLU, Tanh, GELU, Softmax } from 'tinytorch/02_activations'

/** Random inputs, built inside each test so a broken Tensor fails that test instead of the whole file. */
const makeX = (): Tensor => Tensor.fromND(new Random(11).normal([4, 6], 0, 3))

test('sigmoid(−x) = 1 − sigmoid(x) and keeps the shape', {
  task: 'sigmoid',
  points: 2,
  hint: 'Both branches of the stable formula must give the same function; check the x < 0 branch is e/(1+e).'
}, () => {
  const x = makeX()
  const s = new Sigmoid()
  const a = s.forward(x)
  const b = s.forward(x.mul(-1))
  expect.shape(a, [4, 6], 'sigmoid(x)')
  expect.tensorClose(a.add(b), Tensor.fromND(x.toND().mul(0).add(1)), 'σ(x) + σ(−x)', { atol: 1e-6 })
  expect.true(
    a.data.every((v) => v > 0 && v < 1),
    'sigmoid values must be in (0, 1) for moderate inputs'
  )
})

test('sigmoid of extreme values across shapes', {
  task: 'sigmoid',
  points: 1,
  hint: 'Infinity and NaN typically come from exp(large) — never compute exp of a positive number.'
}, () => {
  const y = new Sigmoid().forward(
    new Tensor([
      [-1e4, -50],
      [50, 1e4]
    ])
  )
  expect.finite(y.data)
  expect.tensorClose(
    y,
    [
      [0, 0],
      [1, 1]
    ],
    'sigmoid',
    { atol: 1e-6 }
  )
})

test('relu on random data and at zero', {
  task: 'relu',
  points: 1,
  hint: 'ReLU(0) is 0 and ReLU(x) = x for x > 0 exactly — no scaling.'
}, () => {
  const x = makeX()
  const y = new ReLU().forward(x)
  expect.shape(y, [4, 6])
  for (let i = 0; i < x.size; i++) {
    const want = Math.max(0, x.data[i]!)
    if (y.data[i] !== want) expect.close(y.data[i]!, want, `relu at ${i}`)
  }
  expect.equal(new ReLU().call(new Tensor([0])).data[0], 0, 'relu(0) via call()')
})

test('tanh is odd and bounded', { task: 'tanh', points: 2, hint: 'tanh(−x) = −tanh(x) and |tanh| ≤ 1; tanh(±1000) is ±1.' }, () => {
  const x = makeX()
  const t = new Tanh()
  expect.tensorClose(t.forward(x).add(t.forward(x.mul(-1))), Tensor.fromND(x.toND().mul(0)), 'tanh(x) + tanh(−x)', { atol: 1e-6 })
  expect.tensorClose(t.forward(new Tensor([-1000, 1000])), [-1, 1])
})

test('gelu limits and shape', {
  task: 'gelu',
  points: 2,
  hint: 'For large positive x GELU(x) ≈ x, for large negative x it is ≈ 0; keep the input shape.'
}, () => {
  const g = new GELU()
  const y = g.forward(
    new Tensor([
      [-10, 10],
      [-0.5, 0.5]
    ])
  )
  expect.shape(y, [2, 2])
  expect.tensorClose(
    y,
    [
      [0, 10],
      [-0.15428599, 0.34571401]
    ],
    'gelu',
    { atol: 1e-5 }
  )
  expect.finite(g.forward(new Tensor([-1000, 1000])).data, 'gelu(±1000)')
})

test('softmax along dim 0', {
  task: 'softmax',
  points: 2,
  hint: 'Use this.dim in both the max and the sum; with dim 0 the columns sum to one.'
}, () => {
  const y = new Softmax(0).forward(
    new Tensor([
      [1, 0],
      [1, Math.log(3)]
    ])
  )
  expect.tensorClose(y, [
    [0.5, 0.25],
    [0.5, 0.75]
  ])
})

test('softmax is shift invariant and rows sum to one on random data', {
  task: 'softmax',
  points: 2,
  hint: 'Subtract the maximum of each row (keepdims), not of the whole tensor; results must not change when a constant is added.'
}, () => {
  const x = makeX()
  const s = new Softmax()
  const y = s.forward(x)
  const shifted = s.forward(x.add(500))
  expect.tensorClose(shifted, y, 'softmax(x + 500) vs softmax(x)', { atol: 1e-5 })
  expect.tensorClose(y.sum(-1), [1, 1, 1, 1], 'row sums', { atol: 1e-5 })
  const rowShift = s.forward(
    new Tensor([
      [0, 1, 2],
      [-1000, -999, -998]
    ])
  )
  expect.tensorClose(
    rowShift,
    [
      [0.09003057, 0.24472847, 0.66524096],
      [0.09003057, 0.24472847, 0.66524096]
    ],
    'rows with very different scales'
  )
})
