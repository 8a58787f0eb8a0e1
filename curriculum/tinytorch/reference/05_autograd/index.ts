// Module 05: Autograd.
//
// Reverse-mode automatic differentiation, TinyTorch style. Every operation gets a BackwardFunction
// that knows the local derivative; enableAutograd() patches Tensor's methods (and the activations and
// losses) so that their results remember which BackwardFunction produced them and from which inputs;
// runBackward() walks that graph from the loss back to the parameters.
//
// Gradients inside backward functions are plain `nd` arrays (NDArray): use nd.add/mul/..., nd.sumTo,
// nd.matmul, nd.swapaxes, nd.expandDims, nd.broadcastTo. Each apply() returns one gradient per input,
// with exactly that input's shape (or null when the input needs none).
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
    //# solution
    const [a, b] = this.inputs as [Tensor, Tensor]
    return [nd.sumTo(grad, a.shape), nd.sumTo(grad, b.shape)]
    //# starter
    // // TODO(elementwise): c = a + b: dc/da = 1, dc/db = 1. Broadcasting: sum the gradient back to each input shape with nd.sumTo(grad, shape).
    // throw todo('elementwise', 'AddBackward.apply', grad)
    //# end
  }
}

export class SubBackward extends BackwardFunction {
  readonly name = 'SubBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
    const [a, b] = this.inputs as [Tensor, Tensor]
    return [nd.sumTo(grad, a.shape), nd.sumTo(nd.neg(grad), b.shape)]
    //# starter
    // // TODO(elementwise): c = a − b: dc/da = 1, dc/db = −1 (then nd.sumTo each to its input shape).
    // throw todo('elementwise', 'SubBackward.apply', grad)
    //# end
  }
}

export class MulBackward extends BackwardFunction {
  readonly name = 'MulBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
    const [a, b] = this.inputs as [Tensor, Tensor]
    return [nd.sumTo(nd.mul(grad, b.toND()), a.shape), nd.sumTo(nd.mul(grad, a.toND()), b.shape)]
    //# starter
    // // TODO(elementwise): c = a·b: dc/da = b, dc/db = a (multiply by grad, then nd.sumTo).
    // throw todo('elementwise', 'MulBackward.apply', grad)
    //# end
  }
}

export class DivBackward extends BackwardFunction {
  readonly name = 'DivBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
    const [a, b] = this.inputs as [Tensor, Tensor]
    const B = b.toND()
    const ga = nd.div(grad, B)
    const gb = nd.neg(nd.div(nd.mul(grad, a.toND()), nd.mul(B, B)))
    return [nd.sumTo(ga, a.shape), nd.sumTo(gb, b.shape)]
    //# starter
    // // TODO(elementwise): c = a/b: dc/da = 1/b, dc/db = −a/b² (multiply by grad, then nd.sumTo).
    // throw todo('elementwise', 'DivBackward.apply', grad)
    //# end
  }
}

// ------------------------------------------------------------ matmul and shape changes

export class MatmulBackward extends BackwardFunction {
  readonly name = 'MatmulBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
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
    //# starter
    // // TODO(matmul): C = A B: dA = G Bᵀ, dB = Aᵀ G. Treat a 1-D operand as a 1-row (left) or 1-column (right) matrix and reshape the results back to the input shapes.
    // // Return null instead of computing the gradient of an input that does not require grad (each costs a full matmul).
    // throw todo('matmul', 'MatmulBackward.apply', grad)
    //# end
  }
}

export class ReshapeBackward extends BackwardFunction {
  readonly name = 'ReshapeBackward'
  constructor(x: Tensor) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
    return [grad.reshape(this.inputs[0]!.shape)]
    //# starter
    // // TODO(matmul): Reshape moves no values: the gradient is grad reshaped to the input shape.
    // throw todo('matmul', 'ReshapeBackward.apply', grad)
    //# end
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
    //# solution
    if (grad.ndim < 2) return [grad]
    return [nd.swapaxes(grad, this.dim0, this.dim1).copy()]
    //# starter
    // // TODO(matmul): Swapping dim0 and dim1 again undoes a transpose: nd.swapaxes(grad, dim0, dim1) (copy it). Fewer than 2 dims: grad unchanged.
    // throw todo('matmul', 'TransposeBackward.apply', grad)
    //# end
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
    //# solution
    return [expandReduced(grad, this.inputs[0]!.shape, this.axis, this.keepdims)]
    //# starter
    // // TODO(reductions): Every summed element receives the output gradient: expandReduced(grad, x.shape, axis, keepdims) puts the reduced axis back and broadcasts.
    // throw todo('reductions', 'SumBackward.apply', grad)
    //# end
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
    //# solution
    const x = this.inputs[0]!
    const count = this.axis === undefined ? x.size : x.shape[this.axis < 0 ? this.axis + x.shape.length : this.axis]!
    return [nd.div(expandReduced(grad, x.shape, this.axis, this.keepdims), count)]
    //# starter
    // // TODO(reductions): Like sum, divided by the number of elements averaged (x.size, or the length of the axis).
    // throw todo('reductions', 'MeanBackward.apply', grad)
    //# end
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
    //# solution
    const x = this.inputs[0]!
    const X = x.toND()
    const maxB = expandReduced(this.output.toND(), x.shape, this.axis, this.keepdims)
    const mask = nd.equal(X, maxB)
    const count = this.axis === undefined ? nd.sum(mask) : nd.sum(mask, this.axis, true)
    return [nd.div(nd.mul(mask, expandReduced(grad, x.shape, this.axis, this.keepdims)), count)]
    //# starter
    // // TODO(reductions): Only the position(s) holding the maximum receive gradient: mask = nd.equal(x, expandReduced(output, ...)); split evenly between ties (divide by nd.sum(mask, axis, true), or nd.sum(mask) without an axis).
    // throw todo('reductions', 'MaxBackward.apply', grad)
    //# end
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
    //# solution
    const s = this.output.toND()
    return [nd.mul(grad, nd.mul(s, nd.sub(1, s)))]
    //# starter
    // // TODO(activations): σ'(x) = σ(x)(1 − σ(x)); the saved output is σ(x).
    // throw todo('activations', 'SigmoidBackward.apply', grad)
    //# end
  }
}

export class ReLUBackward extends BackwardFunction {
  readonly name = 'ReLUBackward'
  constructor(x: Tensor) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
    return [nd.mul(grad, nd.greater(this.inputs[0]!.toND(), 0))]
    //# starter
    // // TODO(activations): ReLU'(x) = 1 where x > 0, else 0.
    // throw todo('activations', 'ReLUBackward.apply', grad)
    //# end
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
    //# solution
    const t = this.output.toND()
    return [nd.mul(grad, nd.sub(1, nd.mul(t, t)))]
    //# starter
    // // TODO(activations): tanh'(x) = 1 − tanh²(x); the saved output is tanh(x).
    // throw todo('activations', 'TanhBackward.apply', grad)
    //# end
  }
}

export class GELUBackward extends BackwardFunction {
  readonly name = 'GELUBackward'
  constructor(x: Tensor) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
    const x = this.inputs[0]!.toND()
    const x2 = nd.mul(x, x)
    const t = nd.tanh(nd.mul(GELU_C, nd.add(x, nd.mul(0.044715, nd.mul(x2, x)))))
    const du = nd.mul(GELU_C, nd.add(1, nd.mul(3 * 0.044715, x2)))
    const d = nd.add(nd.mul(0.5, nd.add(1, t)), nd.mul(nd.mul(0.5, x), nd.mul(nd.sub(1, nd.mul(t, t)), du)))
    return [nd.mul(grad, d)]
    //# starter
    // // TODO(activations): With u = √(2/π)(x + 0.044715x³) and t = tanh u: GELU'(x) = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²).
    // throw todo('activations', 'GELUBackward.apply', grad)
    //# end
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
    //# solution
    const s = this.output.toND()
    const dot = nd.sum(nd.mul(grad, s), this.dim, true)
    return [nd.mul(s, nd.sub(grad, dot))]
    //# starter
    // // TODO(activations): With s the saved output: dx = s ⊙ (g − Σ_dim(g ⊙ s)) (the sum with keepdims along dim).
    // throw todo('activations', 'SoftmaxBackward.apply', grad)
    //# end
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
    //# solution
    const softmax = nd.exp(this.output.toND())
    return [nd.sub(grad, nd.mul(softmax, nd.sum(grad, this.dim, true)))]
    //# starter
    // // TODO(losses): With y the saved output (so softmax = e^y): dx = g − e^y ⊙ Σ_dim g (keepdims).
    // throw todo('losses', 'LogSoftmaxBackward.apply', grad)
    //# end
  }
}

export class MSEBackward extends BackwardFunction {
  readonly name = 'MSEBackward'
  constructor(predictions: Tensor, targets: Tensor) {
    super([predictions, targets])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
    const [p, y] = this.inputs as [Tensor, Tensor]
    const diff = nd.sub(p.toND(), y.toND().reshape(p.shape))
    const gp = nd.mul(diff, nd.mul(grad, 2 / p.size))
    return [gp, nd.neg(gp).reshape(y.shape)]
    //# starter
    // // TODO(losses): L = mean((p − y)²): dL/dp = 2(p − y)/n · grad (grad is a scalar array); dL/dy = −dL/dp, reshaped to y.shape.
    // throw todo('losses', 'MSEBackward.apply', grad)
    //# end
  }
}

export class BCEBackward extends BackwardFunction {
  readonly name = 'BCEBackward'
  constructor(predictions: Tensor, targets: Tensor) {
    super([predictions, targets])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
    const [p, y] = this.inputs as [Tensor, Tensor]
    const pc = nd.clip(p.toND(), EPSILON, 1 - EPSILON)
    const gp = nd.div(nd.sub(pc, y.toND().reshape(p.shape)), nd.mul(pc, nd.sub(1, pc)))
    return [nd.mul(gp, nd.div(grad, p.size)), null]
    //# starter
    // // TODO(losses): With p clipped to [EPSILON, 1 − EPSILON]: dL/dp = (p − y) / (p(1 − p)) / n · grad. Return null for the targets.
    // throw todo('losses', 'BCEBackward.apply', grad)
    //# end
  }
}

export class CrossEntropyBackward extends BackwardFunction {
  readonly name = 'CrossEntropyBackward'
  constructor(logits: Tensor, targets: Tensor) {
    super([logits, targets])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
    const [z, y] = this.inputs as [Tensor, Tensor]
    const [n, c] = z.shape as [number, number]
    const g = nd.softmax(z.toND(), -1)
    for (let i = 0; i < n; i++) g.data[i * c + y.data[i]!]! -= 1
    return [nd.mul(g, nd.div(grad, n)), null]
    //# starter
    // // TODO(losses): dL/dz = (softmax(z) − onehot(y)) / N · grad. Return null for the targets (class ids are not differentiable).
    // throw todo('losses', 'CrossEntropyBackward.apply', grad)
    //# end
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
  //# solution
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
  //# starter
  // // TODO(engine):
  // //  1. Check the call, throwing an Error for each mistake: root must require grad (say that it does not);
  // //     without `gradient`, root must have exactly one element (seed = ones), otherwise say a gradient is
  // //     needed; with `gradient`, its size must match root's (name both shapes).
  // //  2. Topological order: depth-first from root through t.gradFn.inputs (only inputs that require grad),
  // //     appending a tensor after all of its inputs. Use an explicit stack for deep graphs.
  // //  3. Walk that order from root backwards with a Map<Tensor, NDArray> of summed gradients:
  // //     a tensor with a gradFn passes its gradient to gradFn.apply and adds each result into the map
  // //     entry of the corresponding input; a leaf (no gradFn) adds its gradient into .grad
  // //     (t.grad = t.grad ? t.grad + g : g, as Tensors) so repeated backward() calls accumulate.
  // throw todo('engine', 'reverse-mode differentiation over the recorded graph', root, gradient, formatShape)
  //# end
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

//# solution
let enabled = false
//# starter
// const enabled = false
//# end

export function isAutogradEnabled(): boolean {
  return enabled
}

/**
 * Patches Tensor (and the activations and losses) so that every operation records how to
 * differentiate itself, and installs Tensor.prototype.backward. Calling it twice is harmless.
 */
export function enableAutograd(): void {
  //# solution
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
  //# starter
  // // TODO(enable): patch each operation so its result records a backward function. The pattern for add:
  // //
  // //   if (enabled) return
  // //   enabled = true
  // //   const P = Tensor.prototype
  // //   const add = P.add
  // //   P.add = function (this: Tensor, other: Tensor | number): Tensor {
  // //     const o = asTensor(other)
  // //     return record(noGrad(() => add.call(this, o)), [this, o], () => new AddBackward(this, o))
  // //   }
  // //
  // // Do the same for sub, mul, div, matmul, reshape, transpose, sum, mean and max (MaxBackward also needs
  // // the output), set P.backward to call runBackward(this, gradient), and patch `forward` of Sigmoid, ReLU,
  // // Tanh, GELU, Softmax, LogSoftmax (x -> out) and of MSELoss, BinaryCrossEntropyLoss, CrossEntropyLoss
  // // ((p, y) -> out) the same way, using the matching backward class. Give each backward class everything its
  // // constructor asks for: the saved output, axis and keepdims, transpose's dims, the dim of Softmax and LogSoftmax.
  // throw todo(
  //   'enable',
  //   'patch Tensor, the activations and the losses',
  //   enabled,
  //   asTensor,
  //   Sigmoid,
  //   ReLU,
  //   Tanh,
  //   GELU,
  //   Softmax,
  //   LogSoftmax,
  //   MSELoss,
  //   BinaryCrossEntropyLoss,
  //   CrossEntropyLoss
  // )
  //# end
}
//# starter
//
// /** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
// function todo(task: string, what: string, ..._unused: unknown[]): Error {
//   return new Error(`TODO(${task}): ${what}`)
// }
//# end
