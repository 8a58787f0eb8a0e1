// Systems view of module 12: the attention weights grow with the square of the sequence length.
import { medianSeconds } from 'tinytorch/harness'
import { Random, estimate } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { noGrad } from 'tinytorch/05_autograd'
import { MultiHeadAttention } from 'tinytorch/12_attention'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  const [batch, dim, heads] = [2, 64, 4]
  const mha = new MultiHeadAttention(dim, heads, 0)
  const rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[] = []
  const times: [number, number][] = []
  for (const t of [32, 64, 128]) {
    const x = Tensor.fromND(new Random(t).normal([batch, t, dim]))
    const seconds = medianSeconds(() => noGrad(() => mha.forward(x)), 3)
    const weightBytes = mha.lastWeights!.data.byteLength
    times.push([t, seconds])
    rows.push({
      label: `T = ${t}: bytes of the attention weights`,
      measured: weightBytes,
      estimate: estimate.bytesOfShape([batch, heads, t, t]),
      unit: 'bytes'
    })
    rows.push({ label: `T = ${t}: bytes of the input`, measured: x.data.byteLength, estimate: null, unit: 'bytes' })
    rows.push({
      label: `T = ${t}: FLOPs (projections 8·B·T·D², scores and mixing 4·B·T²·D)`,
      measured: 8 * batch * t * dim * dim + 4 * batch * t * t * dim,
      estimate: null,
      unit: 'FLOP'
    })
    rows.push({ label: `T = ${t}: forward time`, measured: seconds, estimate: null, unit: 'seconds' })
  }
  const [t0, s0] = times[0]!
  const [t2, s2] = times[2]!
  return {
    rows,
    note:
      `From T = ${t0} to T = ${t2} the input grew ${t2 / t0}× but the weights ${(t2 / t0) ** 2}×: every query keeps a weight for every key, per head. ` +
      `Time grew ${(s2 / Math.max(s0, 1e-9)).toFixed(1)}×; the projections (linear in T) dominate at short lengths, the T² terms take over once T exceeds about 2·D. ` +
      'At T = 8192 with 32 heads, one layer’s weights would take 8 GiB in float32 — which is why FlashAttention computes the softmax block by block and never stores them.'
  }
}
