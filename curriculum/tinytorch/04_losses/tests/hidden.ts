import { test, expect } from 'tinytorch/harness'
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { logSoftmax, MSELoss, CrossEntropyLoss, BinaryCrossEntropyLoss } from 'tinytorch/04_losses'

const rng = new Random(21)

test('exp(logSoftmax) rows sum to one, along any dim', {
  task: 'log_softmax',
  points: 2,
  hint: 'Use the dim argument for both the max and the sum (with keepdims).'
}, () => {
  const x = Tensor.fromND(rng.normal([3, 5], 0, 4))
  for (const dim of [-1, 0]) {
    const p = logSoftmax(x, dim).toND().exp()
    const sums = Tensor.fromND(p.sum(dim))
    expect.tensorClose(sums, Tensor.fromND(p.sum(dim).mul(0).add(1)), `row sums for dim ${dim}`, { atol: 1e-5 })
  }
})

test('logSoftmax is shift invariant', {
  task: 'log_softmax',
  points: 1,
  hint: 'Adding a constant to a whole row must not change the result.'
}, () => {
  const x = new Tensor([[0.5, -1, 2]])
  expect.tensorClose(logSoftmax(x.add(1e4)), logSoftmax(x), 'logSoftmax(x + 1e4)', { atol: 2e-3 })
})

test('MSE shape checks and zero loss', {
  task: 'mse',
  points: 1,
  hint: 'Equal inputs give exactly 0; a different number of values must throw.'
}, () => {
  const mse = new MSELoss()
  expect.close(
    mse
      .forward(
        new Tensor([
          [1, 2],
          [3, 4]
        ]),
        new Tensor([
          [1, 2],
          [3, 4]
        ])
      )
      .item(),
    0,
    'identical'
  )
  expect.throws(() => mse.forward(new Tensor([1, 2, 3]), new Tensor([1, 2])), /./, 'sizes 3 and 2')
})

test('MSE on random data matches a direct sum', {
  task: 'mse',
  points: 2,
  hint: 'Average over every element (divide by the total count), not over rows only.'
}, () => {
  const p = Tensor.fromND(rng.normal([4, 3]))
  const y = Tensor.fromND(rng.normal([4, 3]))
  let acc = 0
  for (let i = 0; i < 12; i++) acc += (p.data[i]! - y.data[i]!) ** 2
  expect.close(new MSELoss().forward(p, y).item(), acc / 12, 'loss')
  const col = new MSELoss().forward(new Tensor([[1], [2]]), new Tensor([0, 0]))
  expect.close(col.item(), 2.5, 'predictions [2, 1] against targets [2]')
})

test('cross-entropy with huge logits stays finite', {
  task: 'cross_entropy',
  points: 2,
  hint: 'Go through the stable logSoftmax; softmax followed by log underflows to log(0).'
}, () => {
  const loss = new CrossEntropyLoss().forward(
    new Tensor([
      [1000, 0],
      [0, 1000]
    ]),
    new Tensor([1, 1])
  )
  expect.finite([loss.item()], 'loss')
  expect.close(loss.item(), 500, 'loss', { rtol: 1e-3 })
})

test('cross-entropy of a confident correct prediction is near 0 and of uniform logits is log C', {
  task: 'cross_entropy',
  points: 2,
  hint: 'Uniform logits give log softmax = −log C for every class.'
}, () => {
  const ce = new CrossEntropyLoss()
  expect.close(ce.forward(new Tensor([[20, 0, 0, 0]]), new Tensor([0])).item(), 0, 'confident', { atol: 1e-5 })
  expect.close(
    ce
      .forward(
        new Tensor([
          [3, 3, 3, 3],
          [1, 1, 1, 1]
        ]),
        new Tensor([2, 0])
      )
      .item(),
    Math.log(4),
    'uniform'
  )
})

test('cross-entropy rejects bad targets and shapes', {
  task: 'cross_entropy',
  points: 1,
  hint: 'Class ids must be integers in [0, C); the number of targets must equal the number of rows; logits must be 2-D.'
}, () => {
  const ce = new CrossEntropyLoss()
  const logits = new Tensor([
    [1, 2, 3],
    [4, 5, 6]
  ])
  expect.finite([ce.forward(logits, new Tensor([0, 2])).item()], 'a valid call')
  expect.throws(() => ce.forward(logits, new Tensor([0, 3])), /./, 'class id 3 with C = 3')
  expect.throws(() => ce.forward(logits, new Tensor([0, 1, 2])), /./, '3 targets for 2 rows')
  expect.throws(() => ce.forward(new Tensor([1, 2, 3]), new Tensor([0])), /./, '1-D logits')
})

test('binary cross-entropy accepts [N, 1] predictions with [N] targets', {
  task: 'bce',
  points: 2,
  hint: 'Reshape the targets to the prediction shape (sizes must match) and average over all N values.'
}, () => {
  const p = new Tensor([[0.5], [0.25]])
  const loss = new BinaryCrossEntropyLoss().forward(p, new Tensor([1, 0]))
  expect.close(loss.item(), -(Math.log(0.5) + Math.log(0.75)) / 2, 'loss')
  expect.throws(() => new BinaryCrossEntropyLoss().forward(p, new Tensor([1, 0, 1])), /./, '2 predictions, 3 targets')
})

test('binary cross-entropy is minimal at p = y', {
  task: 'bce',
  points: 1,
  hint: 'For y in {0, 1} and p = y the loss is about −log(1 − 1e-7) ≈ 1e-7.'
}, () => {
  const loss = new BinaryCrossEntropyLoss().forward(new Tensor([1, 0, 1]), new Tensor([1, 0, 1]))
  expect.close(loss.item(), 0, 'loss', { atol: 1e-5 })
})
