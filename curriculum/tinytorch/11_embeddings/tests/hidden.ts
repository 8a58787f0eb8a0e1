import { test, expect, numericGradient } from 'tinytorch/harness'
import { nd, Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Linear } from 'tinytorch/03_layers'
import { CrossEntropyLoss } from 'tinytorch/04_losses'
import { enableAutograd } from 'tinytorch/05_autograd'
import { Embedding, PositionalEncoding, createSinusoidalEmbeddings } from 'tinytorch/11_embeddings'

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

test('Embedding: N(0, 1) initialisation, seeds, ids of any shape', {
  task: 'embedding',
  points: 2,
  hint: 'Initialise with a standard normal (std 1); a scalar id gives one [D] vector; [2, 2, 2] ids give [2, 2, 2, D].'
}, () => {
  const big = new Embedding(1000, 16, 7)
  const w = big.weight.data
  const mean = w.reduce((s, v) => s + v, 0) / w.length
  const std = Math.sqrt(w.reduce((s, v) => s + (v - mean) ** 2, 0) / w.length)
  expect.close(std, 1, 'standard deviation of the table', { atol: 0.05, rtol: 0 })
  expect.close(mean, 0, 'mean of the table', { atol: 0.05, rtol: 0 })
  expect.equal(Array.from(new Embedding(10, 4, 3).weight.data), Array.from(new Embedding(10, 4, 3).weight.data), 'same seed, same table')
  const e = new Embedding(6, 4, 1)
  expect.shape(e.forward(new Tensor(5)), [4], 'a scalar id')
  const ids = Tensor.fromND(new Random(1).randint(0, 6, [2, 2, 2]))
  const out = e.forward(ids)
  expect.shape(out, [2, 2, 2, 4], '[2, 2, 2] ids')
  for (let k = 0; k < 8; k++) {
    const id = ids.data[k]!
    expect.tensorClose(
      new Tensor(out.data.slice(4 * k, 4 * k + 4)),
      new Tensor(e.weight.data.slice(4 * id, 4 * id + 4)),
      `vector ${k} (id ${id})`
    )
  }
})

test('Embedding gradient matches finite differences with repeated ids in a batch', {
  task: 'embedding_backward',
  points: 3,
  hint: 'Accumulate with += : the same id in several positions (and in several sequences of the batch) sums all their gradients.'
}, () => {
  const e = new Embedding(5, 3, 2)
  const ids = new Tensor([
    [1, 1, 4],
    [4, 0, 1]
  ])
  checkGrads('embedding', [['weight', e.weight]], () => e.forward(ids), 3)
})

test('Embedding → Linear → cross-entropy: only the rows of tokens that were used get a gradient', {
  task: 'embedding_backward',
  points: 2,
  hint: 'Record the lookup with the weight as input; rows no id refers to must have an all-zero gradient.'
}, () => {
  enableAutograd()
  const e = new Embedding(6, 4, 4)
  const head = new Linear(4, 3, true, 5)
  const ids = new Tensor([0, 2, 2, 5])
  const y = new Tensor([1, 0, 2, 1])
  const loss = (): Tensor => new CrossEntropyLoss().forward(head.forward(e.forward(ids)), y)
  loss().backward()
  const g = e.weight.grad!
  expect.true(g !== null, 'weight.grad was not set')
  for (const row of [1, 3, 4])
    expect.equal(Array.from(g.data.slice(4 * row, 4 * row + 4)), [0, 0, 0, 0], `gradient row ${row} (unused token)`)
  const num = numericGradient(() => loss().item(), e.weight.data)
  expect.tensorClose(g, new Tensor(num, { shape: [6, 4] }), 'weight.grad', TOL)
})

test('PositionalEncoding gradients: x gets grad, the table gets the batch sum in its first T rows', {
  task: 'positional',
  points: 3,
  hint: 'dx = grad; dW[t] = Σ over the batch of grad[b, t], and rows t ≥ T receive 0.'
}, () => {
  const pe = new PositionalEncoding(5, 2, 6)
  const x = Tensor.fromND(new Random(7).normal([2, 3, 2]), { requiresGrad: true })
  checkGrads(
    'positional',
    [
      ['x', x],
      ['weight', pe.weight]
    ],
    () => pe.forward(x),
    8
  )
  expect.equal(Array.from(pe.weight.grad!.data.slice(6)), [0, 0, 0, 0], 'rows 3 and 4 of the table (unused positions)')
  const single = pe.forward(Tensor.fromND(nd.zeros([4, 2])))
  expect.tensorClose(single, Tensor.fromND(pe.weight.toND().slice([0, 4])), 'an unbatched [T, D] input')
  expect.throws(() => pe.forward(Tensor.fromND(nd.zeros([2, 3, 3]))), /\[\.\.\., T, 2\]/, 'an embedding dimension of 3 for a table of 2')
})

test('Sinusoidal positions: any entry, odd dimensions, and relative positions as rotations', {
  task: 'sinusoidal',
  points: 3,
  hint: 'Use ⌊j/2⌋ for the frequency of column j, and sin when j is even even for the last column of an odd D. PE[p]·PE[p + k] = Σ cos(k·ωᵢ) does not depend on p.'
}, () => {
  const pe = createSinusoidalEmbeddings(20, 10)
  const angle = 7 / 10000 ** (4 / 10)
  expect.close(pe.data[7 * 10 + 5]!, Math.cos(angle), 'position 7, column 5')
  expect.close(pe.data[7 * 10 + 4]!, Math.sin(angle), 'position 7, column 4')
  const odd = createSinusoidalEmbeddings(4, 5)
  expect.close(odd.data[3 * 5 + 4]!, Math.sin(3 / 10000 ** (4 / 5)), 'the last column of D = 5 is a sine')
  const P = pe.toND()
  const dot = (a: number, b: number): number => nd.sum(nd.mul(P.slice(a), P.slice(b))).item()
  for (let p = 1; p < 10; p++) expect.close(dot(p, p + 3), dot(0, 3), `PE[${p}]·PE[${p + 3}] vs PE[0]·PE[3]`, { atol: 1e-4 })
  expect.true(
    pe.data.every((v) => v >= -1 && v <= 1),
    'all values in [−1, 1]'
  )
})
