// Module 07: Training.
//
// Put the pieces together: a learning-rate schedule, gradient clipping, and a Trainer that runs
// epochs (forward, loss, backward, clip, step), evaluates without recording gradients, and saves and
// restores checkpoints as plain JSON-able objects (the sandbox has no file system).
import { nd } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import type { Layer } from 'tinytorch/03_layers'
import { enableAutograd, noGrad } from 'tinytorch/05_autograd'
import type { Optimizer, OptimizerState } from 'tinytorch/06_optimizers'

/** Cosine learning-rate schedule: from maxLr at epoch 0 down to minLr at totalEpochs (and after). */
export class CosineSchedule {
  readonly maxLr: number
  readonly minLr: number
  readonly totalEpochs: number

  constructor({ maxLr, minLr = 0, totalEpochs }: { maxLr: number; minLr?: number; totalEpochs: number }) {
    if (!(totalEpochs > 0)) throw new Error(`totalEpochs must be positive, got ${totalEpochs}`)
    if (minLr > maxLr) throw new Error(`minLr (${minLr}) must not exceed maxLr (${maxLr})`)
    this.maxLr = maxLr
    this.minLr = minLr
    this.totalEpochs = totalEpochs
  }

  /** lr(e) = minLr + ½(maxLr − minLr)(1 + cos(π·e/T)), with e clamped to [0, T]. */
  getLr(epoch: number): number {
    //# solution
    const e = Math.min(Math.max(epoch, 0), this.totalEpochs)
    return this.minLr + 0.5 * (this.maxLr - this.minLr) * (1 + Math.cos((Math.PI * e) / this.totalEpochs))
    //# starter
    // // TODO(schedule): clamp epoch into [0, totalEpochs], then apply the formula above.
    // throw todo('schedule', 'cosine learning rate', epoch)
    //# end
  }
}

/**
 * Scales all gradients together so their global L2 norm is at most maxNorm.
 * Returns the norm measured before clipping. Parameters without a gradient are skipped.
 */
export function clipGradNorm(params: Tensor[], maxNorm: number): number {
  //# solution
  let sq = 0
  for (const p of params) if (p.grad) for (const g of p.grad.data) sq += g * g
  const norm = Math.sqrt(sq)
  if (norm > maxNorm) {
    const scale = maxNorm / (norm + 1e-6)
    for (const p of params) {
      if (!p.grad) continue
      const g = p.grad.data
      for (let i = 0; i < g.length; i++) g[i] = g[i]! * scale
    }
  }
  return norm
  //# starter
  // // TODO(clip): norm = √(Σ over all parameters and elements of g²). If norm > maxNorm, multiply every
  // // gradient value in place by maxNorm / (norm + 1e-6). Return the norm measured before clipping.
  // throw todo('clip', 'global gradient-norm clipping', params, maxNorm)
  //# end
}

/** One mini-batch: inputs and targets. */
export interface Batch {
  x: Tensor
  y: Tensor
}

/** Anything with forward(predictions, targets) returning a scalar loss tensor. */
export interface Loss {
  forward(predictions: Tensor, targets: Tensor): Tensor
}

/** Splits (x, y) along the first axis into batches, optionally shuffled with a seeded generator. */
export function makeBatches(x: Tensor, y: Tensor, batchSize: number, shuffleSeed?: number): Batch[] {
  const n = x.shape[0]!
  if (y.shape[0] !== n) throw new Error(`x has ${n} rows but y has ${y.shape[0]}`)
  const order = shuffleSeed === undefined ? Array.from({ length: n }, (_, i) => i) : new nd.Random(shuffleSeed).permutation(n)
  const X = x.toND()
  const Y = y.toND()
  const out: Batch[] = []
  for (let start = 0; start < n; start += batchSize) {
    const idx = order.slice(start, start + batchSize)
    out.push({ x: Tensor.fromND(nd.take(X, idx, 0)), y: Tensor.fromND(nd.take(Y, idx, 0)) })
  }
  return out
}

export interface TrainerOptions {
  model: Layer
  optimizer: Optimizer
  loss: Loss
  scheduler?: CosineSchedule
  /** Clip the global gradient norm to this value before each step. */
  clipNorm?: number
}

export interface Checkpoint {
  epoch: number
  params: { shape: number[]; data: number[] }[]
  optimizer: OptimizerState
  history: { epoch: number; trainLoss: number; lr: number }[]
}

/** Fraction of correct predictions: argmax over classes for [N, C] outputs, threshold 0.5 for one output per example. */
export function accuracy(predictions: Tensor, targets: Tensor): number {
  const n = predictions.shape[0] ?? 1
  const c = predictions.size / n
  let correct = 0
  for (let i = 0; i < n; i++) {
    let guess: number
    if (c === 1) guess = predictions.data[i]! >= 0.5 ? 1 : 0
    else {
      guess = 0
      for (let j = 1; j < c; j++) if (predictions.data[i * c + j]! > predictions.data[i * c + guess]!) guess = j
    }
    if (guess === targets.data[i]) correct++
  }
  return correct / n
}

export class Trainer {
  readonly model: Layer
  readonly optimizer: Optimizer
  readonly loss: Loss
  readonly scheduler: CosineSchedule | undefined
  readonly clipNorm: number | undefined
  /** Epochs completed so far. */
  epoch = 0
  history: { epoch: number; trainLoss: number; lr: number }[] = []

  constructor({ model, optimizer, loss, scheduler, clipNorm }: TrainerOptions) {
    enableAutograd()
    this.model = model
    this.optimizer = optimizer
    this.loss = loss
    this.scheduler = scheduler
    this.clipNorm = clipNorm
  }

  /** One pass over `batches`: forward, loss, backward, (clip), step. Returns the mean batch loss. */
  trainEpoch(batches: Iterable<Batch>): number {
    //# solution
    if (this.scheduler) this.optimizer.lr = this.scheduler.getLr(this.epoch)
    this.model.train()
    let total = 0
    let count = 0
    for (const { x, y } of batches) {
      this.optimizer.zeroGrad()
      const loss = this.loss.forward(this.model.forward(x), y)
      loss.backward()
      if (this.clipNorm !== undefined) clipGradNorm(this.optimizer.params, this.clipNorm)
      this.optimizer.step()
      total += loss.item()
      count++
    }
    if (count === 0) throw new Error('trainEpoch got no batches')
    const trainLoss = total / count
    this.history.push({ epoch: this.epoch, trainLoss, lr: this.optimizer.lr })
    this.epoch++
    return trainLoss
    //# starter
    // // TODO(train_epoch): if there is a scheduler, set this.optimizer.lr = scheduler.getLr(this.epoch).
    // // Put the model in training mode. For each batch: zeroGrad, forward, loss, backward, clip (if clipNorm),
    // // step. Throw if there were no batches. Push { epoch, trainLoss, lr } onto history, increment epoch,
    // // and return the mean batch loss.
    // throw todo('train_epoch', 'one epoch of training', batches)
    //# end
  }

  /** Mean loss and accuracy over `batches` in evaluation mode, without recording gradients. */
  evaluate(batches: Iterable<Batch>): { loss: number; accuracy: number } {
    //# solution
    this.model.eval()
    let loss = 0
    let correct = 0
    let n = 0
    noGrad(() => {
      for (const { x, y } of batches) {
        const pred = this.model.forward(x)
        const rows = x.shape[0] ?? 1
        loss += this.loss.forward(pred, y).item() * rows
        correct += accuracy(pred, y) * rows
        n += rows
      }
    })
    this.model.train()
    if (n === 0) throw new Error('evaluate got no batches')
    return { loss: loss / n, accuracy: correct / n }
    //# starter
    // // TODO(evaluate): model.eval(); inside noGrad, forward each batch and add up loss·rows and
    // // accuracy(pred, y)·rows; switch back to model.train(); return the averages per example.
    // throw todo('evaluate', 'loss and accuracy without gradients', batches, noGrad, accuracy)
    //# end
  }

  /** Everything needed to resume: parameter values, optimizer state, epoch and history, as plain JSON data. */
  saveCheckpoint(): Checkpoint {
    //# solution
    return {
      epoch: this.epoch,
      params: this.model.parameters().map((p) => ({ shape: [...p.shape], data: Array.from(p.data) })),
      optimizer: this.optimizer.stateDict(),
      history: this.history.map((h) => ({ ...h }))
    }
    //# starter
    // // TODO(checkpoint): plain arrays only (Array.from(p.data)), so JSON.stringify works.
    // throw todo('checkpoint', 'epoch, parameter shapes and values, optimizer.stateDict(), history')
    //# end
  }

  /** Restores a checkpoint into this trainer's model and optimizer (in place; shapes must match). */
  loadCheckpoint(ckpt: Checkpoint): void {
    //# solution
    const params = this.model.parameters()
    if (ckpt.params.length !== params.length) throw new Error(`checkpoint has ${ckpt.params.length} parameters, model has ${params.length}`)
    params.forEach((p, i) => {
      const saved = ckpt.params[i]!
      if (saved.shape.join(',') !== p.shape.join(',')) {
        throw new Error(`checkpoint parameter ${i} has shape [${saved.shape.join(', ')}], model has [${p.shape.join(', ')}]`)
      }
      p.data.set(saved.data)
    })
    this.optimizer.loadStateDict(ckpt.optimizer)
    this.epoch = ckpt.epoch
    this.history = ckpt.history.map((h) => ({ ...h }))
    //# starter
    // // TODO(checkpoint): check the parameter count and every shape (throw on a mismatch), copy the values into
    // // the existing parameters (p.data.set(...)), then restore the optimizer state, epoch and history.
    // throw todo('checkpoint', 'restore a checkpoint in place', ckpt)
    //# end
  }
}
//# starter
//
// /** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
// function todo(task: string, what: string, ..._unused: unknown[]): Error {
//   return new Error(`TODO(${task}): ${what}`)
// }
//# end
