import { test, expect } from 'tinytorch/harness'
import { nd } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Tanh } from 'tinytorch/02_activations'
import { Linear, Dropout, Sequential } from 'tinytorch/03_layers'

test('Linear initialisation is reproducible', {
  task: 'linear_init',
  points: 2,
  hint: 'With a seed use new Random(seed); without one use nd.uniform so nd.seed(...) makes runs repeatable.'
}, () => {
  const a = new Linear(6, 4, true, 42)
  const b = new Linear(6, 4, true, 42)
  const c = new Linear(6, 4, true, 43)
  expect.tensorClose(a.weight, b.weight, 'same seed', { atol: 0 })
  expect.true(
    Array.from(a.weight.data).some((v, i) => v !== c.weight.data[i]),
    'different seeds should give different weights'
  )
  nd.seed(9)
  const d = new Linear(6, 4)
  nd.seed(9)
  const e = new Linear(6, 4)
  expect.tensorClose(d.weight, e.weight, 'nd.seed(9) twice', { atol: 0 })
})

test('Linear without bias and invalid sizes', {
  task: 'linear_init',
  points: 1,
  hint: 'bias = false means this.bias is null; sizes must be positive integers.'
}, () => {
  const layer = new Linear(3, 2, false, 0)
  expect.equal(layer.bias, null, 'bias')
  expect.throws(() => new Linear(0, 2), /./, 'new Linear(0, 2)')
  expect.throws(() => new Linear(2.5, 2), /./, 'new Linear(2.5, 2)')
})

test('Linear without bias forwards x W only', {
  task: 'linear_forward',
  points: 1,
  hint: 'Skip the add when there is no bias; parameters() is then just [weight].'
}, () => {
  const layer = new Linear(2, 2, false, 0)
  layer.weight = new Tensor([
    [0, 1],
    [1, 0]
  ])
  expect.tensorClose(layer.forward(new Tensor([[3, 4]])), [[4, 3]])
  expect.equal(layer.parameters().length, 1, 'parameters().length')
})

test('Linear rejects inputs with the wrong feature size', {
  task: 'linear_forward',
  points: 1,
  hint: 'Compare the last dimension of x with inFeatures and throw an Error that gives both sizes (here 4 expected, 5 given).'
}, () => {
  const layer = new Linear(4, 2, true, 0)
  expect.throws(() => layer.forward(Tensor.fromND(nd.ones([3, 5]))), /4[\s\S]*5|5[\s\S]*4/, 'Linear(4, 2) on [3, 5]')
})

test('Linear forward matches a direct computation on random data', {
  task: 'linear_forward',
  points: 2,
  hint: 'The output is [batch, out]: y[i][j] = Σ_k x[i][k]·W[k][j] + b[j].'
}, () => {
  const layer = new Linear(5, 3, true, 3)
  layer.bias = new Tensor([1, 2, 3])
  const x = Tensor.fromND(new nd.Random(4).normal([4, 5]))
  const want = nd.add(nd.matmul(x.toND(), layer.weight.toND()), [1, 2, 3])
  expect.tensorClose(layer.forward(x), Tensor.fromND(want), 'forward', { atol: 1e-5 })
})

test('Dropout rejects p outside [0, 1]', {
  task: 'dropout',
  points: 1,
  hint: 'Throw in the constructor for p < 0 or p > 1 (and NaN).'
}, () => {
  expect.close(new Dropout(0.3).p, 0.3, 'Dropout(0.3).p')
  expect.throws(() => new Dropout(-0.1), /./, 'Dropout(-0.1)')
  expect.throws(() => new Dropout(1.5), /./, 'Dropout(1.5)')
  expect.throws(() => new Dropout(Number.NaN), /./, 'Dropout(NaN)')
})

test('Dropout edge cases p = 0, p = 1 and eval()', {
  task: 'dropout',
  points: 2,
  hint: 'p = 0 keeps everything unscaled; p = 1 zeroes everything (avoid dividing by 1 − p = 0); eval() switches the default training flag off.'
}, () => {
  const x = new Tensor([
    [1, -2],
    [3, 4]
  ])
  expect.tensorClose(
    new Dropout(0).forward(x),
    [
      [1, -2],
      [3, 4]
    ],
    'p = 0'
  )
  const all = new Dropout(1).forward(x)
  expect.finite(all.data, 'p = 1')
  expect.tensorClose(
    all,
    [
      [0, 0],
      [0, 0]
    ],
    'p = 1'
  )
  expect.tensorClose(
    new Dropout(0.9).eval().forward(x),
    [
      [1, -2],
      [3, 4]
    ],
    'after eval()'
  )
})

test('Dropout preserves the mean in expectation', {
  task: 'dropout',
  points: 2,
  hint: 'Inverted dropout: E[output] = (1 − p) · x / (1 − p) = x. Scale by 1/(1 − p), not by (1 − p).'
}, () => {
  nd.seed(123)
  const x = Tensor.fromND(nd.full([200, 100], 3))
  const y = new Dropout(0.6).forward(x)
  expect.close(y.mean().item(), 3, 'mean after dropout', { atol: 0.1, rtol: 0 })
})

test('Sequential passes the training flag and handles an empty list', {
  task: 'sequential',
  points: 2,
  hint: 'An empty Sequential returns its input; eval() on the container must reach Dropout inside it.'
}, () => {
  const x = new Tensor([[1, 2]])
  expect.tensorClose(new Sequential().forward(x), [[1, 2]], 'empty Sequential')
  const model = new Sequential(new Dropout(0.99), new Tanh())
  model.eval()
  expect.tensorClose(model.forward(x), [[Math.tanh(1), Math.tanh(2)]], 'Dropout + Tanh in eval mode')
  expect.equal(model.parameters().length, 0, 'parameters of Dropout + Tanh')
})
