import { test, expect } from 'tinytorch/harness'
import { nd } from 'tinytorch/runtime'
import { Tensor, type GradFn } from 'tinytorch/01_tensor'
import {
  AddBackward,
  MulBackward,
  MatmulBackward,
  SumBackward,
  MeanBackward,
  SigmoidBackward,
  ReLUBackward,
  CrossEntropyBackward,
  runBackward,
  enableAutograd
} from 'tinytorch/05_autograd'

const T = (v: number[] | number[][]): Tensor => new Tensor(v, { requiresGrad: true })

test('AddBackward sums a broadcast gradient back', {
  task: 'elementwise',
  points: 2,
  hint: 'b had shape [3] but the output is [2, 3]: its gradient is the sum over the rows, nd.sumTo(grad, b.shape).'
}, () => {
  const a = T([
    [1, 2, 3],
    [4, 5, 6]
  ])
  const b = T([10, 20, 30])
  const [ga, gb] = new AddBackward(a, b).apply(
    nd.array([
      [1, 2, 3],
      [4, 5, 6]
    ])
  )
  expect.tensorClose(
    Tensor.fromND(ga!),
    [
      [1, 2, 3],
      [4, 5, 6]
    ],
    'grad of a'
  )
  expect.tensorClose(Tensor.fromND(gb!), [5, 7, 9], 'grad of b')
})

test('MulBackward swaps the operands', {
  task: 'elementwise',
  points: 2,
  hint: 'd(a·b)/da = b and d(a·b)/db = a, each times the incoming gradient.'
}, () => {
  const a = T([1, 2, 3])
  const b = T([4, 5, 6])
  const [ga, gb] = new MulBackward(a, b).apply(nd.array([1, 1, 2]))
  expect.tensorClose(Tensor.fromND(ga!), [4, 5, 12], 'grad of a')
  expect.tensorClose(Tensor.fromND(gb!), [1, 2, 6], 'grad of b')
})

test('MatmulBackward: dA = G Bᵀ and dB = Aᵀ G', {
  task: 'matmul',
  points: 2,
  hint: 'Check shapes: dA must be [m, k] = [m, n] @ [n, k], so it is G @ Bᵀ; dB is Aᵀ @ G.'
}, () => {
  const a = T([
    [1, 2],
    [3, 4],
    [5, 6]
  ])
  const b = T([
    [1, 0, 2],
    [0, 1, 1]
  ])
  const [ga, gb] = new MatmulBackward(a, b).apply(nd.ones([3, 3]))
  expect.tensorClose(
    Tensor.fromND(ga!),
    [
      [3, 2],
      [3, 2],
      [3, 2]
    ],
    'grad of A'
  )
  expect.tensorClose(
    Tensor.fromND(gb!),
    [
      [9, 9, 9],
      [12, 12, 12]
    ],
    'grad of B'
  )
})

test('SumBackward and MeanBackward spread the gradient', {
  task: 'reductions',
  points: 2,
  hint: 'Sum copies the gradient to every reduced element; mean also divides by the number of elements averaged.'
}, () => {
  const x = T([
    [1, 2, 3],
    [4, 5, 6]
  ])
  expect.tensorClose(
    Tensor.fromND(new SumBackward(x, 1).apply(nd.array([1, 2]))[0]!),
    [
      [1, 1, 1],
      [2, 2, 2]
    ],
    'sum(1)'
  )
  expect.tensorClose(
    Tensor.fromND(new MeanBackward(x).apply(nd.array(3))[0]!),
    [
      [0.5, 0.5, 0.5],
      [0.5, 0.5, 0.5]
    ],
    'mean()'
  )
})

test('Sigmoid and ReLU backward', {
  task: 'activations',
  points: 2,
  hint: "σ'(x) = σ(x)(1 − σ(x)) from the saved output; ReLU passes the gradient only where the input was positive."
}, () => {
  const x = T([-1, 0, 2])
  const s = T([0.25, 0.5, 0.75]) // pretend output
  expect.tensorClose(Tensor.fromND(new SigmoidBackward(x, s).apply(nd.array([1, 1, 2]))[0]!), [0.1875, 0.25, 0.375], 'sigmoid')
  expect.tensorClose(Tensor.fromND(new ReLUBackward(x).apply(nd.array([5, 5, 5]))[0]!), [0, 0, 5], 'relu')
})

test('CrossEntropyBackward is (softmax − onehot) / N', {
  task: 'losses',
  points: 2,
  hint: 'Subtract 1 at the target column of each row of the softmax, divide by the number of rows, multiply by grad.'
}, () => {
  const logits = T([
    [0, 0],
    [0, Math.log(3)]
  ])
  const [g] = new CrossEntropyBackward(logits, T([1, 0])).apply(nd.array(1))
  expect.tensorClose(Tensor.fromND(g!), [
    [0.25, -0.25],
    [-0.375, 0.375]
  ])
})

test('runBackward walks a hand-built graph', {
  task: 'engine',
  points: 2,
  hint: 'Seed the root with ones, call gradFn.apply on each non-leaf in reverse topological order, and store the result in .grad of the leaves.'
}, () => {
  const x = new Tensor([1, 2, 3], { requiresGrad: true })
  const y = new Tensor([2, 4, 6], { requiresGrad: true })
  const double: GradFn = { name: 'Double', inputs: [x], apply: (g) => [nd.mul(g, 2)] }
  y.gradFn = double
  const z = new Tensor(12, { requiresGrad: true })
  z.gradFn = { name: 'Sum', inputs: [y], apply: (g) => [nd.mul(nd.ones([3]), g)] }
  runBackward(z)
  expect.true(x.grad !== null, 'x.grad should be set')
  expect.tensorClose(x.grad!, [2, 2, 2], 'x.grad')
  expect.throws(() => runBackward(y), /./, 'backward() of a [3] tensor without a gradient')
})

test('enableAutograd: gradient of sum(x·x) is 2x', {
  task: 'enable',
  points: 3,
  hint: 'After enableAutograd(), x.mul(x) must return a tensor with requiresGrad true and a MulBackward gradFn, and x.sum() one with SumBackward; backward() calls runBackward.'
}, () => {
  enableAutograd()
  const x = new Tensor([1, -2, 3], { requiresGrad: true })
  const y = x.mul(x).sum()
  expect.true(y.requiresGrad, 'the result of operations on x should require grad')
  y.backward()
  expect.tensorClose(x.grad!, [2, -4, 6], 'x.grad')
})
