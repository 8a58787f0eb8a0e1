import { test, expect } from 'tinytorch/harness'
import { nd } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Embedding, EmbeddingBackward, PositionalEncoding, createSinusoidalEmbeddings } from 'tinytorch/11_embeddings'

test('Embedding: ids of shape [2, 2] give vectors of shape [2, 2, 3], one table row each', {
  task: 'embedding',
  points: 2,
  hint: 'nd.take(weight, ids, 0) gathers rows: the output shape is ids.shape followed by embedDim.'
}, () => {
  const emb = new Embedding(5, 3, 1)
  expect.shape(emb.weight, [5, 3], 'weight')
  expect.true(emb.weight.requiresGrad, 'weight must require grad')
  const out = emb.forward(
    new Tensor([
      [0, 2],
      [4, 2]
    ])
  )
  expect.shape(out, [2, 2, 3], 'output')
  const W = emb.weight.toND()
  expect.tensorClose(
    out,
    Tensor.fromND(nd.stack([nd.stack([W.slice(0), W.slice(2)]), nd.stack([W.slice(4), W.slice(2)])])),
    'rows 0, 2, 4, 2'
  )
})

test('Embedding: ids outside [0, vocabSize) or not integers throw', {
  task: 'embedding',
  points: 1,
  hint: 'Check every id before the lookup; name the bad id.'
}, () => {
  const emb = new Embedding(5, 3, 1)
  expect.shape(emb.forward(new Tensor([4])), [1, 3], 'id 4 of 5')
  for (const bad of [5, -1, 1.5]) expect.throws(() => emb.forward(new Tensor([0, bad])), /token id/, `id ${bad}`)
})

test('EmbeddingBackward adds the gradient of every position into its token’s row', {
  task: 'embedding_backward',
  points: 3,
  hint: 'Token 1 appears twice in [1, 3, 1], so row 1 of the gradient is the sum of two rows of grad; rows of unused tokens are 0.'
}, () => {
  const emb = new Embedding(4, 2, 1)
  const ids = new Tensor([1, 3, 1])
  const grad = nd.array([
    [1, 2],
    [3, 4],
    [5, 6]
  ])
  const [dW] = new EmbeddingBackward(emb.weight, ids).apply(grad)
  expect.tensorClose(
    Tensor.fromND(dW!),
    [
      [0, 0],
      [6, 8],
      [0, 0],
      [3, 4]
    ],
    'gradient of the table'
  )
})

test('PositionalEncoding adds row t of its table at position t, for every sequence of the batch', {
  task: 'positional',
  points: 2,
  hint: 'The first T rows of the [maxSeqLen, D] table, nd.slice(W, [0, T]), broadcast over the batch axis.'
}, () => {
  const pe = new PositionalEncoding(4, 2, 3)
  expect.shape(pe.weight, [4, 2], 'weight')
  const out = pe.forward(Tensor.fromND(nd.zeros([2, 3, 2])))
  const rows = pe.weight.toND().slice([0, 3])
  expect.tensorClose(out, Tensor.fromND(nd.stack([rows, rows])), 'zeros + positions')
  expect.throws(() => pe.forward(Tensor.fromND(nd.zeros([1, 5, 2]))), /maxSeqLen/, 'a sequence of 5 with maxSeqLen 4')
})

test('Sinusoidal positions: sin on even columns, cos on odd ones, frequencies 1/10000^(2i/D)', {
  task: 'sinusoidal',
  points: 2,
  hint: 'Columns 2i and 2i + 1 share the angle p / 10000^(2i / D): position 0 is [0, 1, 0, 1, …].'
}, () => {
  const pe = createSinusoidalEmbeddings(3, 4)
  expect.shape(pe, [3, 4], 'table')
  expect.tensorClose(
    pe,
    [
      [0, 1, 0, 1],
      [Math.sin(1), Math.cos(1), Math.sin(0.01), Math.cos(0.01)],
      [Math.sin(2), Math.cos(2), Math.sin(0.02), Math.cos(0.02)]
    ],
    'createSinusoidalEmbeddings(3, 4)'
  )
})
