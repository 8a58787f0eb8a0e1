// Module 03: Layers.
//
// A layer owns parameters (tensors with requiresGrad: true) and a forward pass built from Tensor
// operations. Build forward passes from Tensor methods (matmul, add, mul), not from raw `nd` calls:
// in module 05 those methods learn to record gradients, and your layers become trainable for free.
//
// Useful pieces: nd.uniform(shape, lo, hi) (default seeded generator, see nd.seed),
//   new Random(seed).uniform(shape, lo, hi), nd.rand(shape), nd.less(a, p), Tensor.fromND(a, { requiresGrad })
import { nd, Random } from 'tinytorch/runtime'
//# solution
import { Tensor } from 'tinytorch/01_tensor'
//# starter
// import type { Tensor } from 'tinytorch/01_tensor'
//# end

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
  //# solution
  weight: Tensor
  bias: Tensor | null
  //# starter
  // weight!: Tensor
  // bias!: Tensor | null
  //# end

  /**
   * weight: shape [inFeatures, outFeatures], values ~ U(−a, a) with a = xavierLimit(in, out), requiresGrad.
   * bias: zeros of shape [outFeatures] with requiresGrad, or null when `bias` is false.
   * `seed` gives this layer its own generator (new Random(seed)); without it use nd.uniform (nd.seed controls it).
   * Non-positive or non-integer sizes throw an Error.
   */
  constructor(
    readonly inFeatures: number,
    readonly outFeatures: number,
    bias = true,
    seed?: number
  ) {
    super()
    //# solution
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
    //# starter
    // // TODO(linear_init)
    // throw todo('linear_init', 'create weight and bias', bias, seed, nd, Random)
    //# end
  }

  /**
   * x: [..., inFeatures] -> [..., outFeatures]. When the last dim of x is not inFeatures, throw an Error
   * that names inFeatures and the size x has instead.
   */
  forward(x: Tensor): Tensor {
    //# solution
    const last = x.shape[x.shape.length - 1]
    if (last !== this.inFeatures) {
      throw new Error(
        `Linear(${this.inFeatures}, ${this.outFeatures}) expects inputs with ${this.inFeatures} features in the last dimension, got shape [${x.shape.join(', ')}]`
      )
    }
    const y = x.matmul(this.weight)
    return this.bias ? y.add(this.bias) : y
    //# starter
    // // TODO(linear_forward): x.matmul(weight), plus bias if there is one.
    // throw todo('linear_forward', 'x W + b', x)
    //# end
  }

  /** [weight, bias], or [weight] without a bias. */
  override parameters(): Tensor[] {
    //# solution
    return this.bias ? [this.weight, this.bias] : [this.weight]
    //# starter
    // // TODO(linear_forward)
    // throw todo('linear_forward', 'list the parameters')
    //# end
  }
}

/** Randomly zeroes a fraction p of the values during training, scaling the rest by 1/(1−p). */
export class Dropout extends Layer {
  /** Throws an Error unless 0 ≤ p ≤ 1 (so NaN throws too). */
  constructor(readonly p = 0.5) {
    super()
    //# solution
    if (!(p >= 0 && p <= 1)) throw new Error(`Dropout probability must be in [0, 1], got ${p}`)
    //# starter
    // // TODO(dropout): validate p
    // throw todo('dropout', 'reject p outside [0, 1]')
    //# end
  }

  /**
   * Training: keep each value with probability 1 − p (mask from nd.rand) and multiply the kept values by
   * 1/(1 − p), so the expected output equals the input. p = 1 gives all zeros.
   * Evaluation (training false): return x unchanged.
   */
  override forward(x: Tensor, training = this.training): Tensor {
    //# solution
    if (!training || this.p === 0) return x
    if (this.p === 1) return x.mul(0)
    const keep = 1 - this.p
    const mask = nd.div(nd.less(nd.rand(x.shape), keep), keep)
    return x.mul(Tensor.fromND(mask))
    //# starter
    // // TODO(dropout)
    // throw todo('dropout', 'inverted dropout', x, training)
    //# end
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
    //# solution
    let h = x
    for (const layer of this.layers) h = layer.forward(h)
    return h
    //# starter
    // // TODO(sequential): feed the output of each layer into the next.
    // throw todo('sequential', 'chain the layers', x)
    //# end
  }

  override parameters(): Tensor[] {
    //# solution
    return this.layers.flatMap((l) => l.parameters())
    //# starter
    // // TODO(sequential): all parameters of all layers, in order.
    // throw todo('sequential', 'collect parameters')
    //# end
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
//# starter
//
// /** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
// function todo(task: string, what: string, ..._unused: unknown[]): Error {
//   return new Error(`TODO(${task}): ${what}`)
// }
//# end
