import { test, expect } from 'tinytorch/harness'
import { nd } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { ReLU } from 'tinytorch/02_activations'
import { Linear, Dropout, Sequential, xavierLimit } from 'tinytorch/03_layers'

test('Linear creates weight [in, out] and a zero bias', {
  task: 'linear_init',
  points: 2,
  hint: 'The weight is stored as [inFeatures, outFeatures]; the bias has shape [outFeatures] and starts at zero; both need requiresGrad: true.'
}, () => {
  const layer = new Linear(3, 2, true, 0)
  expect.shape(layer.weight, [3, 2], 'weight')
  expect.true(layer.bias !== null, 'bias should exist by default')
  expect.tensorClose(layer.bias!, [0, 0], 'bias')
  expect.true(layer.weight.requiresGrad && layer.bias!.requiresGrad, 'weight and bias need requiresGrad: true')
})

test('Linear weights lie within the Xavier bound', {
  task: 'linear_init',
  points: 2,
  hint: 'Draw from U(−a, a) with a = √(6 / (in + out)); xavierLimit computes a.'
}, () => {
  const layer = new Linear(50, 30, true, 1)
  const a = xavierLimit(50, 30)
  const w = layer.weight.data
  expect.true(
    w.every((v) => Math.abs(v) <= a),
    `every weight should be within ±${a.toFixed(4)}`
  )
  let sq = 0
  for (const v of w) sq += v * v
  expect.close(sq / w.length, (a * a) / 3, 'mean of w² (variance of U(−a, a) is a²/3)', { rtol: 0.15, atol: 0 })
})

test('Linear forward computes x W + b', {
  task: 'linear_forward',
  points: 2,
  hint: 'Use x.matmul(this.weight) and then .add(this.bias); the bias broadcasts over the batch rows.'
}, () => {
  const layer = new Linear(2, 3, true, 0)
  layer.weight = new Tensor([
    [1, 2, 3],
    [4, 5, 6]
  ])
  layer.bias = new Tensor([0.5, -0.5, 1])
  const y = layer.forward(
    new Tensor([
      [1, 1],
      [2, 0]
    ])
  )
  expect.tensorClose(y, [
    [5.5, 6.5, 10],
    [2.5, 3.5, 7]
  ])
  expect.equal(layer.parameters().length, 2, 'parameters().length')
})

test('Dropout in evaluation mode is the identity', {
  task: 'dropout',
  points: 1,
  hint: 'When training is false, return the input unchanged.'
}, () => {
  const x = new Tensor([
    [1, 2],
    [3, 4]
  ])
  expect.tensorClose(new Dropout(0.5).forward(x, false), [
    [1, 2],
    [3, 4]
  ])
})

test('Dropout zeroes about p of the values and scales the rest', {
  task: 'dropout',
  points: 2,
  hint: 'Kept values are multiplied by 1/(1−p): with p = 0.25 every nonzero output equals 1/0.75 for an input of ones.'
}, () => {
  nd.seed(5)
  const y = new Dropout(0.25).forward(Tensor.fromND(nd.ones([100, 100])))
  let zeros = 0
  for (const v of y.data) {
    if (v === 0) zeros++
    else expect.close(v, 1 / 0.75, 'a kept value')
  }
  expect.close(zeros / y.size, 0.25, 'fraction dropped', { atol: 0.03, rtol: 0 })
})

test('Sequential chains layers and collects parameters', {
  task: 'sequential',
  points: 2,
  hint: 'forward feeds each output into the next layer; parameters() concatenates every layer’s parameters in order.'
}, () => {
  const model = new Sequential(new Linear(4, 8, true, 0), new ReLU(), new Linear(8, 2, true, 1))
  const y = model.forward(Tensor.fromND(nd.ones([5, 4])))
  expect.shape(y, [5, 2], 'output')
  expect.equal(
    model.parameters().map((p) => p.shape),
    [[4, 8], [8], [8, 2], [2]],
    'parameter shapes'
  )
})
