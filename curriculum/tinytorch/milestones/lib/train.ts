// Small helpers the milestones share.
import { Tensor } from 'tinytorch/01_tensor'
import { noGrad } from 'tinytorch/05_autograd'

export interface Progress {
  step: number
  total: number
  metrics: Record<string, number>
  message?: string
}

/** Fraction of rows of [N, C] logits whose largest entry is at the target class. */
export function accuracyOf(logits: Tensor, targets: Tensor): number {
  const n = targets.size
  const c = logits.size / n
  let correct = 0
  for (let i = 0; i < n; i++) {
    let best = 0
    for (let j = 1; j < c; j++) if (logits.data[i * c + j]! > logits.data[i * c + best]!) best = j
    if (best === targets.data[i]) correct++
  }
  return correct / n
}

/** Accuracy of `model` on (x, y) in evaluation mode, batch by batch along the first axis. */
export function evaluateBatches(
  model: { forward(x: Tensor): Tensor; train(): unknown; eval(): unknown },
  x: Tensor,
  y: Tensor,
  batch: number
): number {
  const n = y.size
  const rowSize = x.size / n
  let correct = 0
  model.eval()
  noGrad(() => {
    for (let s = 0; s < n; s += batch) {
      const e = Math.min(n, s + batch)
      const xb = new Tensor(x.data.subarray(s * rowSize, e * rowSize), { shape: [e - s, ...x.shape.slice(1)] })
      const yb = new Tensor(y.data.subarray(s, e), { shape: [e - s] })
      correct += accuracyOf(model.forward(xb), yb) * (e - s)
    }
  })
  model.train()
  return correct / n
}
