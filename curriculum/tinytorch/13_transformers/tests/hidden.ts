import { test, expect, numericGradient } from 'tinytorch/harness'
import { nd, Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { CrossEntropyLoss } from 'tinytorch/04_losses'
import { enableAutograd } from 'tinytorch/05_autograd'
import { Adam } from 'tinytorch/06_optimizers'
import { scaledDotProductAttention } from 'tinytorch/12_attention'
import { createCausalMask, LayerNorm, MLP, TransformerBlock, GPT } from 'tinytorch/13_transformers'

const TOL = { atol: 2e-3, rtol: 1e-2 }

function checkGrads(what: string, params: [string, Tensor][], f: () => Tensor, seed: number): void {
  enableAutograd()
  for (const [, p] of params) p.grad = null
  const out = f()
  const G = new Random(seed).normal(out.shape)
  out.backward(Tensor.fromND(G))
  for (const [name, p] of params) {
    expect.true(p.grad !== null, `${what}: ${name}.grad was not set`)
    const num = numericGradient(() => nd.sum(nd.mul(f().toND(), G)).item(), p.data)
    expect.tensorClose(p.grad, new Tensor(num, { shape: p.shape }), `${what}: ${name}.grad`, TOL)
  }
}

const config = { vocabSize: 6, embedDim: 8, numLayers: 2, numHeads: 2, maxSeqLen: 6 }

test('createCausalMask: any size, and it makes attention causal', {
  task: 'causal_mask',
  points: 2,
  hint: 'n(n + 1)/2 ones; with it, attention weights above the diagonal are exactly 0. A length that is not a positive integer throws.'
}, () => {
  const m = createCausalMask(5)
  expect.shape(m, [1, 5, 5], 'createCausalMask(5)')
  expect.equal(
    m.data.reduce((a, b) => a + b, 0),
    15,
    'number of ones'
  )
  expect.equal(m.data[1 * 5 + 3], 0, 'entry (1, 3)')
  expect.equal(m.data[3 * 5 + 1], 1, 'entry (3, 1)')
  const x = Tensor.fromND(new Random(1).normal([5, 4]))
  const w = scaledDotProductAttention(x, x, x, m).weights
  for (let i = 0; i < 5; i++) for (let j = i + 1; j < 5; j++) expect.equal(w.data[i * 5 + j], 0, `weight (${i}, ${j})`)
  expect.throws(() => createCausalMask(0), /seqLen/, 'createCausalMask(0)')
})

test('LayerNorm over two trailing dimensions with γ and β, against a direct computation', {
  task: 'layernorm',
  points: 2,
  hint: 'normalizedShape [2, 3] means each group of 6 trailing values is one vector; γ and β have shape [2, 3]. Check that the input ends in normalizedShape.'
}, () => {
  const ln = new LayerNorm([2, 3], 1e-3)
  const r = new Random(2)
  ln.weight = Tensor.fromND(r.normal([2, 3]), { requiresGrad: true })
  ln.bias = Tensor.fromND(r.normal([2, 3]), { requiresGrad: true })
  const x = r.normal([4, 2, 3], 3, 2)
  const got = ln.forward(Tensor.fromND(x))
  const flat = x.reshape(4, 6)
  const mu = nd.mean(flat, -1, true)
  const sd = nd.sqrt(nd.add(nd.var(flat, -1, true), 1e-3))
  const want = nd.add(nd.mul(nd.div(nd.sub(flat, mu), sd), ln.weight.toND().reshape(6)), ln.bias.toND().reshape(6)).reshape(4, 2, 3)
  expect.tensorClose(got, Tensor.fromND(want), 'LayerNorm([2, 3])', { atol: 1e-4 })
  expect.throws(() => ln.forward(Tensor.fromND(nd.zeros([4, 3, 2]))), /normalizedShape|\[2, 3\]/, 'an input ending in [3, 2]')
})

test('LayerNorm gradients with γ ≠ 1 on a batch of sequences', {
  task: 'layernorm',
  points: 3,
  hint: 'The γ inside dx is easy to forget: use ĝ = g·γ in the dx formula, but plain g for dγ and dβ.'
}, () => {
  const ln = new LayerNorm(4)
  ln.weight = Tensor.fromND(new Random(3).normal([4], 1, 0.5), { requiresGrad: true })
  ln.bias = Tensor.fromND(new Random(4).normal([4]), { requiresGrad: true })
  const x = Tensor.fromND(new Random(5).normal([2, 3, 4], 0, 2), { requiresGrad: true })
  checkGrads(
    'LayerNorm',
    [
      ['x', x],
      ['weight', ln.weight],
      ['bias', ln.bias]
    ],
    () => ln.forward(x),
    6
  )
})

test('MLP: a custom hidden size, GELU in the middle, and gradients', {
  task: 'mlp',
  points: 2,
  hint: 'Use module 02’s GELU (the tanh approximation) between the two Linear layers; everything is recorded, so gradients need no new code.'
}, () => {
  const mlp = new MLP(3, 5, 7)
  expect.shape(mlp.fc1.weight, [3, 5], 'fc1.weight with hiddenDim 5')
  const x = Tensor.fromND(new Random(8).normal([2, 3]), { requiresGrad: true })
  const h = x.matmul(mlp.fc1.weight).add(mlp.fc1.bias!).toND()
  const gelu = nd.mul(nd.mul(0.5, h), nd.add(1, nd.tanh(nd.mul(Math.sqrt(2 / Math.PI), nd.add(h, nd.mul(0.044715, nd.pow(h, 3)))))))
  const want = nd.add(nd.matmul(gelu, mlp.fc2.weight.toND()), mlp.fc2.bias!.toND())
  expect.tensorClose(mlp.forward(x), Tensor.fromND(want), 'MLP with an independent GELU', { atol: 1e-5 })
  checkGrads(
    'MLP',
    [
      ['x', x],
      ['fc1.weight', mlp.fc1.weight]
    ],
    () => mlp.forward(x),
    9
  )
})

test('TransformerBlock: residual paths, and with the causal mask a later token cannot change earlier outputs', {
  task: 'block',
  points: 3,
  hint: 'With the output projections zeroed both branches add 0, so the block must return x itself: each branch is added to its input. Pass the mask on to the attention.'
}, () => {
  const block = new TransformerBlock(4, 2, { seed: 10, mlpRatio: 2 })
  expect.shape(block.mlp.fc1.weight, [4, 8], 'MLP hidden size with mlpRatio 2')
  const x = Tensor.fromND(new Random(11).normal([1, 4, 4]))
  const mask = createCausalMask(4)
  const y = block.forward(x, mask)
  const x2 = x.toND().copy()
  nd.assign(x2.slice(0, 3), nd.full([4], 5))
  const y2 = block.forward(Tensor.fromND(x2), mask)
  expect.tensorClose(new Tensor(y2.data.slice(0, 12)), new Tensor(y.data.slice(0, 12)), 'outputs 0–2 after changing input 3')
  expect.true(Math.abs(y2.data[12]! - y.data[12]!) > 1e-4, 'output 3 should change when input 3 changes')
  for (const p of [...block.attention.outProj.parameters(), ...block.mlp.fc2.parameters()]) p.data.fill(0)
  expect.tensorClose(block.forward(x, mask), x, 'the block with zeroed output projections is the identity')
  expect.equal(block.parameters().length, 2 + 8 + 2 + 4, 'parameter tensors: LN, attention, LN, MLP')
})

test('GPT is causal, seeded, accepts [T] tokens, and its gradients train it', {
  task: 'gpt',
  points: 3,
  hint: 'Use the causal mask in every block; parameters() must list every tensor (embeddings, blocks, final LayerNorm, head) so the optimizer can update them.'
}, () => {
  enableAutograd()
  const gpt = new GPT({ ...config, seed: 12 })
  const twin = new GPT({ ...config, seed: 12 })
  const tokens = new Tensor([[1, 2, 3, 4, 5]])
  const a = gpt.forward(tokens)
  expect.tensorClose(twin.forward(tokens), a, 'same seed, same logits')
  const b = gpt.forward(new Tensor([[1, 2, 3, 0, 0]]))
  expect.tensorClose(
    new Tensor(b.data.slice(0, 18)),
    new Tensor(a.data.slice(0, 18)),
    'logits at positions 0–2 after changing tokens 3 and 4'
  )
  expect.shape(gpt.forward(new Tensor([1, 2, 3])), [3, 6], 'logits of an unbatched [3] input')
  const D = config.embedDim
  const perBlock = 2 * D + (4 * D * D + 4 * D) + 2 * D + (2 * 4 * D * D + 4 * D + D)
  const count = gpt.parameters().reduce((n, p) => n + p.size, 0)
  expect.equal(count, 6 * D + 6 * D + 2 * perBlock + 2 * D + (D * 6 + 6), 'number of parameters')
  // A few Adam steps on one batch must lower its next-token loss.
  const x = new Tensor([
    [1, 2, 3, 4, 5],
    [5, 4, 3, 2, 1]
  ])
  const y = new Tensor([2, 3, 4, 5, 0, 4, 3, 2, 1, 0])
  const ce = new CrossEntropyLoss()
  const opt = new Adam(gpt.parameters(), { lr: 0.01 })
  const loss = (): Tensor => ce.forward(gpt.forward(x).reshape(10, 6), y)
  const before = loss().item()
  for (let step = 0; step < 15; step++) {
    opt.zeroGrad()
    loss().backward()
    opt.step()
  }
  for (const p of gpt.parameters()) expect.true(p.grad !== null, `a parameter of shape [${p.shape.join(', ')}] got no gradient`)
  expect.true(
    loss().item() < 0.7 * before,
    `15 Adam steps should cut the loss on one batch well below ${before.toFixed(3)}, got ${loss().item().toFixed(3)}`
  )
})

test('GPT.generate samples from softmax(logits / temperature), reproducibly, and crops the context', {
  task: 'generate',
  points: 3,
  hint: 'Sample with the cumulative probabilities and a uniform draw from new Random(seed); divide the logits by the temperature first; feed only the last maxSeqLen tokens.'
}, () => {
  const gpt = new GPT({ ...config, seed: 13 })
  // Make the logits independent of the input: head weight 0, head bias = log of a chosen distribution.
  const probs = [0.05, 0.5, 0.1, 0.2, 0.05, 0.1]
  gpt.head.weight.data.fill(0)
  gpt.head.bias!.data.set(probs.map(Math.log))
  const counts = new Array<number>(6).fill(0)
  const out = gpt.generate([0], { maxNewTokens: 600, seed: 14 })
  for (const t of out.slice(1)) counts[t]!++
  probs.forEach((p, j) => {
    expect.true(Math.abs(counts[j]! / 600 - p) < 0.06, `token ${j}: sampled ${counts[j]} of 600, expected about ${p * 600}`)
  })
  expect.equal(gpt.generate([0], { maxNewTokens: 20, seed: 14 }), out.slice(0, 21), 'same seed, same tokens')
  expect.equal(new Set(gpt.generate([0], { maxNewTokens: 10, temperature: 0 }).slice(1)).size, 1, 'temperature 0 always picks token 1')
  const hot = gpt.generate([0], { maxNewTokens: 600, temperature: 100, seed: 15 }).slice(1)
  expect.true(hot.filter((t) => t === 1).length < 160, 'a very high temperature flattens the distribution towards uniform')
  expect.equal(gpt.generate([1, 2, 3, 4, 5, 1, 2, 3], { maxNewTokens: 2, temperature: 0 }).length, 10, 'a prompt longer than maxSeqLen')
})
