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
import type { Tensor } from 'tinytorch/01_tensor'
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
  // TODO(masking): broadcast the mask to scoresShape (drop extra leading 1-axes first; throw naming both shapes if it
  // does not fit), throw for values other than 0/1 and for a query row with no 1, then map 1 → 0 and 0 → MASKED_SCORE.
  throw todo('masking', 'maskBias', mask, scoresShape, nd, formatShape)
}

/** softmax(Q Kᵀ / √d + maskBias) V, for [T, d] inputs or batched [..., T, d] ones. */
export function scaledDotProductAttention(Q: Tensor, K: Tensor, V: Tensor, mask?: Tensor): AttentionResult {
  // TODO(sdpa): check the shapes (same d for Q and K, same number of keys for K and V); scores = Q @ Kᵀ (K.transpose(-2, -1))
  // times 1/√d; add maskBias(mask, scores.shape) when there is a mask; weights = new Softmax(-1).forward(scores);
  // output = weights @ V.
  throw todo('sdpa', 'scaledDotProductAttention', Q, K, V, mask, Softmax)
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
    // TODO(mha): throw when embedDim is not divisible by numHeads.
    this.headDim = embedDim / numHeads
    const s = (k: number): number | undefined => (seed === undefined ? undefined : seed + k)
    this.qProj = new Linear(embedDim, embedDim, true, s(0))
    this.kProj = new Linear(embedDim, embedDim, true, s(1))
    this.vProj = new Linear(embedDim, embedDim, true, s(2))
    this.outProj = new Linear(embedDim, embedDim, true, s(3))
  }

  /** x: [B, T, embedDim] (or [T, embedDim]); mask broadcastable to [B, numHeads, T, T]. Returns x's shape. */
  forward(x: Tensor, mask?: Tensor): Tensor {
    // TODO(mha): project x with qProj, kProj, vProj; reshape each to [B, T, H, dh] and transpose(1, 2) to [B, H, T, dh];
    // run scaledDotProductAttention (keep weights in lastWeights); transpose back, reshape to [B, T, D], apply outProj.
    // Accept [T, D] inputs by adding (and removing) a batch axis of 1.
    throw todo('mha', 'MultiHeadAttention.forward', x, mask)
  }

  override parameters(): Tensor[] {
    return [this.qProj, this.kProj, this.vProj, this.outProj].flatMap((l) => l.parameters())
  }
}

/** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
function todo(task: string, what: string, ..._unused: unknown[]): Error {
  return new Error(`TODO(${task}): ${what}`)
}
