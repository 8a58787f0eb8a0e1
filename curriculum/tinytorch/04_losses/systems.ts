// Systems view of module 04: the cost of a cross-entropy over a large vocabulary.
import { medianSeconds } from 'tinytorch/harness'
import { Random, estimate } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { CrossEntropyLoss, logSoftmax } from 'tinytorch/04_losses'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  const n = 32
  const c = 2000
  const rng = new Random(0)
  const logits = Tensor.fromND(rng.normal([n, c]))
  const targets = Tensor.fromND(rng.randint(0, c, [n]))
  const ce = new CrossEntropyLoss()
  const logp = logSoftmax(logits)
  const loss = ce.forward(logits, targets)
  const t = medianSeconds(() => ce.forward(logits, targets), 5)
  return {
    rows: [
      { label: 'logits bytes ([32, 2000])', measured: logits.data.byteLength, estimate: estimate.bytesOfShape([n, c]), unit: 'bytes' },
      { label: 'log-softmax output bytes', measured: logp.data.byteLength, estimate: estimate.bytesOfShape([n, c]), unit: 'bytes' },
      { label: 'loss values returned', measured: loss.size, estimate: 1, unit: 'count' },
      { label: 'cross-entropy time', measured: t, estimate: null, unit: 'seconds' }
    ],
    note: 'One scalar comes out, but every intermediate (shifted logits, exp, log-probs, the one-hot mask) is a full [N, C] array; with C = 50,000 those temporaries dominate memory.'
  }
}
