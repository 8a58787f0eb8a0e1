import { test, expect, numericGradient } from 'tinytorch/harness'
import { nd, Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { GELU } from 'tinytorch/02_activations'
import { enableAutograd } from 'tinytorch/05_autograd'
import { createCausalMask, LayerNorm, MLP, TransformerBlock, GPT } from 'tinytorch/13_transformers'

test('createCausalMask(3): ones on and below the diagonal, shape [1, 3, 3]', {
  task: 'causal_mask',
  points: 2,
  hint: 'Position i may attend to positions j ≤ i: entry (i, j) is 1 when j ≤ i. Keep the leading axis of 1 so the mask broadcasts over the batch.'
}, () => {
  expect.tensorClose(
    createCausalMask(3),
    [
      [
        [1, 0, 0],
        [1, 1, 0],
        [1, 1, 1]
      ]
    ],
    'createCausalMask(3)'
  )
})

test('LayerNorm normalises every vector to mean 0 and variance 1', {
  task: 'layernorm',
  points: 2,
  hint: 'For [1, 2, 3, 4]: mean 2.5, biased variance 1.25, so x̂ = (x − 2.5)/√(1.25 + 1e-5). γ starts at ones and β at zeros.'
}, () => {
  const ln = new LayerNorm(4)
  const y = ln.forward(
    new Tensor([
      [1, 2, 3, 4],
      [2, 2, 2, 6]
    ])
  )
  expect.tensorClose(
    y,
    [
      [-1.34163, -0.44721, 0.44721, 1.34163],
      [-0.57735, -0.57735, -0.57735, 1.73205]
    ],
    'LayerNorm(4)',
    { atol: 1e-4 }
  )
})

test('LayerNorm backward matches finite differences', {
  task: 'layernorm',
  points: 3,
  hint: 'Per vector, with ĝ = g·γ: dx = (1/σ)·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)); dγ = Σ g·x̂ and dβ = Σ g over all vectors.'
}, () => {
  enableAutograd()
  const ln = new LayerNorm(3)
  ln.weight = new Tensor([1.5, -0.5, 1], { requiresGrad: true })
  const x = Tensor.fromND(new Random(1).normal([2, 3]), { requiresGrad: true })
  const G = new Random(2).normal([2, 3])
  ln.forward(x).backward(Tensor.fromND(G))
  const loss = (): number => nd.sum(nd.mul(ln.forward(x).toND(), G)).item()
  for (const [name, t] of [
    ['x', x],
    ['weight', ln.weight],
    ['bias', ln.bias]
  ] as const) {
    expect.true(t.grad !== null, `${name}.grad was not set`)
    expect.tensorClose(t.grad, new Tensor(numericGradient(loss, t.data), { shape: t.shape }), `${name}.grad`, { atol: 2e-3, rtol: 1e-2 })
  }
})

test('MLP: Linear(D, 4D) → GELU → Linear(4D, D)', {
  task: 'mlp',
  points: 2,
  hint: 'hiddenDim defaults to 4·embedDim; the output has the input’s shape.'
}, () => {
  const mlp = new MLP(4, undefined, 3)
  expect.shape(mlp.fc1.weight, [4, 16], 'fc1.weight')
  expect.shape(mlp.fc2.weight, [16, 4], 'fc2.weight')
  expect.equal(mlp.parameters().length, 4, 'parameter tensors')
  const x = Tensor.fromND(new Random(4).normal([2, 3, 4]))
  expect.tensorClose(mlp.forward(x), mlp.fc2.forward(new GELU().forward(mlp.fc1.forward(x))), 'MLP(x)')
})

test('TransformerBlock is x + attention(LN₁(x)), then + MLP(LN₂(·))', {
  task: 'block',
  points: 2,
  hint: 'Pre-norm: normalise the input of each branch, not its output, and add the branch to its input (the residual).'
}, () => {
  const block = new TransformerBlock(8, 2, { seed: 5 })
  const x = Tensor.fromND(new Random(6).normal([2, 3, 8]))
  const mask = createCausalMask(3)
  const h = x.add(block.attention.forward(block.ln1.forward(x), mask))
  const want = h.add(block.mlp.forward(block.ln2.forward(h)))
  expect.tensorClose(block.forward(x, mask), want, 'block output', { atol: 1e-5 })
})

test('GPT.forward: token ids [B, T] → logits [B, T, vocabSize]', {
  task: 'gpt',
  points: 2,
  hint: 'Embed, add positions, run the blocks with createCausalMask(T), final LayerNorm, head. Refuse T > maxSeqLen.'
}, () => {
  const gpt = new GPT({ vocabSize: 7, embedDim: 8, numLayers: 2, numHeads: 2, maxSeqLen: 6, seed: 1 })
  const logits = gpt.forward(
    new Tensor([
      [1, 2, 3, 4, 5],
      [0, 6, 6, 1, 2]
    ])
  )
  expect.shape(logits, [2, 5, 7], 'logits')
  expect.finite(logits.data, 'logits')
  expect.throws(() => gpt.forward(new Tensor([[1, 2, 3, 4, 5, 6, 0]])), /maxSeqLen/, 'a sequence of 7 with maxSeqLen 6')
})

test('GPT.generate with temperature 0 appends the most likely tokens, deterministically', {
  task: 'generate',
  points: 2,
  hint: 'Return the prompt followed by maxNewTokens tokens; with temperature 0 take the argmax of the last position’s logits every step.'
}, () => {
  const gpt = new GPT({ vocabSize: 5, embedDim: 8, numLayers: 1, numHeads: 2, maxSeqLen: 8, seed: 2 })
  const a = gpt.generate([1, 2], { maxNewTokens: 4, temperature: 0 })
  expect.equal(a.length, 6, 'length of prompt + new tokens')
  expect.equal(a.slice(0, 2), [1, 2], 'the prompt comes first')
  expect.equal(gpt.generate([1, 2], { maxNewTokens: 4, temperature: 0 }), a, 'greedy decoding twice')
  const logits = gpt.forward(new Tensor([[1, 2]]))
  const last = Array.from(logits.data.slice(5, 10))
  expect.equal(a[2], last.indexOf(Math.max(...last)), 'first new token = argmax of the logits at the last position')
})
