// Module 02: Activations.
//
// Each activation maps a Tensor to a Tensor of the same shape. Compute with the `nd` runtime on
// x.toND() and wrap the result with Tensor.fromND(...). Module 05 attaches the gradients, so here you
// only write the forward pass — but it must stay finite for inputs like ±1000.
//
// Useful runtime pieces: nd.exp, nd.tanh, nd.abs, nd.neg, nd.maximum(a, 0), nd.where(cond, a, b),
//   nd.greaterEqual(a, 0), nd.max(a, dim, true), nd.sum(a, dim, true), nd.add/sub/mul/div
import { nd } from 'tinytorch/runtime'
//# solution
import { Tensor } from 'tinytorch/01_tensor'
//# starter
// import type { Tensor } from 'tinytorch/01_tensor'
//# end

/** √(2/π), the constant in the tanh approximation of GELU. */
export const GELU_C = Math.sqrt(2 / Math.PI)

/** Base class: a function with no parameters applied to a whole tensor. */
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

/** σ(x) = 1 / (1 + e^(−x)). Must not overflow: σ(−1000) = 0 and σ(1000) = 1, both finite. */
export class Sigmoid extends Activation {
  forward(x: Tensor): Tensor {
    //# solution
    const a = x.toND()
    const e = nd.exp(nd.neg(nd.abs(a))) // e^(−|x|) ∈ (0, 1]: never overflows
    const pos = nd.div(1, nd.add(1, e)) // σ(x) for x ≥ 0
    const neg = nd.div(e, nd.add(1, e)) // σ(x) for x < 0
    return Tensor.fromND(nd.where(nd.greaterEqual(a, 0), pos, neg))
    //# starter
    // // TODO(sigmoid): use e = exp(−|x|); σ = 1/(1+e) where x ≥ 0 and e/(1+e) where x < 0.
    // throw todo('sigmoid', 'stable sigmoid', x, nd)
    //# end
  }
}

/** ReLU(x) = max(0, x). */
export class ReLU extends Activation {
  forward(x: Tensor): Tensor {
    //# solution
    return Tensor.fromND(nd.maximum(x.toND(), 0))
    //# starter
    // // TODO(relu)
    // throw todo('relu', 'max(0, x) element-wise', x)
    //# end
  }
}

/** tanh(x), squashing into (−1, 1). */
export class Tanh extends Activation {
  forward(x: Tensor): Tensor {
    //# solution
    return Tensor.fromND(nd.tanh(x.toND()))
    //# starter
    // // TODO(tanh)
    // throw todo('tanh', 'element-wise tanh', x)
    //# end
  }
}

/** GELU(x) ≈ 0.5·x·(1 + tanh(√(2/π)·(x + 0.044715·x³))). Use exactly this formula. */
export class GELU extends Activation {
  forward(x: Tensor): Tensor {
    //# solution
    const a = x.toND()
    const inner = nd.mul(GELU_C, nd.add(a, nd.mul(0.044715, nd.mul(a, nd.mul(a, a)))))
    return Tensor.fromND(nd.mul(nd.mul(0.5, a), nd.add(1, nd.tanh(inner))))
    //# starter
    // // TODO(gelu)
    // throw todo('gelu', 'the tanh approximation of GELU', x)
    //# end
  }
}

/** softmax(x)_i = e^(x_i − m) / Σ_j e^(x_j − m) along `dim`, with m the maximum along `dim`. */
export class Softmax extends Activation {
  constructor(readonly dim = -1) {
    super()
  }

  forward(x: Tensor): Tensor {
    //# solution
    const a = x.toND()
    const shifted = nd.sub(a, nd.max(a, this.dim, true))
    const e = nd.exp(shifted)
    return Tensor.fromND(nd.div(e, nd.sum(e, this.dim, true)))
    //# starter
    // // TODO(softmax): subtract the max along this.dim (keepdims), exponentiate, divide by the sum (keepdims).
    // throw todo('softmax', 'stable softmax along this.dim', x)
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
