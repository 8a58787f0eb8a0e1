// Reference solution for module 03: Layers.
import { nd, Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'

/** Base class of everything with a forward pass and (possibly) trainable parameters. */
export abstract class Layer {
  /** Training mode (true) or evaluation mode (false); Dropout reads it. */
  training = true

  abstract forward(x: Tensor): Tensor

  call(x: Tensor): Tensor {
    return this.forward(x)
  }

  /** The trainable tensors of this layer (and its sub-layers). */
  parameters(): Tensor[] {
    return []
  }

  train(): this {
    this.training = true
    return this
  }

  eval(): this {
    this.training = false
    return this
  }
}

/** Xavier/Glorot uniform bound: weights ~ U(−a, a) with a = √(6 / (fanIn + fanOut)). */
export function xavierLimit(fanIn: number, fanOut: number): number {
  return Math.sqrt(6 / (fanIn + fanOut))
}

/** y = x W + b, with W stored as (inFeatures, outFeatures). */
export class Linear extends Layer {
  weight: Tensor
  bias: Tensor | null

  /** `seed` gives this layer its own generator; without it the runtime's default generator (nd.seed) is used. */
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    bias = true,
    seed?: number
  ) {
    super()
    for (const [name, v] of [
      ['inFeatures', inFeatures],
      ['outFeatures', outFeatures]
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`Linear: ${name} must be a positive integer, got ${v}`)
    }
    const limit = xavierLimit(inFeatures, outFeatures)
    const w =
      seed === undefined
        ? nd.uniform([inFeatures, outFeatures], -limit, limit)
        : new Random(seed).uniform([inFeatures, outFeatures], -limit, limit)
    this.weight = Tensor.fromND(w, { requiresGrad: true })
    this.bias = bias ? new Tensor(new Float32Array(outFeatures), { shape: [outFeatures], requiresGrad: true }) : null
  }

  forward(x: Tensor): Tensor {
    const last = x.shape[x.shape.length - 1]
    if (last !== this.inFeatures) {
      throw new Error(
        `Linear(${this.inFeatures}, ${this.outFeatures}) expects inputs with ${this.inFeatures} features in the last dimension, got shape [${x.shape.join(', ')}]`
      )
    }
    const y = x.matmul(this.weight)
    return this.bias ? y.add(this.bias) : y
  }

  override parameters(): Tensor[] {
    return this.bias ? [this.weight, this.bias] : [this.weight]
  }
}

/** Randomly zeroes a fraction p of the values during training, scaling the rest by 1/(1−p). */
export class Dropout extends Layer {
  constructor(readonly p = 0.5) {
    super()
    if (!(p >= 0 && p <= 1)) throw new Error(`Dropout probability must be in [0, 1], got ${p}`)
  }

  override forward(x: Tensor, training = this.training): Tensor {
    if (!training || this.p === 0) return x
    if (this.p === 1) return x.mul(0)
    const keep = 1 - this.p
    const mask = nd.div(nd.less(nd.rand(x.shape), keep), keep)
    return x.mul(Tensor.fromND(mask))
  }
}

/** Anything Sequential can chain: layers, and the activations of module 02. */
export interface Module {
  forward(x: Tensor): Tensor
  parameters(): Tensor[]
}

/** Applies layers in order; its parameters are theirs. */
export class Sequential extends Layer {
  readonly layers: Module[]

  constructor(...layers: Module[]) {
    super()
    this.layers = layers
  }

  forward(x: Tensor): Tensor {
    let h = x
    for (const layer of this.layers) h = layer.forward(h)
    return h
  }

  override parameters(): Tensor[] {
    return this.layers.flatMap((l) => l.parameters())
  }

  override train(): this {
    super.train()
    for (const l of this.layers) if (l instanceof Layer) l.train()
    return this
  }

  override eval(): this {
    super.eval()
    for (const l of this.layers) if (l instanceof Layer) l.eval()
    return this
  }
}
