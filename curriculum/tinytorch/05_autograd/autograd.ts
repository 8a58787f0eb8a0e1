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
    // TODO(elementwise): c = a + b: dc/da = 1, dc/db = 1. Broadcasting: sum the gradient back to each input shape with nd.sumTo(grad, shape).
    throw todo('elementwise', 'AddBackward.apply', grad)
  }
}

export class SubBackward extends BackwardFunction {
  readonly name = 'SubBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(elementwise): c = a − b: dc/da = 1, dc/db = −1 (then nd.sumTo each to its input shape).
    throw todo('elementwise', 'SubBackward.apply', grad)
  }
}

export class MulBackward extends BackwardFunction {
  readonly name = 'MulBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(elementwise): c = a·b: dc/da = b, dc/db = a (multiply by grad, then nd.sumTo).
    throw todo('elementwise', 'MulBackward.apply', grad)
  }
}

export class DivBackward extends BackwardFunction {
  readonly name = 'DivBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(elementwise): c = a/b: dc/da = 1/b, dc/db = −a/b² (multiply by grad, then nd.sumTo).
    throw todo('elementwise', 'DivBackward.apply', grad)
  }
}

// ------------------------------------------------------------ matmul and shape changes

export class MatmulBackward extends BackwardFunction {
  readonly name = 'MatmulBackward'
  constructor(a: Tensor, b: Tensor) {
    super([a, b])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(matmul): C = A B: dA = G Bᵀ, dB = Aᵀ G. Treat a 1-D operand as a 1-row (left) or 1-column (right) matrix and reshape the results back to the input shapes.
    // Return null instead of computing the gradient of an input that does not require grad (each costs a full matmul).
    throw todo('matmul', 'MatmulBackward.apply', grad)
  }
}

export class ReshapeBackward extends BackwardFunction {
  readonly name = 'ReshapeBackward'
  constructor(x: Tensor) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(matmul): Reshape moves no values: the gradient is grad reshaped to the input shape.
    throw todo('matmul', 'ReshapeBackward.apply', grad)
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
    // TODO(matmul): Swapping dim0 and dim1 again undoes a transpose: nd.swapaxes(grad, dim0, dim1) (copy it). Fewer than 2 dims: grad unchanged.
    throw todo('matmul', 'TransposeBackward.apply', grad)
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
    // TODO(reductions): Every summed element receives the output gradient: expandReduced(grad, x.shape, axis, keepdims) puts the reduced axis back and broadcasts.
    throw todo('reductions', 'SumBackward.apply', grad)
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
    // TODO(reductions): Like sum, divided by the number of elements averaged (x.size, or the length of the axis).
    throw todo('reductions', 'MeanBackward.apply', grad)
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
    // TODO(reductions): Only the position(s) holding the maximum receive gradient: mask = nd.equal(x, expandReduced(output, ...)); split evenly between ties (divide by nd.sum(mask, axis, true), or nd.sum(mask) without an axis).
    throw todo('reductions', 'MaxBackward.apply', grad)
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
    // TODO(activations): σ'(x) = σ(x)(1 − σ(x)); the saved output is σ(x).
    throw todo('activations', 'SigmoidBackward.apply', grad)
  }
}

export class ReLUBackward extends BackwardFunction {
  readonly name = 'ReLUBackward'
  constructor(x: Tensor) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(activations): ReLU'(x) = 1 where x > 0, else 0.
    throw todo('activations', 'ReLUBackward.apply', grad)
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
    // TODO(activations): tanh'(x) = 1 − tanh²(x); the saved output is tanh(x).
    throw todo('activations', 'TanhBackward.apply', grad)
  }
}

export class GELUBackward extends BackwardFunction {
  readonly name = 'GELUBackward'
  constructor(x: Tensor) {
    super([x])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(activations): With u = √(2/π)(x + 0.044715x³) and t = tanh u: GELU'(x) = ½(1 + t) + ½x(1 − t²)·√(2/π)(1 + 3·0.044715x²).
    throw todo('activations', 'GELUBackward.apply', grad)
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
    // TODO(activations): With s the saved output: dx = s ⊙ (g − Σ_dim(g ⊙ s)) (the sum with keepdims along dim).
    throw todo('activations', 'SoftmaxBackward.apply', grad)
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
    // TODO(losses): With y the saved output (so softmax = e^y): dx = g − e^y ⊙ Σ_dim g (keepdims).
    throw todo('losses', 'LogSoftmaxBackward.apply', grad)
  }
}

export class MSEBackward extends BackwardFunction {
  readonly name = 'MSEBackward'
  constructor(predictions: Tensor, targets: Tensor) {
    super([predictions, targets])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(losses): L = mean((p − y)²): dL/dp = 2(p − y)/n · grad (grad is a scalar array); dL/dy = −dL/dp, reshaped to y.shape.
    throw todo('losses', 'MSEBackward.apply', grad)
  }
}

export class BCEBackward extends BackwardFunction {
  readonly name = 'BCEBackward'
  constructor(predictions: Tensor, targets: Tensor) {
    super([predictions, targets])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(losses): With p clipped to [EPSILON, 1 − EPSILON]: dL/dp = (p − y) / (p(1 − p)) / n · grad. Return null for the targets.
    throw todo('losses', 'BCEBackward.apply', grad)
  }
}

export class CrossEntropyBackward extends BackwardFunction {
  readonly name = 'CrossEntropyBackward'
  constructor(logits: Tensor, targets: Tensor) {
    super([logits, targets])
  }
  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(losses): dL/dz = (softmax(z) − onehot(y)) / N · grad. Return null for the targets (class ids are not differentiable).
    throw todo('losses', 'CrossEntropyBackward.apply', grad)
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
  // TODO(engine):
  //  1. root must require grad. Without `gradient`, root must have exactly one element (seed = ones);
  //     otherwise throw an Error saying a gradient is needed. With `gradient`, its size must match.
  //  2. Topological order: depth-first from root through t.gradFn.inputs (only inputs that require grad),
  //     appending a tensor after all of its inputs. Use an explicit stack for deep graphs.
  //  3. Walk that order from root backwards with a Map<Tensor, NDArray> of summed gradients:
  //     a tensor with a gradFn passes its gradient to gradFn.apply and adds each result into the map
  //     entry of the corresponding input; a leaf (no gradFn) adds its gradient into .grad
  //     (t.grad = t.grad ? t.grad + g : g, as Tensors) so repeated backward() calls accumulate.
  throw todo('engine', 'reverse-mode differentiation over the recorded graph', root, gradient, formatShape)
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

const enabled = false

export function isAutogradEnabled(): boolean {
  return enabled
}

/**
 * Patches Tensor (and the activations and losses) so that every operation records how to
 * differentiate itself, and installs Tensor.prototype.backward. Calling it twice is harmless.
 */
export function enableAutograd(): void {
  // TODO(enable): patch each operation so its result records a backward function. The pattern for add:
  //
  //   if (enabled) return
  //   enabled = true
  //   const P = Tensor.prototype
  //   const add = P.add
  //   P.add = function (this: Tensor, other: Tensor | number): Tensor {
  //     const o = asTensor(other)
  //     return record(noGrad(() => add.call(this, o)), [this, o], () => new AddBackward(this, o))
  //   }
  //
  // Do the same for sub, mul, div, matmul, reshape, transpose, sum, mean and max (MaxBackward also needs
  // the output), set P.backward to call runBackward(this, gradient), and patch `forward` of Sigmoid, ReLU,
  // Tanh, GELU, Softmax, LogSoftmax (x -> out) and of MSELoss, BinaryCrossEntropyLoss, CrossEntropyLoss
  // ((p, y) -> out) the same way, using the matching backward class.
  throw todo(
    'enable',
    'patch Tensor, the activations and the losses',
    enabled,
    asTensor,
    Sigmoid,
    ReLU,
    Tanh,
    GELU,
    Softmax,
    LogSoftmax,
    MSELoss,
    BinaryCrossEntropyLoss,
    CrossEntropyLoss
  )
}

/** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
function todo(task: string, what: string, ..._unused: unknown[]): Error {
  return new Error(`TODO(${task}): ${what}`)
}
