import { test, expect } from 'tinytorch/harness'
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { ReLU } from 'tinytorch/02_activations'
import { Linear, Dropout, Sequential } from 'tinytorch/03_layers'
import { MSELoss, CrossEntropyLoss } from 'tinytorch/04_losses'
import { SGD, Adam } from 'tinytorch/06_optimizers'
import { CosineSchedule, clipGradNorm, Trainer, makeBatches, type Batch } from 'tinytorch/07_training'

function classificationData(seed: number, n = 48): Batch[] {
  const r = new Random(seed)
  const x = r.normal([n, 4])
  const y = new Float32Array(n)
  for (let i = 0; i < n; i++) y[i] = x.data[4 * i]! + x.data[4 * i + 1]! > 0 ? 1 : 0
  return makeBatches(Tensor.fromND(x), new Tensor(y), 16)
}

function mlp(seed: number): Sequential {
  return new Sequential(new Linear(4, 8, true, seed), new ReLU(), new Linear(8, 2, true, seed + 1))
}

test('cosine schedule after the end, monotone, and at a quarter', {
  task: 'schedule',
  points: 2,
  hint: 'Clamp the epoch into [0, totalEpochs] so the rate stays at minLr afterwards; at T/4 the cosine is √2/2.'
}, () => {
  const s = new CosineSchedule({ maxLr: 1, minLr: 0, totalEpochs: 8 })
  expect.close(s.getLr(2), 0.5 * (1 + Math.SQRT1_2), 'epoch 2 of 8')
  expect.close(s.getLr(20), 0, 'epoch 20 of 8', { atol: 1e-9 })
  for (let e = 0; e < 8; e++) expect.true(s.getLr(e + 1) <= s.getLr(e), `lr must not increase (epoch ${e})`)
})

test('clipGradNorm leaves small gradients alone and skips missing ones', {
  task: 'clip',
  points: 1,
  hint: 'Only scale when the norm exceeds maxNorm; parameters with grad null contribute nothing.'
}, () => {
  const a = new Tensor([0, 0], { requiresGrad: true })
  const b = new Tensor([0], { requiresGrad: true })
  a.grad = new Tensor([0.3, 0.4])
  const norm = clipGradNorm([a, b], 1)
  expect.close(norm, 0.5, 'norm')
  expect.tensorClose(a.grad, [0.3, 0.4], 'a.grad unchanged')
  expect.equal(b.grad, null, 'b.grad')
})

test('trainEpoch applies the schedule, records history and clears gradients', {
  task: 'train_epoch',
  points: 2,
  hint: 'Set optimizer.lr from the scheduler at the start of every epoch, call zeroGrad before each backward, push { epoch, trainLoss, lr } to history, and throw when there are no batches.'
}, () => {
  const batches = classificationData(3)
  const model = mlp(10)
  const optimizer = new SGD(model.parameters(), { lr: 0 })
  const trainer = new Trainer({
    model,
    optimizer,
    loss: new CrossEntropyLoss(),
    scheduler: new CosineSchedule({ maxLr: 0.2, minLr: 0.02, totalEpochs: 4 })
  })
  trainer.trainEpoch(batches)
  trainer.trainEpoch(batches)
  expect.equal(trainer.history.length, 2, 'history length')
  expect.close(trainer.history[0]!.lr, 0.2, 'lr of epoch 0')
  expect.close(trainer.history[1]!.lr, 0.02 + 0.09 * (1 + Math.SQRT1_2), 'lr of epoch 1')
  // With lr 0 nothing moves, so after an epoch the gradient must be the last batch's alone.
  const frozen = mlp(10)
  const t2 = new Trainer({ model: frozen, optimizer: new SGD(frozen.parameters(), { lr: 0 }), loss: new CrossEntropyLoss() })
  t2.trainEpoch(batches)
  const afterEpoch = Array.from(frozen.parameters()[0]!.grad!.data)
  for (const p of frozen.parameters()) p.grad = null
  new CrossEntropyLoss().forward(frozen.forward(batches[batches.length - 1]!.x), batches[batches.length - 1]!.y).backward()
  expect.tensorClose(
    new Tensor(afterEpoch),
    new Tensor(Array.from(frozen.parameters()[0]!.grad!.data)),
    'gradient after the epoch (did you call zeroGrad per batch?)',
    { atol: 1e-6 }
  )
  expect.throws(() => t2.trainEpoch([]), /./, 'trainEpoch([]) (no batches)')
  expect.equal(t2.history.length, 1, 'history length after the empty call')
})

test('trainEpoch clips gradients when clipNorm is set', {
  task: 'train_epoch',
  points: 1,
  hint: 'Call clipGradNorm(this.optimizer.params, this.clipNorm) between backward() and step().'
}, () => {
  const batches = classificationData(4)
  const model = mlp(20)
  const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.01 }), loss: new CrossEntropyLoss(), clipNorm: 1e-3 })
  trainer.trainEpoch(batches)
  let sq = 0
  for (const p of model.parameters()) for (const g of p.grad!.data) sq += g * g
  expect.true(Math.sqrt(sq) <= 1e-3 * 1.001, `gradient norm after the last step is ${Math.sqrt(sq)}, expected ≤ 0.001`)
})

test('evaluate changes nothing and disables dropout', {
  task: 'evaluate',
  points: 2,
  hint: 'Use model.eval() and noGrad: repeated evaluations must agree and parameters must keep grad null.'
}, () => {
  const batches = classificationData(5)
  const model = new Sequential(new Linear(4, 16, true, 1), new ReLU(), new Dropout(0.5), new Linear(16, 2, true, 2))
  const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: new CrossEntropyLoss() })
  const a = trainer.evaluate(batches)
  const b = trainer.evaluate(batches)
  expect.close(a.loss, b.loss, 'loss of two evaluations')
  expect.true(
    model.parameters().every((p) => p.grad === null),
    'evaluate must not produce gradients'
  )
  expect.true(a.accuracy >= 0 && a.accuracy <= 1, 'accuracy in [0, 1]')
  expect.true(model.training, 'the model should be back in training mode after evaluate')
})

test('evaluate weights batches by their size', {
  task: 'evaluate',
  points: 1,
  hint: 'Multiply each batch loss by its number of rows and divide by the total number of examples.'
}, () => {
  const model = new Linear(1, 1, false, 0)
  model.weight = new Tensor([[1]])
  const trainer = new Trainer({ model, optimizer: new SGD(model.parameters(), { lr: 0.1 }), loss: new MSELoss() })
  const r = trainer.evaluate([
    { x: new Tensor([[1], [1], [1]]), y: new Tensor([[0], [0], [0]]) },
    { x: new Tensor([[0]]), y: new Tensor([[0]]) }
  ])
  expect.close(r.loss, 0.75, 'per-example mean loss')
})

test('resuming from a checkpoint continues exactly', {
  task: 'checkpoint',
  points: 3,
  hint: 'Save the optimizer state (stateDict) and the epoch too; Adam’s m, v and step count must come back for the next step to match.'
}, () => {
  const batches = classificationData(6)
  const build = (): Trainer => {
    const model = mlp(30)
    return new Trainer({
      model,
      optimizer: new Adam(model.parameters(), { lr: 0.01 }),
      loss: new CrossEntropyLoss(),
      scheduler: new CosineSchedule({ maxLr: 0.01, totalEpochs: 5 })
    })
  }
  const a = build()
  a.trainEpoch(batches)
  a.trainEpoch(batches)
  const ckpt = JSON.parse(JSON.stringify(a.saveCheckpoint()))
  a.trainEpoch(batches)
  const b = build()
  b.loadCheckpoint(ckpt)
  expect.equal(b.epoch, 2, 'epoch after loading')
  expect.equal(b.history.length, 2, 'history after loading')
  b.trainEpoch(batches)
  const resumed = b.model.parameters()
  for (const [i, p] of a.model.parameters().entries()) expect.tensorClose(resumed[i]!, p, `parameter ${i} after resuming`, { atol: 1e-6 })
})

test('loadCheckpoint rejects a different architecture', {
  task: 'checkpoint',
  points: 1,
  hint: 'Compare the number of parameters and every shape before copying anything.'
}, () => {
  const small = new Linear(2, 2, true, 0)
  const t1 = new Trainer({ model: small, optimizer: new SGD(small.parameters(), { lr: 0.1 }), loss: new MSELoss() })
  const big = new Linear(3, 2, true, 0)
  const t2 = new Trainer({ model: big, optimizer: new SGD(big.parameters(), { lr: 0.1 }), loss: new MSELoss() })
  t2.loadCheckpoint(t2.saveCheckpoint())
  expect.throws(() => t2.loadCheckpoint(t1.saveCheckpoint()), /./, 'loading a Linear(2, 2) checkpoint into Linear(3, 2)')
})
