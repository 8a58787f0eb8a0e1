import { test, expect } from 'tinytorch/harness'
import { Tensor } from 'tinytorch/01_tensor'
import { SGD, Adam, AdamW } from 'tinytorch/06_optimizers'

function param(values: number[], grad: number[] | null): Tensor {
  const p = new Tensor(values, { requiresGrad: true })
  p.grad = grad ? new Tensor(grad) : null
  return p
}

test('SGD takes a step against the gradient', { task: 'sgd', points: 2, hint: 'θ ← θ − lr·g, written into p.data in place.' }, () => {
  const p = param([1, 2], [0.5, -1])
  new SGD([p], { lr: 0.1 }).step()
  expect.tensorClose(p, [0.95, 2.1])
})

test('zeroGrad clears gradients and step skips parameters without one', {
  task: 'sgd',
  points: 1,
  hint: 'zeroGrad sets every p.grad to null; step must not touch a parameter whose grad is null.'
}, () => {
  const a = param([1], [1])
  const b = param([5], null)
  const opt = new SGD([a, b], { lr: 1 })
  opt.step()
  expect.tensorClose(a, [0], 'a after a step')
  expect.tensorClose(b, [5], 'b (no gradient) after a step')
  opt.zeroGrad()
  expect.equal(a.grad, null, 'a.grad after zeroGrad')
})

test('momentum accumulates velocity', {
  task: 'momentum',
  points: 2,
  hint: 'v ← μv + g then θ ← θ − lr·v: with g = 1, μ = 0.9, lr = 0.1 the steps are 0.1 then 0.19.'
}, () => {
  const p = param([0], [1])
  const opt = new SGD([p], { lr: 0.1, momentum: 0.9 })
  opt.step()
  expect.close(p.data[0]!, -0.1, 'after step 1')
  opt.step()
  expect.close(p.data[0]!, -0.29, 'after step 2')
})

test('Adam’s first step has size lr per coordinate', {
  task: 'adam',
  points: 2,
  hint: 'With bias correction m̂ = g and v̂ = g² on step 1, so each coordinate moves by lr·g/|g| = lr (up to eps).'
}, () => {
  const p = param([1, 1, 1], [0.001, -5, 200])
  new Adam([p], { lr: 0.01 }).step()
  expect.tensorClose(p, [0.99, 1.01, 0.99], 'after one step', { atol: 1e-5 })
})

test('AdamW decays weights directly', {
  task: 'adamw',
  points: 2,
  hint: 'θ ← θ − lr·λ·θ happens even when the gradient is zero; the Adam part then adds nothing.'
}, () => {
  const p = param([1, -2], [0, 0])
  new AdamW([p], { lr: 0.1, weightDecay: 0.5 }).step()
  expect.tensorClose(p, [0.95, -1.9])
})
