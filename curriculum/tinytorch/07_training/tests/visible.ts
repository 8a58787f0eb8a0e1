import { test, expect } from 'tinytorch/harness'
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Linear } from 'tinytorch/03_layers'
import { MSELoss, CrossEntropyLoss } from 'tinytorch/04_losses'
import { SGD } from 'tinytorch/06_optimizers'
import { CosineSchedule, clipGradNorm, Trainer, makeBatches } from 'tinytorch/07_training'

/** y = 2·x₀ − x₁ + 0.5 with a little noise. */
function regressionData(seed: number, n = 64): { x: Tensor; y: Tensor } {
  const r = new Random(seed)
  const x = r.normal([n, 2])
  const y = new Float32Array(n)
  for (let i = 0; i < n; i++) y[i] = 2 * x.data[2 * i]! - x.data[2 * i + 1]! + 0.5 + 0.01 * r.gaussian()
  return { x: Tensor.fromND(x), y: new Tensor(y, { shape: [n, 1] }) }
}

test('cosine schedule endpoints and midpoint', {
  task: 'schedule',
  points: 2,
  hint: 'lr(e) = minLr + ½(maxLr − minLr)(1 + cos(πe/T)): maxLr at 0, the average at T/2, minLr at T.'
}, () => {
  const s = new CosineSchedule({ maxLr: 0.1, minLr: 0.01, totalEpochs: 10 })
  expect.close(s.getLr(0), 0.1, 'epoch 0')
  expect.close(s.getLr(5), 0.055, 'epoch 5')
  expect.close(s.getLr(10), 0.01, 'epoch 10')
})

test('clipGradNorm scales all gradients to maxNorm', {
  task: 'clip',
  points: 2,
  hint: 'One global norm over every gradient: √(3² + 4²) = 5 here; scale every gradient by maxNorm / norm and return 5.'
}, () => {
  const a = new Tensor([0, 0], { requiresGrad: true })
  const b = new Tensor([0], { requiresGrad: true })
  a.grad = new Tensor([3, 0])
  b.grad = new Tensor([4])
  const norm = clipGradNorm([a, b], 1)
  expect.close(norm, 5, 'returned norm')
  expect.tensorClose(a.grad, [0.6, 0], 'a.grad', { atol: 1e-5 })
  expect.tensorClose(b.grad, [0.8], 'b.grad', { atol: 1e-5 })
})

test('trainEpoch lowers the loss of a linear regression', {
  task: 'train_epoch',
  points: 2,
  hint: 'Per batch: zeroGrad, forward, loss, backward, step — and return the mean batch loss of the epoch.'
}, () => {
  const { x, y } = regressionData(1)
  const model = new Linear(2, 1, true, 0)
  const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: new MSELoss() })
  const batches = makeBatches(x, y, 16)
  const first = trainer.trainEpoch(batches)
  let last = first
  for (let i = 0; i < 20; i++) last = trainer.trainEpoch(batches)
  expect.true(Number.isFinite(first) && last < first * 0.05, `loss should drop by 20×: first ${first}, last ${last}`)
  expect.equal(trainer.epoch, 21, 'epochs counted')
})

test('evaluate reports loss and accuracy', {
  task: 'evaluate',
  points: 2,
  hint: 'Average over examples; accuracy(pred, y) handles argmax for multi-class outputs.'
}, () => {
  const model = new Linear(2, 2, false, 0)
  model.weight = new Tensor([
    [1, 0],
    [0, 1]
  ])
  const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: new CrossEntropyLoss() })
  const x = new Tensor([
    [5, 0],
    [0, 5],
    [5, 0],
    [5, 0]
  ])
  const y = new Tensor([0, 1, 1, 0])
  const { loss, accuracy } = trainer.evaluate([{ x, y }])
  expect.close(accuracy, 0.75, 'accuracy')
  const good = Math.log(1 + Math.exp(-5))
  const bad = Math.log(1 + Math.exp(5))
  expect.close(loss, (3 * good + bad) / 4, 'loss')
})

test('a checkpoint survives JSON and restores the weights', {
  task: 'checkpoint',
  points: 2,
  hint: 'Store plain arrays (Array.from(p.data)); loadCheckpoint copies values into the existing tensors.'
}, () => {
  const model = new Linear(3, 2, true, 0)
  const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: new MSELoss() })
  const saved = JSON.parse(JSON.stringify(trainer.saveCheckpoint()))
  const before = Array.from(model.weight.data)
  model.weight.data.fill(0)
  trainer.loadCheckpoint(saved)
  expect.equal(Array.from(model.weight.data), before, 'weights after loading')
})
