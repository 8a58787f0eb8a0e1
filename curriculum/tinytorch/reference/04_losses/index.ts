// Module 04: Losses.
//
// A loss turns predictions and targets into one number (a scalar Tensor, shape []) that training
// pushes down. Module 05 attaches the gradients of these classes, so here you write the forward pass
// only — but it must be numerically stable: no Infinity or NaN for logits like 1000 or probabilities of 0.
//
// Useful runtime pieces: nd.max/sum/mean(a, axis, keepdims), nd.exp, nd.log, nd.clip(a, lo, hi),
//   nd.sub/mul/add. Tensor methods (sub, mul, mean, sum) work too.
import { nd } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'

/** Predictions are clipped into [EPSILON, 1 − EPSILON] before taking logs. */
export const EPSILON = 1e-7
//# solution

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}
//# end

/** log(softmax(x)) along `dim`, computed as (x − m) − log Σ e^(x − m) with m = max x. */
export class LogSoftmax {
  constructor(readonly dim = -1) {}

  //# solution
  forward(x: Tensor): Tensor {
    // nd.logSoftmax is exactly (x − m) − log Σ e^(x − m), computed row by row in one pass (fused).
    return Tensor.fromND(nd.logSoftmax(x.toND(), this.dim))
  }
  //# starter
  // forward(x: Tensor): Tensor {
  //   // TODO(log_softmax)
  //   throw todo('log_softmax', '(x − max) − log(sum(exp(x − max))) along this.dim', x, nd)
  // }
  //# end

  call(x: Tensor): Tensor {
    return this.forward(x)
  }
}

/** Function form of LogSoftmax. */
export function logSoftmax(x: Tensor, dim = -1): Tensor {
  return new LogSoftmax(dim).forward(x)
}

/** Mean squared error: mean((p − y)²) over all elements. Throws when the sizes differ. Returns shape []. */
export class MSELoss {
  forward(predictions: Tensor, targets: Tensor): Tensor {
    //# solution
    if (predictions.size !== targets.size) {
      throw new Error(
        `MSELoss: predictions ${formatShape(predictions.shape)} and targets ${formatShape(targets.shape)} hold different numbers of values`
      )
    }
    const t = targets.reshape(predictions.shape)
    const diff = predictions.sub(t)
    return diff.mul(diff).mean()
    //# starter
    // // TODO(mse)
    // throw todo('mse', 'mean of squared differences', predictions, targets)
    //# end
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

/**
 * Cross-entropy of logits [N, C] against integer class ids [N]: −(1/N) Σ_i log softmax(z_i)[y_i].
 * Throws for logits that are not 2-D, for a target count ≠ N, and for class ids outside [0, C).
 */
export class CrossEntropyLoss {
  forward(logits: Tensor, targets: Tensor): Tensor {
    //# solution
    if (logits.shape.length !== 2) throw new Error(`CrossEntropyLoss expects logits of shape [N, C], got ${formatShape(logits.shape)}`)
    const [n, c] = logits.shape as [number, number]
    if (targets.size !== n) throw new Error(`CrossEntropyLoss: ${n} rows of logits but ${targets.size} targets`)
    const logp = logSoftmax(logits, -1)
    const picked = logp.mul(oneHot(targets, c)).sum(1) // log p of the true class, per row
    return picked.mean().mul(-1)
    //# starter
    // // TODO(cross_entropy)
    // throw todo('cross_entropy', 'pick log-softmax at the target class of each row, average, negate', logits, targets)
    //# end
  }

  call(logits: Tensor, targets: Tensor): Tensor {
    return this.forward(logits, targets)
  }
}

/**
 * Binary cross-entropy of probabilities p against 0/1 targets y:
 * −mean(y·log p + (1 − y)·log(1 − p)), with p clipped into [EPSILON, 1 − EPSILON]. Returns shape [].
 * Throws when the sizes differ (predictions [N, 1] with targets [N] are fine).
 */
export class BinaryCrossEntropyLoss {
  forward(predictions: Tensor, targets: Tensor): Tensor {
    //# solution
    if (predictions.size !== targets.size) {
      throw new Error(
        `BinaryCrossEntropyLoss: predictions ${formatShape(predictions.shape)} and targets ${formatShape(targets.shape)} hold different numbers of values`
      )
    }
    const p = nd.clip(predictions.toND(), EPSILON, 1 - EPSILON)
    const y = targets.toND().reshape(p.shape)
    const terms = nd.add(nd.mul(y, nd.log(p)), nd.mul(nd.sub(1, y), nd.log(nd.sub(1, p))))
    return new Tensor(-nd.mean(terms).item())
    //# starter
    // // TODO(bce)
    // throw todo('bce', 'clip, then the mean of the two log terms, negated', predictions, targets)
    //# end
  }

  call(predictions: Tensor, targets: Tensor): Tensor {
    return this.forward(predictions, targets)
  }
}
//# starter
//
// /** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
// function todo(task: string, what: string, ..._unused: unknown[]): Error {
//   return new Error(`TODO(${task}): ${what}`)
// }
//# end
