import { test, expect } from 'tinytorch/harness'
import { Tensor } from 'tinytorch/01_tensor'
import { Sigmoid, ReLU, Tanh, GELU, Softmax } from 'tinytorch/02_activations'

test('sigmoid of a few values', { task: 'sigmoid', points: 2, hint: 'σ(0) = 0.5, σ(2) = 1/(1+e⁻²) ≈ 0.8808, σ(−2) = 1 − σ(2).' }, () => {
  const y = new Sigmoid().forward(new Tensor([-2, 0, 2]))
  expect.tensorClose(y, [0.11920292, 0.5, 0.88079708])
})

test('sigmoid stays finite at ±1000', {
  task: 'sigmoid',
  points: 2,
  hint: 'Only exponentiate −|x|; exp of a large positive number is Infinity and Infinity/Infinity is NaN.'
}, () => {
  const y = new Sigmoid().forward(new Tensor([-1000, 1000]))
  expect.finite(y.data, 'sigmoid([-1000, 1000])')
  expect.tensorClose(y, [0, 1])
})

test('relu zeroes the negatives', {
  task: 'relu',
  points: 2,
  hint: 'max(0, x) element by element; the output has the input shape.'
}, () => {
  const y = new ReLU().forward(
    new Tensor([
      [-1.5, 0],
      [2, -3]
    ])
  )
  expect.tensorClose(y, [
    [0, 0],
    [2, 0]
  ])
})

test('tanh of a few values', { task: 'tanh', points: 1, hint: 'Use nd.tanh; tanh(1) ≈ 0.7616.' }, () => {
  expect.tensorClose(new Tanh().forward(new Tensor([-1, 0, 1])), [-0.76159416, 0, 0.76159416])
})

test('gelu matches the tanh approximation', {
  task: 'gelu',
  points: 2,
  hint: 'GELU(x) = 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))); GELU(1) ≈ 0.8412.'
}, () => {
  expect.tensorClose(new GELU().forward(new Tensor([-1, 0, 1, 2])), [-0.15880801, 0, 0.84119199, 1.95459769], 'gelu', { atol: 1e-5 })
})

test('softmax rows sum to one', {
  task: 'softmax',
  points: 2,
  hint: 'Exponentiate, then divide each value by the sum of its row (nd.sum with keepdims so it broadcasts).'
}, () => {
  const y = new Softmax().forward(
    new Tensor([
      [1, 2, 3],
      [0, 0, 0]
    ])
  )
  expect.tensorClose(y, [
    [0.09003057, 0.24472847, 0.66524096],
    [1 / 3, 1 / 3, 1 / 3]
  ])
})

test('softmax of [1000, 1001, 1002] is finite', {
  task: 'softmax',
  points: 2,
  hint: 'Subtract the row maximum before exp: softmax(x − c) = softmax(x).'
}, () => {
  const y = new Softmax().forward(new Tensor([1000, 1001, 1002]))
  expect.finite(y.data, 'softmax([1000, 1001, 1002])')
  expect.tensorClose(y, [0.09003057, 0.24472847, 0.66524096])
})
