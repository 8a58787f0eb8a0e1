import { test, expect } from 'tinytorch/harness'
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { enableAutograd } from 'tinytorch/05_autograd'
import { SGD, Adam, AdamW } from 'tinytorch/06_optimizers'

function param(values: number[], grad: number[] | null): Tensor {
  const p = new Tensor(values, { requiresGrad: true })
  p.grad = grad ? new Tensor(grad) : null
  return p
}

/** A plain re-implementation of Adam for comparisons (AdamW when decoupled is true). */
function adamReference(
  w: number[],
  grads: number[][],
  lr: number,
  wd: number,
  decoupled: boolean,
  b1 = 0.9,
  b2 = 0.999,
  eps = 1e-8
): number[] {
  const m = w.map(() => 0)
  const v = w.map(() => 0)
  grads.forEach((g, step) => {
    const t = step + 1
    for (let j = 0; j < w.length; j++) {
      if (decoupled) w[j] = w[j]! - lr * wd * w[j]!
      const gj = g[j]! + (decoupled ? 0 : wd * w[j]!)
      m[j] = b1 * m[j]! + (1 - b1) * gj
      v[j] = b2 * v[j]! + (1 - b2) * gj * gj
      w[j] = w[j]! - (lr * (m[j]! / (1 - b1 ** t))) / (Math.sqrt(v[j]! / (1 - b2 ** t)) + eps)
    }
  })
  return w
}

const gradSeq = [
  [0.5, -1, 2],
  [0.3, -0.5, 1],
  [-0.2, 0.1, 0.4]
]

test('SGD weight decay adds λθ to the gradient', {
  task: 'sgd',
  points: 2,
  hint: 'g ← g + weightDecay·θ before the step (θ is the value before the update).'
}, () => {
  const p = param([2, -4], [1, 1])
  new SGD([p], { lr: 0.5, weightDecay: 0.1 }).step()
  expect.tensorClose(p, [2 - 0.5 * 1.2, -4 - 0.5 * 0.6])
})

test('SGD updates every parameter tensor in place', {
  task: 'sgd',
  points: 1,
  hint: 'Write into p.data; do not replace p.data with a new array or create new tensors.'
}, () => {
  const a = param([1, 1], [1, 2])
  const b = param([3], [1])
  const dataA = a.data
  new SGD([a, b], { lr: 1 }).step()
  expect.true(a.data === dataA, 'a.data should be the same Float32Array after step()')
  expect.tensorClose(a, [0, -1], 'a')
  expect.equal(Array.from(b.data), [2], 'b')
})

test('momentum rejects values outside [0, 1) and combines with weight decay', {
  task: 'momentum',
  points: 2,
  hint: 'The velocity accumulates g + λθ (weight decay is added before the velocity update); the given constructor already rejects momentum outside [0, 1).'
}, () => {
  expect.throws(() => new SGD([param([1], [1])], { lr: 0.1, momentum: 1 }), /momentum/, 'momentum 1')
  expect.throws(() => new SGD([param([1], [1])], { lr: 0.1, momentum: -0.5 }), /momentum/, 'momentum -0.5')
  const p = param([1], [0])
  const opt = new SGD([p], { lr: 0.1, momentum: 0.5, weightDecay: 1 })
  let w = 1
  let v = 0
  for (let i = 0; i < 3; i++) {
    v = 0.5 * v + w
    w -= 0.1 * v
    opt.step()
  }
  expect.close(p.data[0]!, w, 'after 3 steps')
})

test('Adam matches the textbook update over several steps', {
  task: 'adam',
  points: 2,
  hint: 'Increment the step count before computing 1 − β₁ᵗ and 1 − β₂ᵗ; keep m and v per element across steps.'
}, () => {
  const p = param([1, -1, 0.5], gradSeq[0]!)
  const opt = new Adam([p], { lr: 0.05, betas: [0.8, 0.99], eps: 1e-6 })
  for (const g of gradSeq) {
    p.grad = new Tensor(g)
    opt.step()
  }
  expect.tensorClose(p, adamReference([1, -1, 0.5], gradSeq, 0.05, 0, false, 0.8, 0.99, 1e-6), 'after 3 steps', { atol: 1e-5 })
})

test('Adam minimises a quadratic through autograd', {
  task: 'adam',
  points: 2,
  hint: 'If the loss stalls, check the sign of the update and that m and v persist between steps.'
}, () => {
  enableAutograd()
  const target = Tensor.fromND(new Random(1).normal([5], 3, 1))
  const x = new Tensor(new Float32Array(5), { shape: [5], requiresGrad: true })
  const opt = new Adam([x], { lr: 0.1 })
  for (let i = 0; i < 300; i++) {
    opt.zeroGrad()
    const d = x.sub(target)
    d.mul(d).sum().backward()
    opt.step()
  }
  expect.tensorClose(x, target, 'x after 300 steps', { atol: 0.05 })
})

test('Adam’s weightDecay is an L2 term through the gradient', {
  task: 'adam',
  points: 1,
  hint: 'For Adam (not AdamW) weight decay is added to the gradient: g + λθ, which then goes through m and v.'
}, () => {
  const p = param([1, -2], [0, 0])
  new Adam([p], { lr: 0.1, weightDecay: 0.5 }).step()
  expect.tensorClose(p, adamReference([1, -2], [[0, 0]], 0.1, 0.5, false), 'after one step', { atol: 1e-5 })
})

test('AdamW matches the decoupled update over several steps', {
  task: 'adamw',
  points: 2,
  hint: 'Decay θ by lr·λ·θ, then run Adam on the raw gradient (no λθ added to it).'
}, () => {
  const p = param([1, -1, 0.5], gradSeq[0]!)
  const opt = new AdamW([p], { lr: 0.05, weightDecay: 0.1 })
  for (const g of gradSeq) {
    p.grad = new Tensor(g)
    opt.step()
  }
  expect.tensorClose(p, adamReference([1, -1, 0.5], gradSeq, 0.05, 0.1, true), 'after 3 steps', { atol: 1e-5 })
})

test('AdamW defaults and skipped parameters', {
  task: 'adamw',
  points: 1,
  hint: 'The default weightDecay is 0.01; parameters without a gradient are neither decayed nor updated.'
}, () => {
  const a = param([1], [0])
  const b = param([1], null)
  const opt = new AdamW([a, b], { lr: 1 })
  opt.step()
  expect.close(a.data[0]!, 0.99, 'a after one step')
  expect.close(b.data[0]!, 1, 'b (no gradient)')
})
