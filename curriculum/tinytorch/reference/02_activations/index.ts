// Reference solution for module 02: Activations.
import { nd } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'

/** √(2/π), the constant in the tanh approximation of GELU. */
export const GELU_C = Math.sqrt(2 / Math.PI)

/** Base class: an element-wise (or row-wise) function with no parameters. */
export abstract class Activation {
  abstract forward(x: Tensor): Tensor

  /** Same as forward(x), so an activation can be used like a function. */
  call(x: Tensor): Tensor {
    return this.forward(x)
  }

  parameters(): Tensor[] {
    return []
  }
}

/** σ(x) = 1 / (1 + e^(−x)), computed without overflow for large |x|. */
export class Sigmoid extends Activation {
  forward(x: Tensor): Tensor {
    const a = x.toND()
    const e = nd.exp(nd.neg(nd.abs(a))) // e^(−|x|) ∈ (0, 1]: never overflows
    const pos = nd.div(1, nd.add(1, e)) // σ(x) for x ≥ 0
    const neg = nd.div(e, nd.add(1, e)) // σ(x) for x < 0
    return Tensor.fromND(nd.where(nd.greaterEqual(a, 0), pos, neg))
  }
}

/** ReLU(x) = max(0, x). */
export class ReLU extends Activation {
  forward(x: Tensor): Tensor {
    return Tensor.fromND(nd.maximum(x.toND(), 0))
  }
}

/** tanh(x) = (e^x − e^(−x)) / (e^x + e^(−x)). */
export class Tanh extends Activation {
  forward(x: Tensor): Tensor {
    return Tensor.fromND(nd.tanh(x.toND()))
  }
}

/** GELU(x) ≈ 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). */
export class GELU extends Activation {
  forward(x: Tensor): Tensor {
    const a = x.toND()
    const inner = nd.mul(GELU_C, nd.add(a, nd.mul(0.044715, nd.mul(a, nd.mul(a, a)))))
    return Tensor.fromND(nd.mul(nd.mul(0.5, a), nd.add(1, nd.tanh(inner))))
  }
}

/** softmax(x)_i = e^(x_i − max x) / Σ_j e^(x_j − max x) along `dim`. */
export class Softmax extends Activation {
  constructor(readonly dim = -1) {
    super()
  }

  forward(x: Tensor): Tensor {
    const a = x.toND()
    const shifted = nd.sub(a, nd.max(a, this.dim, true))
    const e = nd.exp(shifted)
    return Tensor.fromND(nd.div(e, nd.sum(e, this.dim, true)))
  }
}
