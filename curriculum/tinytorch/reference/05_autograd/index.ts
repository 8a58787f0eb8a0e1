// Reference solution for module 05: Autograd.
import { nd, type NDArray } from 'tinytorch/runtime'
import { Tensor, type GradFn } from 'tinytorch/01_tensor'
import { Sigmoid, ReLU, Tanh, GELU, Softmax } from 'tinytorch/02_activations'
import { LogSoftmax, MSELoss, BinaryCrossEntropyLoss, CrossEntropyLoss } from 'tinytorch/04_losses'

/** √(2/π), as in module 02's GELU. */
export const GELU_C = Math.sqrt(2 / Math.PI)
/** The clipping epsilon of module 04's binary cross-entropy. */
export const EPSILON = 1e-7

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/**
 * One recorded operation. `inputs` are the tensors it read; `apply(grad)` receives dL/dOutput
 * and returns dL/dInput for each input, each with exactly that input's shape.
 */
export abstract class BackwardFunction implements GradFn {
  abstract readonly name: string
  readonly inputs: Tensor[]

  constructor(inputs: Tensor[]) {
    this.inputs = inputs
  }

  abstract apply(grad: NDArray): (NDArray | null)[]
}

// ------------------------------------------------------------ element-wise arithmetic

export class AddBackward extends BackwardFunction {
  readonly name = 'AddBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const [a, b] = this.inputs as [Tensor, Tensor]
    return [nd.sumTo(grad, a.shape), nd.sumTo(grad, b.shape)]
  }
}

export class SubBackward extends BackwardFunction {
  readonly name = 'SubBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const [a, b] = this.inputs as [Tensor, Tensor]
    return [nd.sumTo(grad, a.shape), nd.sumTo(nd.neg(grad), b.shape)]
  }
}

export class MulBackward extends BackwardFunction {
  readonly name = 'MulBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const [a, b] = this.inputs as [Tensor, Tensor]
    return [nd.sumTo(nd.mul(grad, b.toND()), a.shape), nd.sumTo(nd.mul(grad, a.toND()), b.shape)]
  }
}

export class DivBackward extends BackwardFunction {
  readonly name = 'DivBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const [a, b] = this.inputs as [Tensor, Tensor]
    const B = b.toND()
    const ga = nd.div(grad, B)
    const gb = nd.neg(nd.div(nd.mul(grad, a.toND()), nd.mul(B, B)))
    return [nd.sumTo(ga, a.shape), nd.sumTo(gb, b.shape)]
  }
}

// ------------------------------------------------------------ matmul and shape changes

export class MatmulBackward extends BackwardFunction {
  readonly name = 'MatmulBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const [a, b] = this.inputs as [Tensor, Tensor]
    // Treat vectors as 1-row / 1-column matrices, then dA = G Bᵀ and dB = Aᵀ G.
    const A = a.shape.length === 1 ? a.toND().reshape(1, a.shape[0]!) : a.toND()
    const B = b.shape.length === 1 ? b.toND().reshape(b.shape[0]!, 1) : b.toND()
    const gs = [...grad.shape]
    if (a.shape.length === 1 && b.shape.length === 1) gs.push(1, 1)
    else if (a.shape.length === 1) gs.splice(gs.length - 1, 0, 1)
    else if (b.shape.length === 1) gs.push(1)
    const G = grad.reshape(gs)
    // Each gradient is a matmul as large as the forward one: skip it when nobody needs it (the input
    // batch of the first layer never does), which saves a third of that layer's training FLOPs.
    const dA = a.requiresGrad ? nd.sumTo(nd.matmul(G, nd.swapaxes(B, -1, -2)), A.shape).reshape(a.shape) : null
    const dB = b.requiresGrad ? nd.sumTo(nd.matmul(nd.swapaxes(A, -1, -2), G), B.shape).reshape(b.shape) : null
    return [dA, dB]
  }
}

export class ReshapeBackward extends BackwardFunction {
  readonly name = 'ReshapeBackward'
  constructor(x: Tensor) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    return [grad.reshape(this.inputs[0]!.shape)]
  }
}

export class TransposeBackward extends BackwardFunction {
  readonly name = 'TransposeBackward'
  constructor(
    x: Tensor,
    readonly dim0 = -2,
    readonly dim1 = -1
  ) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    if (grad.ndim < 2) return [grad]
    return [nd.swapaxes(grad, this.dim0, this.dim1).copy()]
  }
}

// ------------------------------------------------------------ reductions

/** The gradient of a reduction, broadcast back over the reduced axis (or everything). */
export function expandReduced(grad: NDArray, shape: readonly number[], axis: number | undefined, keepdims: boolean): NDArray {
  let g = grad
  if (axis !== undefined && !keepdims) g = nd.expandDims(g, axis < 0 ? axis + shape.length : axis)
  if (axis === undefined) g = g.reshape(shape.map(() => 1))
  return nd.broadcastTo(g, shape).copy()
}

export class SumBackward extends BackwardFunction {
  readonly name = 'SumBackward'
  constructor(
    x: Tensor,
    readonly axis?: number,
    readonly keepdims = false
  ) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    return [expandReduced(grad, this.inputs[0]!.shape, this.axis, this.keepdims)]
  }
}

export class MeanBackward extends BackwardFunction {
  readonly name = 'MeanBackward'
  constructor(
    x: Tensor,
    readonly axis?: number,
    readonly keepdims = false
  ) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const x = this.inputs[0]!
    const count = this.axis === undefined ? x.size : x.shape[this.axis < 0 ? this.axis + x.shape.length : this.axis]!
    return [nd.div(expandReduced(grad, x.shape, this.axis, this.keepdims), count)]
  }
}

/** The gradient goes to the position(s) holding the maximum, split evenly between ties. */
export class MaxBackward extends BackwardFunction {
  readonly name = 'MaxBackward'
  constructor(
    x: Tensor,
    readonly output: Tensor,
    readonly axis?: number,
    readonly keepdims = false
  ) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const x = this.inputs[0]!
    const X = x.toND()
    const maxB = expandReduced(this.output.toND(), x.shape, this.axis, this.keepdims)
    const mask = nd.equal(X, maxB)
    const count = this.axis === undefined ? nd.sum(mask) : nd.sum(mask, this.axis, true)
    return [nd.div(nd.mul(mask, expandReduced(grad, x.shape, this.axis, this.keepdims)), count)]
  }
}

// ------------------------------------------------------------ activations

export class SigmoidBackward extends BackwardFunction {
  readonly name = 'SigmoidBackward'
  constructor(
    x: Tensor,
    readonly output: Tensor
  ) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const s = this.output.toND()
    return [nd.mul(grad, nd.mul(s, nd.sub(1, s)))]
  }
}

export class ReLUBackward extends BackwardFunction {
  readonly name = 'ReLUBackward'
  constructor(x: Tensor) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    return [nd.mul(grad, nd.greater(this.inputs[0]!.toND(), 0))]
  }
}

export class TanhBackward extends BackwardFunction {
  readonly name = 'TanhBackward'
  constructor(
    x: Tensor,
    readonly output: Tensor
  ) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const t = this.output.toND()
    return [nd.mul(grad, nd.sub(1, nd.mul(t, t)))]
  }
}

export class GELUBackward extends BackwardFunction {
  readonly name = 'GELUBackward'
  constructor(x: Tensor) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const x = this.inputs[0]!.toND()
    const x2 = nd.mul(x, x)
    const t = nd.tanh(nd.mul(GELU_C, nd.add(x, nd.mul(0.044715, nd.mul(x2, x)))))
    const du = nd.mul(GELU_C, nd.add(1, nd.mul(3 * 0.044715, x2)))
    const d = nd.add(nd.mul(0.5, nd.add(1, t)), nd.mul(nd.mul(0.5, x), nd.mul(nd.sub(1, nd.mul(t, t)), du)))
    return [nd.mul(grad, d)]
  }
}

export class SoftmaxBackward extends BackwardFunction {
  readonly name = 'SoftmaxBackward'
  constructor(
    x: Tensor,
    readonly output: Tensor,
    readonly dim = -1
  ) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const s = this.output.toND()
    const dot = nd.sum(nd.mul(grad, s), this.dim, true)
    return [nd.mul(s, nd.sub(grad, dot))]
  }
}

// ------------------------------------------------------------ losses

export class LogSoftmaxBackward extends BackwardFunction {
  readonly name = 'LogSoftmaxBackward'
  constructor(
    x: Tensor,
    readonly output: Tensor,
    readonly dim = -1
  ) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const softmax = nd.exp(this.output.toND())
    return [nd.sub(grad, nd.mul(softmax, nd.sum(grad, this.dim, true)))]
  }
}

export class MSEBackward extends BackwardFunction {
  readonly name = 'MSEBackward'
  constructor(predictions: Tensor, targets: Tensor) {
    super([predictions, targets])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const [p, y] = this.inputs as [Tensor, Tensor]
    const diff = nd.sub(p.toND(), y.toND().reshape(p.shape))
    const gp = nd.mul(diff, nd.mul(grad, 2 / p.size))
    return [gp, nd.neg(gp).reshape(y.shape)]
  }
}

export class BCEBackward extends BackwardFunction {
  readonly name = 'BCEBackward'
  constructor(predictions: Tensor, targets: Tensor) {
    super([predictions, targets])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const [p, y] = this.inputs as [Tensor, Tensor]
    const pc = nd.clip(p.toND(), EPSILON, 1 - EPSILON)
    const gp = nd.div(nd.sub(pc, y.toND().reshape(p.shape)), nd.mul(pc, nd.sub(1, pc)))
    return [nd.mul(gp, nd.div(grad, p.size)), null]
  }
}

export class CrossEntropyBackward extends BackwardFunction {
  readonly name = 'CrossEntropyBackward'
  constructor(logits: Tensor, targets: Tensor) {
    super([logits, targets])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    const [z, y] = this.inputs as [Tensor, Tensor]
    const [n, c] = z.shape as [number, number]
    const g = nd.softmax(z.toND(), -1)
    for (let i = 0; i < n; i++) g.data[i * c + y.data[i]!]! -= 1
    return [nd.mul(g, nd.div(grad, n)), null]
  }
}

// ------------------------------------------------------------ the engine

let gradEnabled = true

/** Runs `fn` without recording operations (for evaluation and parameter updates). */
export function noGrad<T>(fn: () => T): T {
  const previous = gradEnabled
  gradEnabled = false
  try {
    return fn()
  } finally {
    gradEnabled = previous
  }
}

export function isGradEnabled(): boolean {
  return gradEnabled
}

/**
 * Back-propagates from `root`: visits every tensor that `root` depends on in reverse topological order,
 * calls each gradFn once with the summed gradient of its output, and adds the result into `.grad`
 * of every leaf that requires grad.
 */
export function runBackward(root: Tensor, gradient?: Tensor): void {
  if (!root.requiresGrad) throw new Error('backward() called on a tensor that does not require grad (no input had requiresGrad: true)')
  let seed: NDArray
  if (gradient === undefined) {
    if (root.size !== 1) {
      throw new Error(`backward() without a gradient needs a scalar, got shape ${formatShape(root.shape)}; pass a gradient of that shape`)
    }
    seed = nd.ones(root.shape)
  } else {
    if (gradient.size !== root.size)
      throw new Error(`gradient shape ${formatShape(gradient.shape)} does not match tensor shape ${formatShape(root.shape)}`)
    seed = gradient.toND().reshape(root.shape).copy()
  }

  // Topological order: every tensor comes after all the tensors it was computed from.
  const order: Tensor[] = []
  const visited = new Set<Tensor>()
  const stack: [Tensor, boolean][] = [[root, false]]
  while (stack.length > 0) {
    const [t, expanded] = stack.pop()!
    if (expanded) {
      order.push(t)
      continue
    }
    if (visited.has(t)) continue
    visited.add(t)
    stack.push([t, true])
    for (const input of t.gradFn?.inputs ?? []) if (input.requiresGrad && !visited.has(input)) stack.push([input, false])
  }

  const grads = new Map<Tensor, NDArray>([[root, seed]])
  for (let i = order.length - 1; i >= 0; i--) {
    const t = order[i]!
    const g = grads.get(t)
    if (!g) continue
    grads.delete(t)
    if (t.gradFn) {
      const inputGrads = t.gradFn.apply(g)
      t.gradFn.inputs.forEach((input, j) => {
        const gi = inputGrads[j]
        if (!gi || !input.requiresGrad) return
        if (gi.size !== input.size) {
          throw new Error(
            `${t.gradFn!.name} returned a gradient of shape ${formatShape(gi.shape)} for an input of shape ${formatShape(input.shape)}`
          )
        }
        const prev = grads.get(input)
        grads.set(input, prev ? nd.add(prev, gi.reshape(input.shape)) : gi.reshape(input.shape))
      })
    } else {
      // A leaf: accumulate, so gradients from several backward() calls add up.
      t.grad = t.grad ? Tensor.fromND(nd.add(t.grad.toND(), g)) : Tensor.fromND(g)
    }
  }
}

// ------------------------------------------------------------ switching it on

/** Attaches `makeFn()` to `out` when recording is on and some input requires grad. */
export function record(out: Tensor, inputs: readonly Tensor[], makeFn: () => BackwardFunction): Tensor {
  if (!gradEnabled || !inputs.some((t) => t.requiresGrad)) return out
  // Never turn an input into its own output (an op that returned `this`): wrap it instead.
  const result = inputs.includes(out) ? new Tensor(out.data, { shape: out.shape }) : out
  result.requiresGrad = true
  result.gradFn = makeFn()
  return result
}

function asTensor(x: Tensor | number): Tensor {
  return x instanceof Tensor ? x : new Tensor(x)
}

let enabled = false

export function isAutogradEnabled(): boolean {
  return enabled
}

/**
 * Patches Tensor (and the activations and losses) so that every operation records how to
 * differentiate itself, and installs Tensor.prototype.backward. Calling it twice is harmless.
 */
export function enableAutograd(): void {
  if (enabled) return
  enabled = true
  const P = Tensor.prototype

  const binary = (op: 'add' | 'sub' | 'mul' | 'div', Fn: new (a: Tensor, b: Tensor) => BackwardFunction): void => {
    const original = P[op]
    P[op] = function (this: Tensor, other: Tensor | number): Tensor {
      const o = asTensor(other)
      return record(
        noGrad(() => original.call(this, o)),
        [this, o],
        () => new Fn(this, o)
      )
    }
  }
  binary('add', AddBackward)
  binary('sub', SubBackward)
  binary('mul', MulBackward)
  binary('div', DivBackward)

  const matmul = P.matmul
  P.matmul = function (this: Tensor, other: Tensor): Tensor {
    return record(
      noGrad(() => matmul.call(this, other)),
      [this, other],
      () => new MatmulBackward(this, other)
    )
  }
  const reshape = P.reshape
  P.reshape = function (this: Tensor, ...shape: number[] | [number[]]): Tensor {
    return record(
      noGrad(() => reshape.apply(this, shape)),
      [this],
      () => new ReshapeBackward(this)
    )
  }
  const transpose = P.transpose
  P.transpose = function (this: Tensor, dim0 = -2, dim1 = -1): Tensor {
    return record(
      noGrad(() => transpose.call(this, dim0, dim1)),
      [this],
      () => new TransposeBackward(this, dim0, dim1)
    )
  }
  const sum = P.sum
  P.sum = function (this: Tensor, axis?: number, keepdims = false): Tensor {
    return record(
      noGrad(() => sum.call(this, axis, keepdims)),
      [this],
      () => new SumBackward(this, axis, keepdims)
    )
  }
  const mean = P.mean
  P.mean = function (this: Tensor, axis?: number, keepdims = false): Tensor {
    return record(
      noGrad(() => mean.call(this, axis, keepdims)),
      [this],
      () => new MeanBackward(this, axis, keepdims)
    )
  }
  const max = P.max
  P.max = function (this: Tensor, axis?: number, keepdims = false): Tensor {
    const out = noGrad(() => max.call(this, axis, keepdims))
    return record(out, [this], () => new MaxBackward(this, out, axis, keepdims))
  }
  P.backward = function (this: Tensor, gradient?: Tensor): void {
    runBackward(this, gradient)
  }

  // Activations: forward runs unrecorded, then one node with the activation's own backward.
  const activation = (proto: { forward(x: Tensor): Tensor }, make: (x: Tensor, out: Tensor, self: never) => BackwardFunction): void => {
    const forward = proto.forward
    proto.forward = function (this: never, x: Tensor): Tensor {
      const out = noGrad(() => forward.call(this, x))
      return record(out, [x], () => make(x, out, this))
    }
  }
  activation(Sigmoid.prototype, (x, out) => new SigmoidBackward(x, out))
  activation(ReLU.prototype, (x) => new ReLUBackward(x))
  activation(Tanh.prototype, (x, out) => new TanhBackward(x, out))
  activation(GELU.prototype, (x) => new GELUBackward(x))
  activation(Softmax.prototype, (x, out, self: Softmax) => new SoftmaxBackward(x, out, self.dim))
  activation(LogSoftmax.prototype, (x, out, self: LogSoftmax) => new LogSoftmaxBackward(x, out, self.dim))

  const loss = (proto: { forward(p: Tensor, y: Tensor): Tensor }, Fn: new (p: Tensor, y: Tensor) => BackwardFunction): void => {
    const forward = proto.forward
    proto.forward = function (this: unknown, p: Tensor, y: Tensor): Tensor {
      return record(
        noGrad(() => forward.call(this, p, y)),
        [p, y],
        () => new Fn(p, y)
      )
    }
  }
  loss(MSELoss.prototype, MSEBackward)
  loss(BinaryCrossEntropyLoss.prototype, BCEBackward)
  loss(CrossEntropyLoss.prototype, CrossEntropyBackward)
}
