// Module 11: Embeddings — turning token ids into vectors, and telling the model where each token is.
//
// An embedding table is a [vocabSize, embedDim] parameter; looking up ids is gathering rows
// (nd.take(W, ids, 0)). Its gradient is the reverse: each output row's gradient is ADDED into the row of
// the table it came from (a token used twice collects both contributions). Attention has no notion of
// order, so a position signal is added to every token vector: either a learned table, one row per
// position, or fixed sinusoids of different frequencies.
import { nd, Random, type NDArray } from 'tinytorch/runtime'
//# solution
import { Tensor } from 'tinytorch/01_tensor'
//# starter
// import type { Tensor } from 'tinytorch/01_tensor'
//# end
import { Layer } from 'tinytorch/03_layers'
import { BackwardFunction, record } from 'tinytorch/05_autograd'

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

function positiveInt(v: number, what: string): void {
  if (!Number.isInteger(v) || v <= 0) throw new Error(`${what} must be a positive integer, got ${v}`)
}

/** A lookup table of learned vectors: ids of any shape S → vectors of shape [...S, embedDim]. */
export class Embedding extends Layer {
  /** [vocabSize, embedDim], initialised N(0, 1). */
  weight: Tensor

  constructor(
    readonly vocabSize: number,
    readonly embedDim: number,
    seed?: number
  ) {
    super()
    positiveInt(vocabSize, 'Embedding: vocabSize')
    positiveInt(embedDim, 'Embedding: embedDim')
    //# solution
    const w = seed === undefined ? nd.normal([vocabSize, embedDim]) : new Random(seed).normal([vocabSize, embedDim])
    this.weight = Tensor.fromND(w, { requiresGrad: true })
    //# starter
    // // TODO(embedding): weight [vocabSize, embedDim] ~ N(0, 1) (new Random(seed).normal or nd.normal), requiresGrad.
    // throw todo('embedding', 'Embedding initialisation', seed, Random)
    //# end
  }

  /** Rows of the table for every id; ids must be integers in [0, vocabSize). */
  forward(ids: Tensor): Tensor {
    //# solution
    for (let i = 0; i < ids.size; i++) {
      const id = ids.data[i]!
      if (!Number.isInteger(id) || id < 0 || id >= this.vocabSize) {
        throw new Error(
          `Embedding(${this.vocabSize}, ${this.embedDim}): token id ${id} at flat position ${i} is not an integer in [0, ${this.vocabSize})`
        )
      }
    }
    const out = Tensor.fromND(nd.take(this.weight.toND(), ids.toND(), 0))
    return record(out, [this.weight], () => new EmbeddingBackward(this.weight, ids))
    //# starter
    // // TODO(embedding): check every id (throw naming the bad id and its position), gather rows with nd.take(W, ids, 0),
    // // and record an EmbeddingBackward(weight, ids) with the weight as the only input.
    // throw todo('embedding', 'Embedding.forward', ids, record)
    //# end
  }

  override parameters(): Tensor[] {
    return [this.weight]
  }
}

/** dW[id] += grad[position] for every position holding that id; rows no id used get 0. */
export class EmbeddingBackward extends BackwardFunction {
  readonly name = 'EmbeddingBackward'

  constructor(
    weight: Tensor,
    readonly ids: Tensor
  ) {
    super([weight])
  }

  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
    const weight = this.inputs[0]!
    const d = weight.shape[1]!
    const g = grad.contiguous()
    const dW = new Float32Array(weight.size)
    for (let i = 0; i < this.ids.size; i++) {
      const row = this.ids.data[i]! * d
      const src = g.offset + i * d
      for (let j = 0; j < d; j++) dW[row + j]! += g.data[src + j]!
    }
    return [new nd.NDArray(dW, weight.shape)]
    //# starter
    // // TODO(embedding_backward): grad has shape [...ids.shape, d]; add its row i into row ids.data[i] of a zero [V, d] table.
    // // Add (+=), never assign: a token that appears twice must collect both gradients.
    // throw todo('embedding_backward', 'EmbeddingBackward.apply', grad, nd)
    //# end
  }
}

/** Learned positions: adds row t of a [maxSeqLen, embedDim] table to the vectors at position t. */
export class PositionalEncoding extends Layer {
  /** [maxSeqLen, embedDim], initialised N(0, 0.02²). */
  weight: Tensor

  constructor(
    readonly maxSeqLen: number,
    readonly embedDim: number,
    seed?: number
  ) {
    super()
    positiveInt(maxSeqLen, 'PositionalEncoding: maxSeqLen')
    positiveInt(embedDim, 'PositionalEncoding: embedDim')
    //# solution
    const w = seed === undefined ? nd.normal([maxSeqLen, embedDim], 0, 0.02) : new Random(seed).normal([maxSeqLen, embedDim], 0, 0.02)
    this.weight = Tensor.fromND(w, { requiresGrad: true })
    //# starter
    // // TODO(positional): weight [maxSeqLen, embedDim] ~ N(0, 0.02²), requiresGrad.
    // throw todo('positional', 'PositionalEncoding initialisation', seed)
    //# end
  }

  /** x: [T, embedDim] or [B, T, embedDim] with T ≤ maxSeqLen; returns x + weight[0:T] (broadcast over B). */
  forward(x: Tensor): Tensor {
    //# solution
    if (x.ndim < 2 || x.shape[x.ndim - 1] !== this.embedDim) {
      throw new Error(`PositionalEncoding expects [..., T, ${this.embedDim}], got ${formatShape(x.shape)}`)
    }
    const t = x.shape[x.ndim - 2]!
    if (t > this.maxSeqLen) throw new Error(`sequence length ${t} is longer than maxSeqLen ${this.maxSeqLen}`)
    const rows = nd.slice(this.weight.toND(), [0, t])
    const out = Tensor.fromND(nd.add(x.toND(), rows))
    return record(out, [x, this.weight], () => new PositionalEncodingBackward(x, this.weight))
    //# starter
    // // TODO(positional): check the shape (throw when T > maxSeqLen), add the first T rows of the table
    // // (nd.slice(W, [0, T]) broadcasts over the batch), record a PositionalEncodingBackward(x, weight).
    // throw todo('positional', 'PositionalEncoding.forward', x, formatShape)
    //# end
  }

  override parameters(): Tensor[] {
    return [this.weight]
  }
}

/** dx = grad; dW[0:T] = grad summed over the batch, later rows 0. */
export class PositionalEncodingBackward extends BackwardFunction {
  readonly name = 'PositionalEncodingBackward'

  constructor(x: Tensor, weight: Tensor) {
    super([x, weight])
  }

  apply(grad: NDArray): (NDArray | null)[] {
    //# solution
    const [x, weight] = this.inputs as [Tensor, Tensor]
    const t = x.shape[x.ndim - 2]!
    const d = weight.shape[1]!
    const used = nd.sumTo(grad, [t, d]) // sums over the batch axes, if any
    const dW = new Float32Array(weight.size)
    dW.set(used.data.subarray(used.offset, used.offset + t * d))
    return [x.requiresGrad ? grad : null, new nd.NDArray(dW, weight.shape)]
    //# starter
    // // TODO(positional): the gradient of x is grad itself; for the table, nd.sumTo(grad, [T, d]) fills the first T rows.
    // throw todo('positional', 'PositionalEncodingBackward.apply', grad)
    //# end
  }
}

/**
 * Fixed sinusoidal positions, [maxSeqLen, embedDim]: for position p and column j, with i = ⌊j/2⌋,
 * angle = p / 10000^(2i / embedDim); even columns hold sin(angle), odd columns cos(angle).
 */
export function createSinusoidalEmbeddings(maxSeqLen: number, embedDim: number): Tensor {
  //# solution
  positiveInt(maxSeqLen, 'createSinusoidalEmbeddings: maxSeqLen')
  positiveInt(embedDim, 'createSinusoidalEmbeddings: embedDim')
  const out = new Float32Array(maxSeqLen * embedDim)
  for (let p = 0; p < maxSeqLen; p++)
    for (let j = 0; j < embedDim; j++) {
      const i = Math.floor(j / 2)
      const angle = p / 10000 ** ((2 * i) / embedDim)
      out[p * embedDim + j] = j % 2 === 0 ? Math.sin(angle) : Math.cos(angle)
    }
  return new Tensor(out, { shape: [maxSeqLen, embedDim] })
  //# starter
  // // TODO(sinusoidal): column j uses the frequency of pair i = ⌊j/2⌋: angle = p / 10000^(2i/embedDim); sin on even j, cos on odd j.
  // throw todo('sinusoidal', 'createSinusoidalEmbeddings', maxSeqLen, embedDim, positiveInt)
  //# end
}
//# starter
//
// /** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
// function todo(task: string, what: string, ..._unused: unknown[]): Error {
//   return new Error(`TODO(${task}): ${what}`)
// }
//# end
