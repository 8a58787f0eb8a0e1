// Reference solution for module 01: Tensor.
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

function shapeSize(shape: readonly number[]): number {
  let n = 1
  for (const d of shape) n *= d
  return n
}

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

export class Tensor {
  /** Row-major values; data[i] is the i-th element when the shape is walked last axis fastest. */
  data: Float32Array
  /** Length of every axis; [] for a scalar. */
  shape: number[]
  requiresGrad: boolean
  /** dLoss/dThis after backward() (module 05); null until then. */
  grad: Tensor | null = null
  /** The operation that produced this tensor (set by autograd); null for tensors you create. */
  gradFn: GradFn | null = null

  constructor(data: NestedNumbers | Float32Array, opts: TensorOptions = {}) {
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
  }

  /** Number of elements: the product of the shape (1 for a scalar). */
  get size(): number {
    return shapeSize(this.shape)
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

  add(other: Tensor | number): Tensor {
    return Tensor.fromND(nd.add(this.toND(), operand(other)))
  }

  sub(other: Tensor | number): Tensor {
    return Tensor.fromND(nd.sub(this.toND(), operand(other)))
  }

  mul(other: Tensor | number): Tensor {
    return Tensor.fromND(nd.mul(this.toND(), operand(other)))
  }

  div(other: Tensor | number): Tensor {
    return Tensor.fromND(nd.div(this.toND(), operand(other)))
  }

  matmul(other: Tensor): Tensor {
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
  }

  reshape(...shape: number[] | [number[]]): Tensor {
    const target = (Array.isArray(shape[0]) ? shape[0] : shape) as number[]
    const a = this.toND().reshape(target)
    return new Tensor(this.data, { shape: [...a.shape] })
  }

  transpose(dim0 = -2, dim1 = -1): Tensor {
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
  }

  sum(axis?: number, keepdims = false): Tensor {
    return Tensor.fromND(nd.sum(this.toND(), axis, keepdims))
  }

  mean(axis?: number, keepdims = false): Tensor {
    return Tensor.fromND(nd.mean(this.toND(), axis, keepdims))
  }

  max(axis?: number, keepdims = false): Tensor {
    return Tensor.fromND(nd.max(this.toND(), axis, keepdims))
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

function operand(x: Tensor | number): NDArray | number {
  return x instanceof Tensor ? x.toND() : x
}
