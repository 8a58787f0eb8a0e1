// Module 09: Spatial — convolution, pooling, batch normalisation and flatten, with their gradients.
//
// Images are NCHW: [batch, channels, height, width], row-major, so x[n, c, i, j] is at
// ((n·C + c)·H + i)·W + j. A window of a kh×kw kernel at output position (oi, oj) covers input rows
// oi·stride − padding + 0..kh−1 and columns oj·stride − padding + 0..kw−1; positions outside the image read
// as zeros (padding). Output size along one axis: ⌊(size + 2·padding − kernel) / stride⌋ + 1.
//
// Each layer computes its forward pass on nd arrays and records ONE backward node with record() from
// module 05, exactly like the activations there: forward values in, gradients (one per input, each with
// that input's shape, or null when the input needs none) out.
import { nd, Random, type NDArray } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Layer } from 'tinytorch/03_layers'
import { BackwardFunction, record } from 'tinytorch/05_autograd'

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** ⌊(size + 2·padding − kernel) / stride⌋ + 1: how many windows fit along one axis. */
export function convOutputSize(size: number, kernel: number, stride: number, padding: number): number {
  return Math.floor((size + 2 * padding - kernel) / stride) + 1
}

function pair(v: number | readonly [number, number], what: string): [number, number] {
  const p: [number, number] = typeof v === 'number' ? [v, v] : [v[0], v[1]]
  if (!p.every((d) => Number.isInteger(d) && d > 0)) throw new Error(`${what} must be a positive integer or two of them, got ${String(v)}`)
  return p
}

function checkImage(x: { shape: readonly number[] }, who: string): [number, number, number, number] {
  if (x.shape.length !== 4) throw new Error(`${who} expects an NCHW input of shape [N, C, H, W], got ${formatShape(x.shape)}`)
  return x.shape as unknown as [number, number, number, number]
}

export interface ConvOptions {
  stride?: number
  padding?: number
}

// ------------------------------------------------------------ convolution as loops

/**
 * out[n, o, oi, oj] = bias[o] + Σ_c Σ_i Σ_j x[n, c, oi·s − p + i, oj·s − p + j] · weight[o, c, i, j],
 * written as plain nested loops (forward only): every multiply-add is visible, which makes the cost
 * N·Cout·OH·OW·Cin·kh·kw multiply-adds easy to read off. Shapes: x [N, Cin, H, W], weight [Cout, Cin, kh, kw].
 */
export function conv2dLoops(x: Tensor, weight: Tensor, bias: Tensor | null, { stride = 1, padding = 0 }: ConvOptions = {}): Tensor {
  // TODO(conv_loops): seven nested loops (n, out channel, output row, output column, in channel, kernel row, kernel column);
  // skip input positions outside the image (they are the zero padding). Output shape [N, Cout, OH, OW].
  throw todo('conv_loops', 'conv2dLoops', x, weight, bias, stride, padding, checkImage)
}

// ------------------------------------------------------------ im2col and col2im

/**
 * Unrolls every kh×kw window of x [N, C, H, W] into one row: the result has shape
 * [N·OH·OW, C·kh·kw], row (n, oi, oj), column (c, i, j) — the order of weight.reshape(Cout, C·kh·kw)'s
 * columns. Padding positions are zeros. A convolution is then one matmul.
 */
export function im2col(x: NDArray, kh: number, kw: number, stride: number, padding: number): NDArray {
  // TODO(im2col): row r = (n·OH + oi)·OW + oj holds the window of output (oi, oj) of image n, read channel by channel,
  // kernel row by kernel row; entries that fall in the padding stay 0.
  throw todo('im2col', 'im2col', x, kh, kw, stride, padding)
}

/**
 * The adjoint of im2col: adds every entry of cols [N·OH·OW, C·kh·kw] back into the input position it was
 * read from (overlapping windows add up; padding positions are dropped). Returns [N, C, H, W].
 */
export function col2im(cols: NDArray, shape: readonly number[], kh: number, kw: number, stride: number, padding: number): NDArray {
  // TODO(im2col): walk the windows exactly as im2col does, but add cols[q] INTO out at the input position.
  throw todo('im2col', 'col2im', cols, shape, kh, kw, stride, padding, nd)
}

// ------------------------------------------------------------ Conv2d

export interface Conv2dOptions extends ConvOptions {
  bias?: boolean
  /** Seed of this layer's initialisation; without it the runtime's default generator (nd.seed) is used. */
  seed?: number
}

/** He (Kaiming) initialisation for layers followed by ReLU: weights ~ N(0, 2 / fanIn), fanIn = Cin·kh·kw. */
export function heStd(fanIn: number): number {
  return Math.sqrt(2 / fanIn)
}

/** 2-D convolution of NCHW images: weight [Cout, Cin, kh, kw] (He-initialised), bias [Cout] (zeros). */
export class Conv2d extends Layer {
  readonly kernelSize: [number, number]
  readonly stride: number
  readonly padding: number
  weight: Tensor
  bias: Tensor | null

  constructor(
    readonly inChannels: number,
    readonly outChannels: number,
    kernelSize: number | [number, number],
    { stride = 1, padding = 0, bias = true, seed }: Conv2dOptions = {}
  ) {
    super()
    for (const [name, v] of [
      ['inChannels', inChannels],
      ['outChannels', outChannels],
      ['stride', stride]
    ] as const) {
      if (!Number.isInteger(v) || v <= 0) throw new Error(`Conv2d: ${name} must be a positive integer, got ${v}`)
    }
    if (!Number.isInteger(padding) || padding < 0) throw new Error(`Conv2d: padding must be a non-negative integer, got ${padding}`)
    this.kernelSize = pair(kernelSize, 'Conv2d: kernelSize')
    this.stride = stride
    this.padding = padding
    // TODO(conv_forward): weight [Cout, Cin, kh, kw] ~ N(0, heStd(Cin·kh·kw)²) from new Random(seed) or nd.normal,
    // requiresGrad true; bias zeros [Cout] with requiresGrad (or null when bias is false).
    throw todo('conv_forward', 'Conv2d initialisation', bias, seed, Random)
  }

  forward(x: Tensor): Tensor {
    // TODO(conv_forward): cols = im2col(x.toND(), ...); y = cols @ weight.reshape(Cout, Cin·kh·kw)ᵀ (+ bias) has shape
    // [N·OH·OW, Cout]; reshape to [N, OH, OW, Cout] and transpose to [N, Cout, OH, OW]. Then
    // return record(out, [x, weight, (bias)], () => new Conv2dBackward(x, this.weight, this.bias, cols, stride, padding)).
    throw todo('conv_forward', 'Conv2d.forward', x, checkImage)
  }

  override parameters(): Tensor[] {
    return this.bias ? [this.weight, this.bias] : [this.weight]
  }
}

/** Gradients of y = conv(x, W) + b from the saved columns: dW = Gᵀ·cols, db = Σ G, dx = col2im(G·W). */
export class Conv2dBackward extends BackwardFunction {
  readonly name = 'Conv2dBackward'

  constructor(
    x: Tensor,
    readonly weight: Tensor,
    readonly bias: Tensor | null,
    /** im2col(x) from the forward pass, [N·OH·OW, Cin·kh·kw]. */
    readonly cols: NDArray,
    readonly stride: number,
    readonly padding: number
  ) {
    super(bias ? [x, weight, bias] : [x, weight])
  }

  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(conv_backward): G = grad transposed to [N, OH, OW, Cout] and reshaped to [N·OH·OW, Cout];
    // dW = Gᵀ @ cols reshaped like the weight, db = G summed over rows, dx = col2im(G @ W [Cout, Cin·kh·kw], x.shape, ...).
    // Skip (return null for) inputs whose requiresGrad is false — the input image of the first layer never needs one.
    throw todo('conv_backward', 'Conv2dBackward.apply', grad)
  }
}

// ------------------------------------------------------------ pooling

export interface PoolOptions {
  /** Step between windows (default: the kernel size, so windows do not overlap). */
  stride?: number
  padding?: number
}

abstract class Pool2d extends Layer {
  readonly kernelSize: [number, number]
  readonly stride: [number, number]
  readonly padding: number

  constructor(kernelSize: number | [number, number], { stride, padding = 0 }: PoolOptions = {}) {
    super()
    this.kernelSize = pair(kernelSize, `${this.constructor.name}: kernelSize`)
    this.stride = stride === undefined ? this.kernelSize : pair(stride, `${this.constructor.name}: stride`)
    if (!Number.isInteger(padding) || padding < 0) throw new Error(`padding must be a non-negative integer, got ${padding}`)
    if (2 * padding > Math.min(...this.kernelSize)) throw new Error(`padding ${padding} must be at most half the kernel size`)
    this.padding = padding
  }

  /** Output size and the input dimensions, after checking the input. */
  protected dims(x: Tensor): { n: number; c: number; h: number; w: number; oh: number; ow: number } {
    const [n, c, h, w] = checkImage(x, this.constructor.name)
    const oh = convOutputSize(h, this.kernelSize[0], this.stride[0], this.padding)
    const ow = convOutputSize(w, this.kernelSize[1], this.stride[1], this.padding)
    if (oh <= 0 || ow <= 0) throw new Error(`${this.constructor.name}: the window does not fit in a ${h}×${w} input`)
    return { n, c, h, w, oh, ow }
  }
}

/** Largest value in each window; its gradient goes to the position that held it. */
export class MaxPool2d extends Pool2d {
  forward(x: Tensor): Tensor {
    // TODO(pooling): for every window (padding positions are skipped, never chosen) keep the maximum and the flat
    // input index where it was (an Int32Array); output [N, C, OH, OW]; record a MaxPool2dBackward(x, argmax).
    throw todo('pooling', 'MaxPool2d.forward', x, record)
  }
}

export class MaxPool2dBackward extends BackwardFunction {
  readonly name = 'MaxPool2dBackward'

  constructor(
    x: Tensor,
    /** For each output element, the flat index into x of the value it copied. */
    readonly argmax: Int32Array
  ) {
    super([x])
  }

  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(pooling): every output's gradient goes to (is added at) the input position argmax[o]; all others get 0.
    throw todo('pooling', 'MaxPool2dBackward.apply', grad)
  }
}

/** Mean of each window; padding positions count as zeros (the window always divides by kh·kw). */
export class AvgPool2d extends Pool2d {
  forward(x: Tensor): Tensor {
    // TODO(pooling): the sum of the in-image positions of each window divided by kh·kw; record an AvgPool2dBackward.
    throw todo('pooling', 'AvgPool2d.forward', x)
  }
}

export class AvgPool2dBackward extends BackwardFunction {
  readonly name = 'AvgPool2dBackward'

  constructor(
    x: Tensor,
    readonly kernelSize: [number, number],
    readonly stride: [number, number],
    readonly padding: number
  ) {
    super([x])
  }

  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(pooling): each output's gradient, divided by kh·kw, is added to every in-image position of its window.
    throw todo('pooling', 'AvgPool2dBackward.apply', grad)
  }
}

// ------------------------------------------------------------ batch normalisation

export interface BatchNormOptions {
  eps?: number
  /** Weight of the new batch in the running statistics: running = (1 − momentum)·running + momentum·batch. */
  momentum?: number
}

/**
 * Normalises each channel of NCHW inputs: y = γ·(x − μ)/√(σ² + eps) + β. In training, μ and σ² are the
 * batch's (over N, H, W; σ² the biased variance) and the running statistics move towards them (the running
 * variance with the unbiased estimate, m/(m − 1)·σ²); in evaluation the running statistics are used.
 */
export class BatchNorm2d extends Layer {
  readonly eps: number
  readonly momentum: number
  /** γ, [C], ones. */
  weight: Tensor
  /** β, [C], zeros. */
  bias: Tensor
  /** Running mean, [C], zeros; not trained by gradients. */
  runningMean: Tensor
  /** Running variance, [C], ones. */
  runningVar: Tensor

  constructor(
    readonly numFeatures: number,
    { eps = 1e-5, momentum = 0.1 }: BatchNormOptions = {}
  ) {
    super()
    if (!Number.isInteger(numFeatures) || numFeatures <= 0)
      throw new Error(`BatchNorm2d: numFeatures must be a positive integer, got ${numFeatures}`)
    if (!(momentum >= 0 && momentum <= 1)) throw new Error(`BatchNorm2d: momentum must be in [0, 1], got ${momentum}`)
    this.eps = eps
    this.momentum = momentum
    const c = numFeatures
    this.weight = new Tensor(new Float32Array(c).fill(1), { shape: [c], requiresGrad: true })
    this.bias = new Tensor(new Float32Array(c), { shape: [c], requiresGrad: true })
    this.runningMean = new Tensor(new Float32Array(c), { shape: [c] })
    this.runningVar = new Tensor(new Float32Array(c).fill(1), { shape: [c] })
  }

  forward(x: Tensor): Tensor {
    // TODO(batchnorm): per channel, μ and σ² over (N, H, W) in training (update the running statistics with momentum,
    // the running variance with m/(m − 1)·σ²), the running ones in eval; y = γ·x̂ + β with x̂ = (x − μ)/√(σ² + eps).
    // Record a BatchNorm2dBackward(x, weight, bias, x̂, 1/√(σ² + eps) per channel, this.training).
    throw todo('batchnorm', 'BatchNorm2d.forward', x)
  }

  override parameters(): Tensor[] {
    return [this.weight, this.bias]
  }
}

export class BatchNorm2dBackward extends BackwardFunction {
  readonly name = 'BatchNorm2dBackward'

  constructor(
    x: Tensor,
    weight: Tensor,
    bias: Tensor,
    /** The normalised input x̂, [N, C, H, W]. */
    readonly xhat: Float32Array,
    /** 1/√(σ² + eps) per channel. */
    readonly invStd: Float32Array,
    /** Whether the statistics came from the batch (then they depend on x too). */
    readonly training: boolean
  ) {
    super([x, weight, bias])
  }

  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(batchnorm): dβ = Σ g and dγ = Σ g·x̂ per channel (over N, H, W). In training dx = γ/σ·(g − mean(g) − x̂·mean(g·x̂));
    // in evaluation the statistics are constants, so dx = γ/σ·g.
    throw todo('batchnorm', 'BatchNorm2dBackward.apply', grad)
  }
}

// ------------------------------------------------------------ flatten

/** Keeps the first `startDim` axes and merges the rest: [N, C, H, W] → [N, C·H·W]. Gradients flow through. */
export class Flatten extends Layer {
  constructor(readonly startDim = 1) {
    super()
  }

  forward(x: Tensor): Tensor {
    // TODO(flatten): use x.reshape(...) with the leading startDim axes kept and -1 for the rest, so autograd records it.
    throw todo('flatten', 'Flatten.forward', x)
  }
}

/** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
function todo(task: string, what: string, ..._unused: unknown[]): Error {
  return new Error(`TODO(${task}): ${what}`)
}
