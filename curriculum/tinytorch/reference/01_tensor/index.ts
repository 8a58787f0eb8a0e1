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

//# solution
function shapeSize(shape: readonly number[]): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

//# end
/** A shape as error messages show it: `[2, 3]`. */
function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

export class Tensor {
  /** Row-major values; data[i] is the i-th element when the shape is walked last axis fastest. */
  //# solution
  data: Float32Array
  //# starter
  // data!: Float32Array
  //# end
  /** Length of every axis; [] for a scalar. */
  //# solution
  shape: number[]
  //# starter
  // shape!: number[]
  //# end
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
    //# solution
    if (data instanceof Float32Array) {
      const shape = opts.shape ?? [data.length]
      if (shapeSize(shape) !== data.length) {
        throw new Error(`shape ${formatShape(shape)} needs ${shapeSize(shape)} values, but the Float32Array holds ${data.length}`)
      }
      this.data = data
      this.shape = [...shape]
    } else {
      let a = nd.array(data)
      if (opts.shape) a = a.reshape(opts.shape)
      this.data = a.toFloat32Array()
      this.shape = [...a.shape]
    }
    for (const d of this.shape) {
      if (!Number.isInteger(d) || d < 0) throw new Error(`invalid shape ${formatShape(this.shape)}`)
    }
    this.requiresGrad = opts.requiresGrad ?? false
    //# starter
    // // TODO(create): set this.data, this.shape and this.requiresGrad (default false).
    // throw todo('create', 'store the values (Float32Array, row-major) and the shape', data, opts)
    //# end
  }

  /** Number of elements: the product of the shape (1 for a scalar). */
  get size(): number {
    //# solution
    return shapeSize(this.shape)
    //# starter
    // // TODO(create)
    // throw todo('create', 'size is the product of the shape')
    //# end
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
    //# solution
    return Tensor.fromND(nd.add(this.toND(), operand(other)))
    //# starter
    // // TODO(arithmetic)
    // throw todo('arithmetic', 'element-wise add with broadcasting (nd.add)', other, nd)
    //# end
  }

  /** this − other, broadcasting. */
  sub(other: Tensor | number): Tensor {
    //# solution
    return Tensor.fromND(nd.sub(this.toND(), operand(other)))
    //# starter
    // // TODO(arithmetic)
    // throw todo('arithmetic', 'element-wise subtract with broadcasting', other)
    //# end
  }

  /** this · other (element-wise), broadcasting. */
  mul(other: Tensor | number): Tensor {
    //# solution
    return Tensor.fromND(nd.mul(this.toND(), operand(other)))
    //# starter
    // // TODO(arithmetic)
    // throw todo('arithmetic', 'element-wise multiply with broadcasting', other)
    //# end
  }

  /** this / other (element-wise), broadcasting. */
  div(other: Tensor | number): Tensor {
    //# solution
    return Tensor.fromND(nd.div(this.toND(), operand(other)))
    //# starter
    // // TODO(arithmetic)
    // throw todo('arithmetic', 'element-wise divide with broadcasting', other)
    //# end
  }

  /**
   * Matrix product: [m, k] @ [k, n] -> [m, n] and [m, k] @ [k] -> [m].
   * If the inner sizes differ, throw an Error whose message names both (e.g. "... 3 ... 4 ...").
   */
  matmul(other: Tensor): Tensor {
    //# solution
    if (this.ndim === 0 || other.ndim === 0) {
      throw new Error(`matmul needs tensors with at least one dimension, got ${formatShape(this.shape)} @ ${formatShape(other.shape)}`)
    }
    const k = this.shape[this.ndim - 1]!
    const k2 = other.ndim === 1 ? other.shape[0]! : other.shape[other.ndim - 2]!
    if (k !== k2) {
      throw new Error(
        `matmul inner dimensions differ: ${formatShape(this.shape)} @ ${formatShape(other.shape)} has ${k} columns on the left but ${k2} rows on the right`
      )
    }
    return Tensor.fromND(nd.matmul(this.toND(), other.toND()))
    //# starter
    // // TODO(matmul)
    // throw todo('matmul', 'check the inner dimensions, then nd.matmul', other)
    //# end
  }

  /**
   * Same values, new shape; one dimension may be -1. `t.reshape(2, -1)` or `t.reshape([2, -1])`.
   * A shape that holds a different number of values throws an Error (nd's reshape already does).
   */
  reshape(...shape: number[] | [number[]]): Tensor {
    //# solution
    const target = (Array.isArray(shape[0]) ? shape[0] : shape) as number[]
    const a = this.toND().reshape(target)
    return new Tensor(this.data, { shape: [...a.shape] })
    //# starter
    // // TODO(shape)
    // throw todo('shape', 'new shape, same row-major values', shape)
    //# end
  }

  /** Swaps two axes (default: the last two). A tensor with fewer than 2 dims is returned as a copy. */
  transpose(dim0 = -2, dim1 = -1): Tensor {
    //# solution
    const n = this.ndim
    if (n < 2) return new Tensor(this.data.slice(), { shape: [...this.shape] })
    const a = dim0 < 0 ? dim0 + n : dim0
    const b = dim1 < 0 ? dim1 + n : dim1
    if (a < 0 || a >= n || b < 0 || b >= n)
      throw new Error(`transpose(${dim0}, ${dim1}) is out of range for shape ${formatShape(this.shape)}`)
    const perm = this.shape.map((_, i) => i)
    perm[a] = b
    perm[b] = a
    return Tensor.fromND(this.toND().transpose(perm))
    //# starter
    // // TODO(shape)
    // throw todo('shape', 'swap two axes; the result must be row-major again', dim0, dim1)
    //# end
  }

  /** Sum over `axis` (all values when omitted); keepdims leaves a size-1 axis in place. */
  sum(axis?: number, keepdims = false): Tensor {
    //# solution
    return Tensor.fromND(nd.sum(this.toND(), axis, keepdims))
    //# starter
    // // TODO(reductions)
    // throw todo('reductions', 'nd.sum', axis, keepdims)
    //# end
  }

  /** Mean over `axis` (all values when omitted). */
  mean(axis?: number, keepdims = false): Tensor {
    //# solution
    return Tensor.fromND(nd.mean(this.toND(), axis, keepdims))
    //# starter
    // // TODO(reductions)
    // throw todo('reductions', 'nd.mean', axis, keepdims)
    //# end
  }

  /** Maximum over `axis` (all values when omitted). */
  max(axis?: number, keepdims = false): Tensor {
    //# solution
    return Tensor.fromND(nd.max(this.toND(), axis, keepdims))
    //# starter
    // // TODO(reductions)
    // throw todo('reductions', 'nd.max', axis, keepdims)
    //# end
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

//# solution
function operand(x: Tensor | number): NDArray | number {
  return x instanceof Tensor ? x.toND() : x
}
//# starter
// /** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
// function todo(task: string, what: string, ..._unused: unknown[]): Error {
//   return new Error(`TODO(${task}): ${what}`)
// }
//# end
