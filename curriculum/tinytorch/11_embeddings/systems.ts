// Systems view of module 11: an embedding lookup moves memory; its gradient touches only the rows used.
import { medianSeconds } from 'tinytorch/harness'
import { Random, estimate } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Linear } from 'tinytorch/03_layers'
import { enableAutograd } from 'tinytorch/05_autograd'
import { Embedding } from 'tinytorch/11_embeddings'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  enableAutograd()
  const [vocab, dim, batch, seq] = [8000, 64, 16, 32]
  const emb = new Embedding(vocab, dim, 0)
  const ids = Tensor.fromND(new Random(1).randint(0, vocab, [batch, seq]))
  const oneHot = new Linear(vocab, dim, false, 2) // the same map written as a one-hot matmul
  const lookup = medianSeconds(() => emb.forward(ids), 5)
  const hot = new Float32Array(batch * seq * vocab)
  for (let i = 0; i < ids.size; i++) hot[i * vocab + ids.data[i]!] = 1
  const hotT = new Tensor(hot, { shape: [batch * seq, vocab] })
  const matmul = medianSeconds(() => oneHot.forward(hotT), 3)
  emb.weight.grad = null
  emb.forward(ids).sum().backward()
  let touched = 0
  const g = emb.weight.grad!.data
  for (let r = 0; r < vocab; r++) if (g.subarray(r * dim, (r + 1) * dim).some((v) => v !== 0)) touched++
  const distinct = new Set(ids.data).size
  return {
    rows: [
      {
        label: 'table bytes (8000 × 64)',
        measured: emb.weight.data.byteLength,
        estimate: estimate.bytesOfShape([vocab, dim]),
        unit: 'bytes'
      },
      { label: 'lookup of 16 × 32 ids', measured: lookup, estimate: null, unit: 'seconds' },
      { label: 'the same as a one-hot matmul', measured: matmul, estimate: null, unit: 'seconds' },
      {
        label: 'FLOPs of the one-hot matmul (all wasted on zeros but 512 × 64)',
        measured: estimate.matmulFlops(batch * seq, vocab, dim),
        estimate: null,
        unit: 'FLOP'
      },
      { label: 'table rows with a non-zero gradient', measured: touched, estimate: distinct, unit: 'count' }
    ],
    note:
      `A lookup copies ${batch * seq} rows (${((batch * seq * dim * 4) / 1024).toFixed(0)} KiB); the equivalent one-hot matmul multiplies by ${vocab} mostly-zero inputs per token and was ${(matmul / Math.max(lookup, 1e-9)).toFixed(0)}× slower. ` +
      `Only ${touched} of ${vocab} rows received a gradient: sparse updates are why large embedding tables (recommendation models hold billions of rows) are sharded and updated lazily.`
  }
}
