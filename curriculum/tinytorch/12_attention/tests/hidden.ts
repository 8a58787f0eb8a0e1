import { test, expect, numericGradient } from 'tinytorch/harness'
import { nd, Random, type NDArray } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { enableAutograd } from 'tinytorch/05_autograd'
import { scaledDotProductAttention, MultiHeadAttention } from 'tinytorch/12_attention'

const TOL = { atol: 2e-3, rtol: 1e-2 }

/** Attention with explicit loops over [T, d] matrices, in float64: the independent reference. */
function loops(Q: NDArray, K: NDArray, V: NDArray, mask?: (i: number, j: number) => boolean): { out: number[][]; w: number[][] } {
  const [tq, d] = Q.shape as [number, number]
  const tk = K.shape[0]!
  const dv = V.shape[1]!
  const out: number[][] = []
  const w: number[][] = []
  for (let i = 0; i < tq; i++) {
    const s: number[] = []
    for (let j = 0; j < tk; j++) {
      let dot = 0
      for (let c = 0; c < d; c++) dot += Q.get(i, c) * K.get(j, c)
      s.push(mask && !mask(i, j) ? -Infinity : dot / Math.sqrt(d))
    }
    const m = Math.max(...s)
    const e = s.map((v) => Math.exp(v - m))
    const z = e.reduce((a, b) => a + b, 0)
    const p = e.map((v) => v / z)
    w.push(p)
    out.push(Array.from({ length: dv }, (_, c) => p.reduce((acc, pj, j) => acc + pj * V.get(j, c), 0)))
  }
  return { out, w }
}

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

test('4-D batched attention matches explicit loops in every batch and head, with Tq ≠ Tk', {
  task: 'sdpa',
  points: 3,
  hint: 'Scale by 1/√d where d is the last dimension of Q and K (not of V); the batch and head axes just broadcast through matmul.'
}, () => {
  const r = new Random(10)
  const Q = r.normal([2, 2, 3, 5])
  const K = r.normal([2, 2, 4, 5])
  const V = r.normal([2, 2, 4, 3])
  const { output, weights } = scaledDotProductAttention(Tensor.fromND(Q), Tensor.fromND(K), Tensor.fromND(V))
  expect.shape(output, [2, 2, 3, 3], 'output')
  for (let b = 0; b < 2; b++)
    for (let h = 0; h < 2; h++) {
      const want = loops(Q.slice(b, h), K.slice(b, h), V.slice(b, h))
      expect.tensorClose(Tensor.fromND(output.toND().slice(b, h)), want.out, `output of batch ${b}, head ${h}`, { atol: 1e-4 })
      expect.tensorClose(Tensor.fromND(weights.toND().slice(b, h)), want.w, `weights of batch ${b}, head ${h}`, { atol: 1e-5 })
    }
  const x = Tensor.fromND(r.normal([3, 4]))
  expect.throws(() => scaledDotProductAttention(x, Tensor.fromND(r.normal([3, 5])), x), /last dimension/, 'Q with d = 4 and K with d = 5')
  expect.throws(() => scaledDotProductAttention(x, x, Tensor.fromND(r.normal([2, 4]))), /keys/, 'K with 3 keys and V with 2')
})

test('attention gradients for Q, K and V match finite differences', {
  task: 'sdpa',
  points: 3,
  hint: 'Build attention from Tensor operations that module 05 records (matmul, transpose, mul, Softmax): then backward needs no new code.'
}, () => {
  const r = new Random(11)
  const Q = Tensor.fromND(r.normal([2, 3, 2]), { requiresGrad: true })
  const K = Tensor.fromND(r.normal([2, 4, 2]), { requiresGrad: true })
  const V = Tensor.fromND(r.normal([2, 4, 3]), { requiresGrad: true })
  checkGrads(
    'attention',
    [
      ['Q', Q],
      ['K', K],
      ['V', V]
    ],
    () => scaledDotProductAttention(Q, K, V).output,
    12
  )
})

test('a causal mask: exact zeros above the diagonal, and later values cannot change earlier outputs', {
  task: 'masking',
  points: 3,
  hint: 'Blocked positions must get weight exactly 0 (−1e9 before the softmax), and a [1, T, T] mask must work for [T, d] inputs too (drop the leading 1).'
}, () => {
  const r = new Random(13)
  const T = 4
  const x = r.normal([T, 3])
  const causal = new Tensor(
    Float32Array.from({ length: T * T }, (_, k) => (k % T <= Math.floor(k / T) ? 1 : 0)),
    { shape: [1, T, T] }
  )
  const { output, weights } = scaledDotProductAttention(Tensor.fromND(x), Tensor.fromND(x), Tensor.fromND(x), causal)
  expect.shape(weights, [T, T], 'weights of unbatched inputs with a [1, T, T] mask')
  for (let i = 0; i < T; i++) for (let j = i + 1; j < T; j++) expect.equal(weights.data[i * T + j], 0, `weight [${i}, ${j}]`)
  const want = loops(x, x, x, (i, j) => j <= i)
  expect.tensorClose(output, want.out, 'causal output vs loops', { atol: 1e-4 })
  const V2 = x.copy()
  V2.set(3, 0, 100)
  const changed = scaledDotProductAttention(Tensor.fromND(x), Tensor.fromND(x), Tensor.fromND(V2), causal).output
  expect.tensorClose(new Tensor(changed.data.slice(0, 9)), new Tensor(output.data.slice(0, 9)), 'outputs 0–2 after changing V[3]')
  expect.throws(
    () =>
      scaledDotProductAttention(
        Tensor.fromND(x),
        Tensor.fromND(x),
        Tensor.fromND(x),
        new Tensor([
          [1, 1, 1, 1],
          [0, 0, 0, 0],
          [1, 0, 0, 0],
          [1, 1, 0, 0]
        ])
      ),
    /blocks every key/,
    'a mask row of zeros'
  )
})

test('a padding mask [B, 1, 1, Tk] broadcasts over heads and queries; masked gradients match finite differences', {
  task: 'masking',
  points: 2,
  hint: 'Broadcast the mask to the full score shape; a blocked key must receive no weight from any query of that sequence.'
}, () => {
  const r = new Random(14)
  const Q = Tensor.fromND(r.normal([2, 2, 3, 2]), { requiresGrad: true })
  const K = Tensor.fromND(r.normal([2, 2, 3, 2]), { requiresGrad: true })
  const V = Tensor.fromND(r.normal([2, 2, 3, 2]), { requiresGrad: true })
  const pad = new Tensor([1, 1, 0, 1, 0, 0], { shape: [2, 1, 1, 3] })
  const { weights } = scaledDotProductAttention(Q, K, V, pad)
  const W = weights.toND()
  for (let h = 0; h < 2; h++)
    for (let i = 0; i < 3; i++) {
      expect.equal(W.get(0, h, i, 2), 0, `sequence 0, head ${h}, query ${i}, key 2`)
      expect.close(W.get(1, h, i, 0), 1, `sequence 1, head ${h}, query ${i}: only key 0 is open`)
    }
  checkGrads(
    'masked attention',
    [
      ['Q', Q],
      ['K', K],
      ['V', V]
    ],
    () => scaledDotProductAttention(Q, K, V, pad).output,
    15
  )
})

test('two-head attention equals each head computed on its own slice of the projections', {
  task: 'mha',
  points: 3,
  hint: 'Head h uses columns h·dh … (h+1)·dh − 1 of the projected q, k, v. Reshape to [B, T, H, dh] and transpose(1, 2) — reshaping straight to [B, H, T, dh] mixes positions and heads.'
}, () => {
  const mha = new MultiHeadAttention(6, 2, 20)
  const x = Tensor.fromND(new Random(21).normal([2, 4, 6]))
  const got = mha.forward(x)
  const q = mha.qProj.forward(x).toND()
  const k = mha.kProj.forward(x).toND()
  const v = mha.vProj.forward(x).toND()
  const merged = nd.zeros([2, 4, 6])
  for (let b = 0; b < 2; b++)
    for (let h = 0; h < 2; h++) {
      const cols = [h * 3, h * 3 + 3] as [number, number]
      const { out } = loops(q.slice(b, null, cols).copy(), k.slice(b, null, cols).copy(), v.slice(b, null, cols).copy())
      nd.assign(merged.slice(b, null, cols), nd.array(out))
    }
  expect.tensorClose(got, mha.outProj.forward(Tensor.fromND(merged)), 'two heads vs per-head loops', { atol: 1e-4 })
  expect.shape(mha.lastWeights, [2, 2, 4, 4], 'lastWeights')
})

test('MultiHeadAttention gradients, unbatched inputs and a causal mask', {
  task: 'mha',
  points: 2,
  hint: 'Every step must be a recorded Tensor operation (Linear, reshape, transpose, attention) so that x and all projections get gradients.'
}, () => {
  const mha = new MultiHeadAttention(4, 2, 30)
  const x = Tensor.fromND(new Random(31).normal([1, 3, 4]), { requiresGrad: true })
  const causal = new Tensor([1, 0, 0, 1, 1, 0, 1, 1, 1], { shape: [1, 3, 3] })
  checkGrads(
    'multi-head attention',
    [
      ['x', x],
      ['qProj.weight', mha.qProj.weight],
      ['vProj.bias', mha.vProj.bias!]
    ],
    () => mha.forward(x, causal),
    32
  )
  const flat = Tensor.fromND(x.toND().reshape(3, 4))
  expect.tensorClose(mha.forward(flat, causal), Tensor.fromND(mha.forward(x, causal).toND().reshape(3, 4)), 'a [T, D] input', {
    atol: 1e-5
  })
})
