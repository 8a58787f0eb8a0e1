import { test, expect } from 'tinytorch/harness'
import { Tensor } from 'tinytorch/01_tensor'
import { logSoftmax, MSELoss, CrossEntropyLoss, BinaryCrossEntropyLoss } from 'tinytorch/04_losses'

test('logSoftmax of a row', {
  task: 'log_softmax',
  points: 2,
  hint: 'log softmax(x)_i = x_i − log Σ_j e^(x_j); for [1, 2, 3] the last entry is −0.4076.'
}, () => {
  expect.tensorClose(logSoftmax(new Tensor([[1, 2, 3]])), [[-2.40760596, -1.40760596, -0.40760596]])
})

test('logSoftmax of large logits is finite', {
  task: 'log_softmax',
  points: 2,
  hint: 'Subtract the row max before exp; never take log(softmax) directly.'
}, () => {
  const y = logSoftmax(new Tensor([[1000, 0]]))
  expect.finite(y.data)
  expect.tensorClose(y, [[0, -1000]], 'logSoftmax([[1000, 0]])', { atol: 1e-3 })
})

test('MSE of a small example', {
  task: 'mse',
  points: 2,
  hint: 'mean((p − y)²) over all elements; the result is a scalar tensor with shape [].'
}, () => {
  const loss = new MSELoss().forward(new Tensor([1, 2, 3]), new Tensor([1, 0, 0]))
  expect.equal(loss.shape, [], 'loss shape')
  expect.close(loss.item(), 13 / 3, 'loss')
})

test('cross-entropy of logits and class ids', {
  task: 'cross_entropy',
  points: 2,
  hint: 'Pick log softmax at the target column of each row, average over rows, negate. Targets are class indices, not one-hot rows.'
}, () => {
  const logits = new Tensor([
    [2, 1, 0],
    [0, 0, 0]
  ])
  const loss = new CrossEntropyLoss().forward(logits, new Tensor([0, 2]))
  expect.equal(loss.shape, [], 'loss shape')
  expect.close(loss.item(), (0.40760596 + Math.log(3)) / 2, 'loss')
})

test('binary cross-entropy', {
  task: 'bce',
  points: 2,
  hint: '−mean(y log p + (1−y) log(1−p)); with p = [0.9, 0.2], y = [1, 0] the loss is (−log 0.9 − log 0.8)/2.'
}, () => {
  const loss = new BinaryCrossEntropyLoss().forward(new Tensor([0.9, 0.2]), new Tensor([1, 0]))
  expect.equal(loss.shape, [], 'loss shape')
  expect.close(loss.item(), -(Math.log(0.9) + Math.log(0.8)) / 2, 'loss')
})

test('binary cross-entropy of certain mistakes stays finite', {
  task: 'bce',
  points: 2,
  hint: 'Clip p into [1e-7, 1 − 1e-7] before log; log(0) is −Infinity.'
}, () => {
  const loss = new BinaryCrossEntropyLoss().forward(new Tensor([0, 1]), new Tensor([1, 0]))
  expect.finite([loss.item()], 'loss')
  expect.close(loss.item(), -Math.log(1e-7), 'loss', { rtol: 1e-2 })
})
