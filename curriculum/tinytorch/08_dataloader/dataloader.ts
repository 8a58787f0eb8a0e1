// Module 08: DataLoader.
//
// A Dataset answers two questions: how many examples, and what is example i. A DataLoader turns a
// dataset into mini-batches: it picks an order (shuffled with a seeded generator, or in order), takes
// batchSize examples at a time and stacks each component into one tensor with a new leading batch axis.
// Augmentations change one example (an image as [C, H, W] or [H, W]) at random, so every epoch sees
// slightly different data.
//
// Useful runtime pieces: new Random(seed).permutation(n), nd.permutation(n), rng.random() (uniform in
// [0, 1)), rng.randint(lo, hi) (an integer in [lo, hi)), Float32Array.prototype.set / subarray.
import { nd, Random } from 'tinytorch/runtime'
import type { Tensor } from 'tinytorch/01_tensor'

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** A collection of examples; each example is a list of tensors (for instance [input, target]). */
export abstract class Dataset {
  /** Number of examples. */
  abstract get length(): number

  /** Example `index` (0 ≤ index < length); throws for any other index. */
  abstract get(index: number): Tensor[]
}

/** Examples are the rows of the given tensors: example i is [t₀[i], t₁[i], …]. */
export class TensorDataset extends Dataset {
  readonly tensors: Tensor[]

  constructor(...tensors: Tensor[]) {
    super()
    // TODO(dataset): keep the tensors; throw if there are none or if their first dimensions differ (name the shapes).
    throw todo('dataset', 'TensorDataset constructor', tensors, formatShape)
  }

  get length(): number {
    // TODO(dataset): the first dimension of the tensors.
    throw todo('dataset', 'TensorDataset.length')
  }

  get(index: number): Tensor[] {
    // TODO(dataset): throw for an index outside [0, length); otherwise row `index` of every tensor (shape t.shape.slice(1)).
    throw todo('dataset', 'TensorDataset.get', index)
  }
}

export interface DataLoaderOptions {
  batchSize: number
  /** Visit the examples in a new random order every epoch (default false: in order). */
  shuffle?: boolean
  /** Seed of the shuffling generator; without it the runtime's default generator (nd.seed) is used. */
  seed?: number
}

/** Iterates over a dataset in batches: each batch stacks the examples' tensors along a new first axis. */
export class DataLoader implements Iterable<Tensor[]> {
  readonly dataset: Dataset
  readonly batchSize: number
  readonly shuffle: boolean
  protected readonly rng: Random | null

  constructor(dataset: Dataset, { batchSize, shuffle = false, seed }: DataLoaderOptions) {
    // TODO(dataloader): throw unless batchSize is a positive integer.
    this.dataset = dataset
    this.batchSize = batchSize
    this.shuffle = shuffle
    this.rng = seed === undefined ? null : new Random(seed)
  }

  /** Number of batches per epoch: ⌈N / batchSize⌉ (the last batch may be smaller). */
  get length(): number {
    // TODO(dataloader)
    throw todo('dataloader', 'DataLoader.length')
  }

  // biome-ignore lint/correctness/useYield: the TODO below throws before anything is yielded; remove this line when you write the body.
  *[Symbol.iterator](): Iterator<Tensor[]> {
    // TODO(dataloader): choose the order (a permutation when shuffling, from this.rng if set, else nd.permutation),
    // then yield collate(...) of each run of batchSize examples.
    throw todo('dataloader', 'DataLoader iteration', collate, nd)
  }
}

/** Stacks examples (each a list of tensors of equal shapes) into one tensor per component. */
export function collate(examples: Tensor[][]): Tensor[] {
  // TODO(dataloader): for each component c, copy every example's tensor into one Float32Array of shape [B, ...shape].
  throw todo('dataloader', 'collate', examples)
}

// ------------------------------------------------------------ augmentations

/** Something that changes one example image, [C, H, W] or [H, W]. */
export interface Transform {
  apply(x: Tensor): Tensor
}

function imageDims(x: Tensor, who: string): { c: number; h: number; w: number } {
  if (x.ndim === 2) return { c: 1, h: x.shape[0]!, w: x.shape[1]! }
  if (x.ndim === 3) return { c: x.shape[0]!, h: x.shape[1]!, w: x.shape[2]! }
  throw new Error(`${who} expects an image of shape [C, H, W] or [H, W], got ${formatShape(x.shape)}`)
}

/** Mirrors the image left–right with probability p. */
export class RandomHorizontalFlip implements Transform {
  protected readonly rng: Random | null

  constructor(
    readonly p = 0.5,
    seed?: number
  ) {
    if (!(p >= 0 && p <= 1)) throw new Error(`RandomHorizontalFlip: p must be in [0, 1], got ${p}`)
    this.rng = seed === undefined ? null : new Random(seed)
  }

  apply(x: Tensor): Tensor {
    // TODO(augment): draw u in [0, 1) (this.rng.random() or nd.uniform([1]).item()); if u < p reverse every row
    // (column j takes column w − 1 − j) in every channel, else return x unchanged.
    throw todo('augment', 'RandomHorizontalFlip.apply', x, imageDims)
  }
}

/** Pads the image with `padding` zeros on every side, then cuts a random size×size window out of it. */
export class RandomCrop implements Transform {
  readonly size: [number, number]
  protected readonly rng: Random | null

  constructor(
    size: number | [number, number],
    readonly padding = 0,
    seed?: number
  ) {
    this.size = typeof size === 'number' ? [size, size] : size
    if (!this.size.every((d) => Number.isInteger(d) && d > 0)) throw new Error(`RandomCrop: size must be positive integers, got ${size}`)
    if (!Number.isInteger(padding) || padding < 0) throw new Error(`RandomCrop: padding must be a non-negative integer, got ${padding}`)
    this.rng = seed === undefined ? null : new Random(seed)
  }

  apply(x: Tensor): Tensor {
    // TODO(augment): pick top in [0, h + 2p − oh] and left in [0, w + 2p − ow]; output pixel (i, j) is input pixel
    // (top + i − p, left + j − p), or 0 where that falls outside the image. Keep [H, W] inputs 2-D.
    throw todo('augment', 'RandomCrop.apply', x)
  }
}

/** Applies transforms one after the other. */
export class Compose implements Transform {
  constructor(readonly transforms: Transform[]) {}

  apply(x: Tensor): Tensor {
    // TODO(augment)
    throw todo('augment', 'Compose.apply', x)
  }
}

/** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
function todo(task: string, what: string, ..._unused: unknown[]): Error {
  return new Error(`TODO(${task}): ${what}`)
}
