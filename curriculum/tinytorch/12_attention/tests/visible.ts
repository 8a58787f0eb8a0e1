import { test, expect } from 'tinytorch/harness'
import { nd, Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Softmax } from 'tinytorch/02_activations'
import { scaledDotProductAttention, MultiHeadAttention } from 'tinytorch/12_attention'

test('attention of two tokens, by hand', {
  task: 'sdpa',
  points: 3,
  hint: 'scores = Q Kᵀ / √d = I/√2; row 0 is softmax([0.7071, 0]) = [0.6698, 0.3302]; output row 0 = 0.6698·[1, 2] + 0.3302·[3, 4].'
}, () => {
  const I = new Tensor([
    [1, 0],
    [0, 1]
  ])
  const V = new Tensor([
    [1, 2],
    [3, 4]
  ])
  const { output, weights } = scaledDotProductAttention(I, I, V)
  expect.tensorClose(
    weights,
    [
      [0.66976, 0.33024],
      [0.33024, 0.66976]
    ],
    'weights'
  )
  expect.tensorClose(
    output,
    [
      [1.66048, 2.66048],
      [2.33952, 3.33952]
    ],
    'output'
  )
})

test('batched attention: shapes [..., Tq, dv] and [..., Tq, Tk], rows of weights sum to 1', {
  task: 'sdpa',
  points: 2,
  hint: 'K.transpose(-2, -1) swaps only the last two axes; matmul broadcasts the batch axes. Tq and Tk may differ.'
}, () => {
  const r = new Random(1)
  const { output, weights } = scaledDotProductAttention(
    Tensor.fromND(r.normal([2, 3, 4])),
    Tensor.fromND(r.normal([2, 5, 4])),
    Tensor.fromND(r.normal([2, 5, 6]))
  )
  expect.shape(output, [2, 3, 6], 'output')
  expect.shape(weights, [2, 3, 5], 'weights')
  expect.tensorClose(Tensor.fromND(nd.sum(weights.toND(), -1)), Tensor.fromND(nd.ones([2, 3])), 'row sums of the weights')
})

test('a mask zero blocks: with a causal mask the first token reads only itself', {
  task: 'masking',
  points: 2,
  hint: '1 = attend, 0 = block. Add 0 where the mask is 1 and −1e9 where it is 0, before the softmax: blocked weights become exactly 0.'
}, () => {
  const r = new Random(2)
  const Q = Tensor.fromND(r.normal([2, 3]))
  const K = Tensor.fromND(r.normal([2, 3]))
  const V = new Tensor([
    [1, 2],
    [3, 4]
  ])
  const mask = new Tensor([
    [1, 0],
    [1, 1]
  ])
  const { output, weights } = scaledDotProductAttention(Q, K, V, mask)
  expect.equal(weights.data[1], 0, 'weight of query 0 on key 1 (blocked)')
  expect.close(weights.data[0]!, 1, 'weight of query 0 on key 0')
  expect.tensorClose(new Tensor(output.data.slice(0, 2)), [1, 2], 'output of query 0 = V[0]')
})

test('masks must be 0/1 and must fit the scores', {
  task: 'masking',
  points: 1,
  hint: 'Check the values (only 0 and 1) and that the mask broadcasts to [..., Tq, Tk]; throw with both shapes.'
}, () => {
  const x = Tensor.fromND(new Random(3).normal([3, 2]))
  expect.shape(scaledDotProductAttention(x, x, x, new Tensor([1, 1, 0])).output, [3, 2], 'a [Tk] mask broadcasts')
  expect.throws(() => scaledDotProductAttention(x, x, x, new Tensor([1, 1])), /broadcast/, 'a mask of 2 keys for 3')
  expect.throws(() => scaledDotProductAttention(x, x, x, new Tensor([1, 0.5, 1])), /0/, 'a mask value of 0.5')
})

test('MultiHeadAttention: four projections (8 parameter tensors), output shaped like the input', {
  task: 'mha',
  points: 2,
  hint: 'embedDim must split evenly into heads; the output of the last projection is [B, T, embedDim] again.'
}, () => {
  const mha = new MultiHeadAttention(8, 2, 1)
  expect.equal(mha.parameters().length, 8, 'parameter tensors')
  const y = mha.forward(Tensor.fromND(new Random(4).normal([2, 3, 8])))
  expect.shape(y, [2, 3, 8], 'output')
  expect.throws(() => new MultiHeadAttention(10, 3), /divisible/, 'embedDim 10 with 3 heads')
})

test('MultiHeadAttention with one head is attention between the three projections, then the output projection', {
  task: 'mha',
  points: 2,
  hint: 'With one head nothing is split: outProj(attention(qProj(x), kProj(x), vProj(x))).'
}, () => {
  const mha = new MultiHeadAttention(4, 1, 5)
  const x = Tensor.fromND(new Random(6).normal([1, 3, 4]))
  const q = mha.qProj.forward(x)
  const k = mha.kProj.forward(x)
  const v = mha.vProj.forward(x)
  const w = new Softmax(-1).forward(q.matmul(k.transpose(-2, -1)).mul(1 / 2))
  const want = mha.outProj.forward(w.matmul(v))
  expect.tensorClose(mha.forward(x), want, 'one-head attention', { atol: 1e-4 })
})
