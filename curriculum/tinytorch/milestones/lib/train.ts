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

/**
 * Trains a classifier for `epochs` passes over `loader`, reporting running loss and accuracy every 25
 * steps (yielding to the event loop so progress reaches the screen) and test accuracy after each epoch.
 * Returns the last epoch's test accuracy.
 */
export async function trainClassifier(options: {
  model: { forward(x: Tensor): Tensor; train(): unknown; eval(): unknown }
  loss: { forward(logits: Tensor, targets: Tensor): Tensor }
  optimizer: { zeroGrad(): void; step(): void }
  loader: Iterable<Tensor[]> & { length: number }
  epochs: number
  test: { x: Tensor; y: Tensor; batch: number }
  report: (p: Progress) => void
}): Promise<number> {
  const { model, loss, optimizer, loader, epochs, test, report } = options
  const total = epochs * loader.length
  let step = 0
  let testAccuracy = 0
  for (let epoch = 1; epoch <= epochs; epoch++) {
    let seen = 0
    let running = 0
    let correct = 0
    for (const [x, y] of loader) {
      optimizer.zeroGrad()
      const logits = model.forward(x!)
      const l = loss.forward(logits, y!)
      l.backward()
      optimizer.step()
      step++
      seen += y!.size
      running += l.item() * y!.size
      correct += accuracyOf(logits, y!) * y!.size
      if (step % 25 === 0) {
        report({ step, total, metrics: { loss: running / seen, trainAccuracy: correct / seen }, message: `epoch ${epoch} of ${epochs}` })
        await Promise.resolve()
      }
    }
    testAccuracy = evaluateBatches(model, test.x, test.y, test.batch)
    report({
      step,
      total,
      metrics: { loss: running / seen, trainAccuracy: correct / seen, testAccuracy },
      message: `epoch ${epoch}: test accuracy ${(100 * testAccuracy).toFixed(1)}%`
    })
  }
  return testAccuracy
}
