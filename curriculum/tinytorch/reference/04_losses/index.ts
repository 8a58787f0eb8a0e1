// Reference solution for module 04: Losses.
import { nd } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'

/** Predictions are clipped into [EPSILON, 1 − EPSILON] before taking logs. */
export const EPSILON = 1e-7

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** log(softmax(x)) along `dim`, computed as (x − m) − log Σ e^(x − m) with m = max x. */
export class LogSoftmax {
  constructor(readonly dim = -1) {}

  forward(x: Tensor): Tensor {
    // nd.logSoftmax is exactly (x − m) − log Σ e^(x − m), computed row by row in one pass (fused).
    return Tensor.fromND(nd.logSoftmax(x.toND(), this.dim))
  }

  call(x: Tensor): Tensor {
    return this.forward(x)
  }
}

/** Function form of LogSoftmax. */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  return new LogSoftmax(dim).forward(x)
}

/** Mean squared error: mean((p − y)²). */
export class MSELoss {
  forward(predictions: Tensor, targets: Tensor): Tensor {
    if (predictions.size !== targets.size) {
      throw new Error(
        `MSELoss: predictions ${formatShape(predictions.shape)} and targets ${formatShape(targets.shape)} hold different numbers of values`
      )
    }
    const t = targets.reshape(predictions.shape)
    const diff = predictions.sub(t)
    return diff.mul(diff).mean()
  }

  call(predictions: Tensor, targets: Tensor): Tensor {
    return this.forward(predictions, targets)
  }
}

/** One-hot rows for integer class ids: shape [N, C]. Throws on ids outside [0, C). */
export function oneHot(targets: Tensor, numClasses: number): Tensor {
  const n = targets.size
  const out = new Float32Array(n * numClasses)
  for (let i = 0; i < n; i++) {
    const c = targets.data[i]!
    if (!Number.isInteger(c) || c < 0 || c >= numClasses) {
      throw new Error(`class index ${c} at position ${i} is not an integer in [0, ${numClasses})`)
    }
    out[i * numClasses + c] = 1
  }
  return new Tensor(out, { shape: [n, numClasses] })
}

/** Cross-entropy of logits [N, C] against integer class ids [N]: −mean_i log softmax(z_i)[y_i]. */
export class CrossEntropyLoss {
  forward(logits: Tensor, targets: Tensor): Tensor {
    if (logits.shape.length !== 2) throw new Error(`CrossEntropyLoss expects logits of shape [N, C], got ${formatShape(logits.shape)}`)
    const [n, c] = logits.shape as [number, number]
    if (targets.size !== n) throw new Error(`CrossEntropyLoss: ${n} rows of logits but ${targets.size} targets`)
    const logp = logSoftmax(logits, -1)
    const picked = logp.mul(oneHot(targets, c)).sum(1) // log p of the true class, per row
    return picked.mean().mul(-1)
  }

  call(logits: Tensor, targets: Tensor): Tensor {
    return this.forward(logits, targets)
  }
}

/** Binary cross-entropy of probabilities p against 0/1 targets y: −mean(y log p + (1 − y) log(1 − p)). */
export class BinaryCrossEntropyLoss {
  forward(predictions: Tensor, targets: Tensor): Tensor {
    if (predictions.size !== targets.size) {
      throw new Error(
        `BinaryCrossEntropyLoss: predictions ${formatShape(predictions.shape)} and targets ${formatShape(targets.shape)} hold different numbers of values`
      )
    }
    const p = nd.clip(predictions.toND(), EPSILON, 1 - EPSILON)
    const y = targets.toND().reshape(p.shape)
    const terms = nd.add(nd.mul(y, nd.log(p)), nd.mul(nd.sub(1, y), nd.log(nd.sub(1, p))))
    return new Tensor(-nd.mean(terms).item())
  }

  call(predictions: Tensor, targets: Tensor): Tensor {
    return this.forward(predictions, targets)
  }
}
