// Module 01: Tensor.
//
// A Tensor is the one data structure every later module passes around: a block of float32 values
// (`data`, row-major) plus the `shape` that says how to read them. The heavy lifting (broadcasting,
// matmul kernels, reductions) is already done by the `nd` runtime; your job is to wrap it.
//
// Useful runtime pieces:  nd.array(nested)  nd.add/sub/mul/div(a, b)  nd.matmul(a, b)
//   nd.sum/mean/max(a, axis, keepdims)  a.reshape(shape)  a.transpose(perm)  a.toFloat32Array()
// The helpers `toND()` and `Tensor.fromND()` below convert between the two worlds.
import { nd, NDArray } from 'tinytorch/runtime'

/** A number, or nested arrays of numbers (one nesting level per dimension). */
export type NestedNumbers = number | NestedNumbers[]

export interface TensorOptions {
  /** Record operations on this tensor so gradients can flow back to it (module 05). */
  requiresGrad?: boolean
  /** Shape of the values; needed for a Float32Array, optional (reshape) for nested arrays. */
  shape?: number[]
}

/** What autograd (module 05) attaches to a tensor produced by an operation. */
export interface GradFn {
  readonly name: string
  /** The tensors the operation read, in argument order. */
  readonly inputs: readonly Tensor[]
  /** Given dLoss/dOutput, returns dLoss/dInput for every input (null when an input needs none). */
  apply(grad: NDArray): (NDArray | null)[]
}

/** A shape as error messages show it: `[2, 3]`. */
function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

export class Tensor {
  /** Row-major values; data[i] is the i-th element when the shape is walked last axis fastest. */
  data!: Float32Array
  /** Length of every axis; [] for a scalar. */
  shape!: number[]
  requiresGrad = false
  /** dLoss/dThis after backward() (module 05); null until then. */
  grad: Tensor | null = null
  /** The operation that produced this tensor (set by autograd); null for tensors you create. */
  gradFn: GradFn | null = null

  /**
   * new Tensor(3)                                  -> shape [], one value
   * new Tensor([[1, 2, 3], [4, 5, 6]])             -> shape [2, 3]
   * new Tensor(float32Array, { shape: [2, 3] })    -> uses the array as storage (no copy)
   * new Tensor([1, 2, 3, 4], { shape: [2, 2] })    -> nested data reshaped
   * Throws an Error for ragged nested arrays (nd.array already does), and for a Float32Array whose length
   * does not match the shape, saying how many values the shape needs and how many there are.
   */
  constructor(data: NestedNumbers | Float32Array, opts: TensorOptions = {}) {
    // TODO(create): set this.data, this.shape and this.requiresGrad (default false).
    throw todo('create', 'store the values (Float32Array, row-major) and the shape', data, opts)
  }

  /** Number of elements: the product of the shape (1 for a scalar). */
  get size(): number {
    // TODO(create)
    throw todo('create', 'size is the product of the shape')
  }

  /** Number of dimensions. */
  get ndim(): number {
    return this.shape.length
  }

  /** An `nd` array view of the same values (no copy), for computing with the runtime. */
  toND(): NDArray {
    return new NDArray(this.data, this.shape)
  }

  /** A new Tensor holding the values of an `nd` array (copied into row-major order). */
  static fromND(a: NDArray, opts: { requiresGrad?: boolean } = {}): Tensor {
    return new Tensor(a.toFloat32Array(), { shape: [...a.shape], requiresGrad: opts.requiresGrad })
  }

  /** The single value of a one-element tensor. */
  item(): number {
    if (this.size !== 1) throw new Error(`item() needs a tensor with one element, got shape ${formatShape(this.shape)}`)
    return this.data[0]!
  }

  /** The values as nested JS arrays (a number for a scalar). */
  toArray(): NestedNumbers {
    return this.toND().toArray()
  }

  toString(): string {
    return `Tensor(${this.toND().toString()}, shape=${formatShape(this.shape)}${this.requiresGrad ? ', requiresGrad=true' : ''})`
  }

  /**
   * this + other, broadcasting; `other` may be a number. Returns a new Tensor. Shapes that cannot broadcast
   * throw an Error that says so (nd.add already does); the same holds for sub, mul and div.
   */
  add(other: Tensor | number): Tensor {
    // TODO(arithmetic)
    throw todo('arithmetic', 'element-wise add with broadcasting (nd.add)', other, nd)
  }

  /** this − other, broadcasting. */
  sub(other: Tensor | number): Tensor {
    // TODO(arithmetic)
    throw todo('arithmetic', 'element-wise subtract with broadcasting', other)
  }

  /** this · other (element-wise), broadcasting. */
  mul(other: Tensor | number): Tensor {
    // TODO(arithmetic)
    throw todo('arithmetic', 'element-wise multiply with broadcasting', other)
  }

  /** this / other (element-wise), broadcasting. */
  div(other: Tensor | number): Tensor {
    // TODO(arithmetic)
    throw todo('arithmetic', 'element-wise divide with broadcasting', other)
  }

  /**
   * Matrix product: [m, k] @ [k, n] -> [m, n] and [m, k] @ [k] -> [m].
   * If the inner sizes differ, throw an Error whose message names both (e.g. "... 3 ... 4 ...").
   */
  matmul(other: Tensor): Tensor {
    // TODO(matmul)
    throw todo('matmul', 'check the inner dimensions, then nd.matmul', other)
  }

  /**
   * Same values, new shape; one dimension may be -1. `t.reshape(2, -1)` or `t.reshape([2, -1])`.
   * A shape that holds a different number of values throws an Error (nd's reshape already does).
   */
  reshape(...shape: number[] | [number[]]): Tensor {
    // TODO(shape)
    throw todo('shape', 'new shape, same row-major values', shape)
  }

  /** Swaps two axes (default: the last two). A tensor with fewer than 2 dims is returned as a copy. */
  transpose(dim0 = -2, dim1 = -1): Tensor {
    // TODO(shape)
    throw todo('shape', 'swap two axes; the result must be row-major again', dim0, dim1)
  }

  /** Sum over `axis` (all values when omitted); keepdims leaves a size-1 axis in place. */
  sum(axis?: number, keepdims = false): Tensor {
    // TODO(reductions)
    throw todo('reductions', 'nd.sum', axis, keepdims)
  }

  /** Mean over `axis` (all values when omitted). */
  mean(axis?: number, keepdims = false): Tensor {
    // TODO(reductions)
    throw todo('reductions', 'nd.mean', axis, keepdims)
  }

  /** Maximum over `axis` (all values when omitted). */
  max(axis?: number, keepdims = false): Tensor {
    // TODO(reductions)
    throw todo('reductions', 'nd.max', axis, keepdims)
  }

  /** Computes gradients of this (scalar) tensor. Module 05 turns this on. */
  backward(_gradient?: Tensor): void {
    throw new Error('backward() is not available yet: autograd is enabled in module 05')
  }

  /** Forgets the accumulated gradient. */
  zeroGrad(): void {
    this.grad = null
  }
}

/** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
function todo(task: string, what: string, ..._unused: unknown[]): Error {
  return new Error(`TODO(${task}): ${what}`)
}
