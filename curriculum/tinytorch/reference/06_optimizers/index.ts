// Module 06: Optimizers.
//
// An optimizer owns a list of parameters and, after loss.backward() has filled their .grad, updates
// their values in place (p.data[j] = ...), so every layer holding those tensors sees the new values.
// State such as momentum lives in per-parameter Float32Array buffers (this.buffers(name)).
import type { Tensor } from 'tinytorch/01_tensor'

/** JSON-able optimizer state: the step count and every per-parameter buffer as plain arrays. */
export interface OptimizerState {
  stepCount: number
  lr: number
  buffers: Record<string, number[][]>
}

/** Base class: holds the parameters, the learning rate and per-parameter state buffers. */
export abstract class Optimizer {
  readonly params: Tensor[]
  lr: number
  /** Number of step() calls so far (Adam's bias correction uses it). */
  stepCount = 0
  /** Per-parameter buffers by name, e.g. state.velocity[i] for params[i]; created lazily. */
  state: Record<string, Float32Array[]> = {}

  constructor(params: Tensor[], lr: number) {
    if (params.length === 0) throw new Error('optimizer got an empty parameter list')
    if (!(lr >= 0) || !Number.isFinite(lr)) throw new Error(`learning rate must be a non-negative number, got ${lr}`)
    this.params = params
    this.lr = lr
  }

  abstract step(): void

  /** Clears the gradient of every parameter (call before each backward pass). */
  zeroGrad(): void {
    //# solution
    for (const p of this.params) p.grad = null
    //# starter
    // // TODO(sgd): set every parameter's grad to null.
    // throw todo('sgd', 'clear the gradients')
    //# end
  }

  /** The buffer `name` for every parameter, zero-filled the first time it is asked for. */
  protected buffers(name: string): Float32Array[] {
    return (this.state[name] ??= this.params.map((p) => new Float32Array(p.size)))
  }

  stateDict(): OptimizerState {
    const buffers: Record<string, number[][]> = {}
    for (const [k, list] of Object.entries(this.state)) buffers[k] = list.map((b) => Array.from(b))
    return { stepCount: this.stepCount, lr: this.lr, buffers }
  }

  loadStateDict(s: OptimizerState): void {
    this.stepCount = s.stepCount
    this.lr = s.lr
    this.state = {}
    for (const [k, list] of Object.entries(s.buffers)) {
      if (list.length !== this.params.length)
        throw new Error(`optimizer state "${k}" has ${list.length} buffers for ${this.params.length} parameters`)
      this.state[k] = list.map((b, i) => {
        if (b.length !== this.params[i]!.size)
          throw new Error(`optimizer state "${k}"[${i}] has ${b.length} values, parameter has ${this.params[i]!.size}`)
        return Float32Array.from(b)
      })
    }
  }
}

export interface SGDOptions {
  lr: number
  momentum?: number
  weightDecay?: number
}

/** SGD with optional momentum (v ← μv + g, θ ← θ − ηv) and L2 weight decay (g ← g + λθ). */
export class SGD extends Optimizer {
  readonly momentum: number
  readonly weightDecay: number

  constructor(params: Tensor[], { lr, momentum = 0, weightDecay = 0 }: SGDOptions) {
    super(params, lr)
    if (!(momentum >= 0 && momentum < 1)) throw new Error(`momentum must be in [0, 1), got ${momentum}`)
    if (!(weightDecay >= 0)) throw new Error(`weightDecay must be >= 0, got ${weightDecay}`)
    this.momentum = momentum
    this.weightDecay = weightDecay
  }

  step(): void {
    //# solution
    const velocity = this.momentum > 0 ? this.buffers('velocity') : null
    this.params.forEach((p, i) => {
      if (!p.grad) return
      const w = p.data
      const g = p.grad.data
      const v = velocity?.[i]
      for (let j = 0; j < w.length; j++) {
        let gj = g[j]! + this.weightDecay * w[j]!
        if (v) {
          v[j] = this.momentum * v[j]! + gj
          gj = v[j]!
        }
        w[j] = w[j]! - this.lr * gj
      }
    })
    this.stepCount++
    //# starter
    // // TODO(sgd): for each parameter with a gradient, update p.data in place: g = grad + weightDecay·θ; θ ← θ − lr·g.
    // // TODO(momentum): when this.momentum > 0 keep a velocity per parameter (this.buffers('velocity')[i]):
    // //   v ← momentum·v + g, then θ ← θ − lr·v.  Count the step in this.stepCount.
    // throw todo('sgd', 'SGD update (with momentum and weight decay)')
    //# end
  }
}

export interface AdamOptions {
  lr?: number
  betas?: [number, number]
  eps?: number
  weightDecay?: number
}

/**
 * Adam: m ← β₁m + (1−β₁)g, v ← β₂v + (1−β₂)g², θ ← θ − η·m̂/(√v̂ + ε) with m̂ = m/(1−β₁ᵗ), v̂ = v/(1−β₂ᵗ).
 * weightDecay here is L2 (added to the gradient), as in the original Adam.
 */
export class Adam extends Optimizer {
  readonly betas: [number, number]
  readonly eps: number
  readonly weightDecay: number

  constructor(params: Tensor[], { lr = 1e-3, betas = [0.9, 0.999], eps = 1e-8, weightDecay = 0 }: AdamOptions = {}) {
    super(params, lr)
    for (const b of betas) if (!(b >= 0 && b < 1)) throw new Error(`betas must be in [0, 1), got [${betas.join(', ')}]`)
    this.betas = betas
    this.eps = eps
    this.weightDecay = weightDecay
  }

  /** One Adam update with L2 coefficient `l2` added to the gradient (g + l2·θ). */
  protected update(l2: number): void {
    //# solution
    this.stepCount++
    const t = this.stepCount
    const [b1, b2] = this.betas
    const c1 = 1 - b1 ** t
    const c2 = 1 - b2 ** t
    const ms = this.buffers('m')
    const vs = this.buffers('v')
    this.params.forEach((p, i) => {
      if (!p.grad) return
      const w = p.data
      const g = p.grad.data
      const m = ms[i]!
      const v = vs[i]!
      for (let j = 0; j < w.length; j++) {
        const gj = g[j]! + l2 * w[j]!
        m[j] = b1 * m[j]! + (1 - b1) * gj
        v[j] = b2 * v[j]! + (1 - b2) * gj * gj
        const mHat = m[j]! / c1
        const vHat = v[j]! / c2
        w[j] = w[j]! - (this.lr * mHat) / (Math.sqrt(vHat) + this.eps)
      }
    })
    //# starter
    // // TODO(adam): increment this.stepCount (t), then for each parameter with a gradient, element-wise:
    // //   g = grad + l2·θ;  m ← β₁m + (1 − β₁)g;  v ← β₂v + (1 − β₂)g²
    // //   m̂ = m / (1 − β₁ᵗ);  v̂ = v / (1 − β₂ᵗ);  θ ← θ − lr·m̂ / (√v̂ + eps)
    // // with m and v from this.buffers('m')[i] and this.buffers('v')[i].
    // throw todo('adam', 'Adam update with bias correction', l2)
    //# end
  }

  step(): void {
    this.update(this.weightDecay)
  }
}

/** AdamW: Adam whose weight decay shrinks the weights directly (θ ← θ − ηλθ), outside the adaptive scaling. */
export class AdamW extends Adam {
  constructor(params: Tensor[], { weightDecay = 0.01, ...rest }: AdamOptions = {}) {
    super(params, { ...rest, weightDecay })
  }

  override step(): void {
    //# solution
    for (const p of this.params) {
      if (!p.grad) continue
      const w = p.data
      for (let j = 0; j < w.length; j++) w[j] = w[j]! - this.lr * this.weightDecay * w[j]!
    }
    this.update(0)
    //# starter
    // // TODO(adamw): decay each parameter that has a gradient directly, θ ← θ − lr·weightDecay·θ,
    // // then take a plain Adam step without L2 (this.update(0)).
    // throw todo('adamw', 'decoupled weight decay, then Adam')
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
