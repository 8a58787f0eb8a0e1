// Module 12: Attention — every position reads from every other position, weighted by relevance.
//
// Shapes: queries Q [..., Tq, d], keys K [..., Tk, d], values V [..., Tk, dv]; the leading axes (batch,
// heads) broadcast. scores = Q Kᵀ / √d is [..., Tq, Tk]; row i says how well query i matches every key.
// A mask of ones and zeros, broadcastable to the scores, says what may be read: 1 = attend, 0 = block
// (the one convention of this course). Blocked scores are pushed to −1e9 before the softmax, so their
// weights are exactly 0. weights = softmax(scores) along the keys; output = weights V.
//
// Everything is built from Tensor operations that module 05 records (matmul, transpose, mul, add,
// Softmax, reshape), so gradients need no new backward code.
import { nd } from 'tinytorch/runtime'
//# solution
import { Tensor } from 'tinytorch/01_tensor'
//# starter
// import type { Tensor } from 'tinytorch/01_tensor'
//# end
import { Softmax } from 'tinytorch/02_activations'
import { Layer, Linear } from 'tinytorch/03_layers'

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** What a blocked score becomes: far below any real score, yet finite (exp of it is exactly 0). */
export const MASKED_SCORE = -1e9

export interface AttentionResult {
  /** weights V: [..., Tq, dv]. */
  output: Tensor
  /** softmax of the (masked) scores: [..., Tq, Tk]; every row sums to 1. */
  weights: Tensor
}

/**
 * Turns a mask (1 = attend, 0 = block) into an additive bias for scores of shape `scoresShape`: 0 where
 * the mask is 1, MASKED_SCORE where it is 0. Throws when the mask does not broadcast to the scores, holds
 * anything but 0 and 1, or blocks every key of some query (its softmax would have nothing to attend to).
 */
export function maskBias(mask: Tensor, scoresShape: readonly number[]): Tensor {
  //# solution
  let m = mask.toND()
  // A mask with extra leading axes of length 1 (e.g. [1, T, T] for unbatched [T, T] scores) drops them.
  while (m.ndim > scoresShape.length && m.shape[0] === 1) m = m.reshape(m.shape.slice(1))
  let full: ReturnType<typeof nd.broadcastTo>
  try {
    full = nd.broadcastTo(m, scoresShape)
  } catch {
    throw new Error(`mask of shape ${formatShape(mask.shape)} does not broadcast to the attention scores ${formatShape(scoresShape)}`)
  }
  for (let i = 0; i < mask.size; i++) {
    const v = mask.data[i]!
    if (v !== 0 && v !== 1) throw new Error(`mask values must be 1 (attend) or 0 (block), got ${v} at flat position ${i}`)
  }
  const values = full.toFloat32Array()
  const tk = scoresShape[scoresShape.length - 1]!
  for (let r = 0; r < values.length; r += tk) {
    let open = false
    for (let j = 0; j < tk; j++) if (values[r + j] === 1) open = true
    if (!open) throw new Error(`the mask blocks every key for query row ${r / tk} (flat): each query must be allowed to attend somewhere`)
  }
  for (let i = 0; i < values.length; i++) values[i] = values[i] === 1 ? 0 : MASKED_SCORE
  return new Tensor(values, { shape: [...scoresShape] })
  //# starter
  // // TODO(masking): broadcast the mask to scoresShape (drop extra leading 1-axes first; throw naming both shapes if it
  // // does not fit), throw for values other than 0/1 and for a query row with no 1, then map 1 → 0 and 0 → MASKED_SCORE.
  // throw todo('masking', 'maskBias', mask, scoresShape, nd, formatShape)
  //# end
}

/** softmax(Q Kᵀ / √d + maskBias) V, for [T, d] inputs or batched [..., T, d] ones. */
export function scaledDotProductAttention(Q: Tensor, K: Tensor, V: Tensor, mask?: Tensor): AttentionResult {
  //# solution
  if (Q.ndim < 2 || K.ndim < 2 || V.ndim < 2) {
    throw new Error(
      `attention needs Q, K, V with at least 2 dimensions [..., T, d], got ${formatShape(Q.shape)}, ${formatShape(K.shape)}, ${formatShape(V.shape)}`
    )
  }
  const d = Q.shape[Q.ndim - 1]!
  if (K.shape[K.ndim - 1] !== d)
    throw new Error(`Q ${formatShape(Q.shape)} and K ${formatShape(K.shape)} must have the same last dimension d`)
  if (K.shape[K.ndim - 2] !== V.shape[V.ndim - 2]) {
    throw new Error(`K ${formatShape(K.shape)} and V ${formatShape(V.shape)} must have the same number of keys (second-to-last dimension)`)
  }
  let scores = Q.matmul(K.transpose(-2, -1)).mul(1 / Math.sqrt(d))
  if (mask) scores = scores.add(maskBias(mask, scores.shape))
  const weights = new Softmax(-1).forward(scores)
  return { output: weights.matmul(V), weights }
  //# starter
  // // TODO(sdpa): check the shapes (same d for Q and K, same number of keys for K and V); scores = Q @ Kᵀ (K.transpose(-2, -1))
  // // times 1/√d; add maskBias(mask, scores.shape) when there is a mask; weights = new Softmax(-1).forward(scores);
  // // output = weights @ V.
  // throw todo('sdpa', 'scaledDotProductAttention', Q, K, V, mask, Softmax)
  //# end
}

/**
 * Multi-head self-attention: four Linear(embedDim, embedDim) projections (query, key, value, output; 8
 * parameter tensors). The projected vectors are split into numHeads heads of headDim = embedDim / numHeads
 * values, each head attends on its own, and the heads are concatenated and projected back.
 */
export class MultiHeadAttention extends Layer {
  readonly headDim: number
  readonly qProj: Linear
  readonly kProj: Linear
  readonly vProj: Linear
  readonly outProj: Linear
  /** The attention weights of the last forward pass, [B, numHeads, T, T] (for inspection). */
  lastWeights: Tensor | null = null

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    seed?: number
  ) {
    super()
    if (!Number.isInteger(embedDim) || embedDim <= 0 || !Number.isInteger(numHeads) || numHeads <= 0) {
      throw new Error(`MultiHeadAttention: embedDim and numHeads must be positive integers, got ${embedDim} and ${numHeads}`)
    }
    //# solution
    if (embedDim % numHeads !== 0) throw new Error(`MultiHeadAttention: embedDim ${embedDim} is not divisible by numHeads ${numHeads}`)
    //# starter
    // // TODO(mha): throw when embedDim is not divisible by numHeads.
    //# end
    this.headDim = embedDim / numHeads
    const s = (k: number): number | undefined => (seed === undefined ? undefined : seed + k)
    this.qProj = new Linear(embedDim, embedDim, true, s(0))
    this.kProj = new Linear(embedDim, embedDim, true, s(1))
    this.vProj = new Linear(embedDim, embedDim, true, s(2))
    this.outProj = new Linear(embedDim, embedDim, true, s(3))
  }

  /** x: [B, T, embedDim] (or [T, embedDim]); mask broadcastable to [B, numHeads, T, T]. Returns x's shape. */
  forward(x: Tensor, mask?: Tensor): Tensor {
    //# solution
    const unbatched = x.ndim === 2
    const xb = unbatched ? x.reshape(1, ...x.shape) : x
    if (xb.ndim !== 3 || xb.shape[2] !== this.embedDim) {
      throw new Error(
        `MultiHeadAttention(${this.embedDim}, ${this.numHeads}) expects [B, T, ${this.embedDim}] or [T, ${this.embedDim}], got ${formatShape(x.shape)}`
      )
    }
    const [b, t] = xb.shape as [number, number, number]
    // [B, T, D] → [B, T, H, dh] → [B, H, T, dh]: each head sees its own slice of every vector.
    const heads = (y: Tensor): Tensor => y.reshape(b, t, this.numHeads, this.headDim).transpose(1, 2)
    const q = heads(this.qProj.forward(xb))
    const k = heads(this.kProj.forward(xb))
    const v = heads(this.vProj.forward(xb))
    const { output, weights } = scaledDotProductAttention(q, k, v, mask)
    this.lastWeights = weights
    const merged = output.transpose(1, 2).reshape(b, t, this.embedDim)
    const y = this.outProj.forward(merged)
    return unbatched ? y.reshape(t, this.embedDim) : y
    //# starter
    // // TODO(mha): project x with qProj, kProj, vProj; reshape each to [B, T, H, dh] and transpose(1, 2) to [B, H, T, dh];
    // // run scaledDotProductAttention (keep weights in lastWeights); transpose back, reshape to [B, T, D], apply outProj.
    // // Accept [T, D] inputs by adding (and removing) a batch axis of 1.
    // throw todo('mha', 'MultiHeadAttention.forward', x, mask)
    //# end
  }

  override parameters(): Tensor[] {
    return [this.qProj, this.kProj, this.vProj, this.outProj].flatMap((l) => l.parameters())
  }
}
//# starter
//
// /** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
// function todo(task: string, what: string, ..._unused: unknown[]): Error {
//   return new Error(`TODO(${task}): ${what}`)
// }
//# end
