// Module 13: Transformers — layer normalisation, the feed-forward block, the pre-norm transformer block,
// and a small GPT that predicts the next token and writes text.
//
// Shapes: tokens [B, T] (integer ids), hidden states [B, T, D]. A causal mask lets position t read
// positions 0..t only (1 = attend, 0 = block, as in module 12), so the model cannot peek at the token it is
// asked to predict. Pre-norm block: x + attention(LN(x)), then x + MLP(LN(x)).
import { nd, Random, type NDArray } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { GELU } from 'tinytorch/02_activations'
import { Layer, type Linear } from 'tinytorch/03_layers'
import { BackwardFunction, noGrad, record } from 'tinytorch/05_autograd'
import { Embedding, PositionalEncoding } from 'tinytorch/11_embeddings'
import { MultiHeadAttention } from 'tinytorch/12_attention'

function formatShape(shape: readonly number[]): string {
  return `[${shape.join(', ')}]`
}

/** [1, n, n]: ones on and below the diagonal (position i may attend to j ≤ i), zeros above. */
export function createCausalMask(seqLen: number): Tensor {
  // TODO(causal_mask): a [1, n, n] tensor with 1 where column j ≤ row i, else 0.
  throw todo('causal_mask', 'createCausalMask', seqLen)
}

// ------------------------------------------------------------ layer normalisation

/**
 * Normalises over the last dimensions (normalizedShape): y = γ·(x − μ)/√(σ² + eps) + β, μ and σ² (biased)
 * computed separately for every vector. Unlike batch norm, nothing depends on the other examples of the
 * batch, and training and evaluation behave the same.
 */
export class LayerNorm extends Layer {
  readonly normalizedShape: number[]
  /** γ, ones of normalizedShape. */
  weight: Tensor
  /** β, zeros of normalizedShape. */
  bias: Tensor

  constructor(
    normalizedShape: number | number[],
    readonly eps = 1e-5
  ) {
    super()
    this.normalizedShape = typeof normalizedShape === 'number' ? [normalizedShape] : [...normalizedShape]
    if (this.normalizedShape.length === 0 || !this.normalizedShape.every((d) => Number.isInteger(d) && d > 0)) {
      throw new Error(`LayerNorm: normalizedShape must be positive integers, got ${formatShape(this.normalizedShape)}`)
    }
    const size = this.normalizedShape.reduce((a, b) => a * b, 1)
    this.weight = new Tensor(new Float32Array(size).fill(1), { shape: this.normalizedShape, requiresGrad: true })
    this.bias = new Tensor(new Float32Array(size), { shape: this.normalizedShape, requiresGrad: true })
  }

  forward(x: Tensor): Tensor {
    // TODO(layernorm): check that x ends in normalizedShape; for each of the x.size / D vectors, μ, σ² (biased),
    // x̂ = (x − μ)/√(σ² + eps), y = γ·x̂ + β. Record a LayerNormBackward(x, weight, bias, x̂, 1/√(σ² + eps) per vector).
    throw todo('layernorm', 'LayerNorm.forward', x, record)
  }

  override parameters(): Tensor[] {
    return [this.weight, this.bias]
  }
}

export class LayerNormBackward extends BackwardFunction {
  readonly name = 'LayerNormBackward'

  constructor(
    x: Tensor,
    weight: Tensor,
    bias: Tensor,
    /** x̂ of the forward pass, x's shape. */
    readonly xhat: Float32Array,
    /** 1/√(σ² + eps), one per normalised vector. */
    readonly invStd: Float32Array
  ) {
    super([x, weight, bias])
  }

  apply(grad: NDArray): (NDArray | null)[] {
    // TODO(layernorm): per vector, with ĝ = g·γ: dx = (1/σ)·(ĝ − mean(ĝ) − x̂·mean(ĝ·x̂)); over all vectors,
    // dγ = Σ g·x̂ and dβ = Σ g (shapes of γ and β).
    throw todo('layernorm', 'LayerNormBackward.apply', grad)
  }
}

// ------------------------------------------------------------ the blocks

/** Position-wise feed-forward block: Linear(D, hidden) → GELU → Linear(hidden, D). */
export class MLP extends Layer {
  readonly fc1: Linear
  readonly gelu = new GELU()
  readonly fc2: Linear

  constructor(
    readonly embedDim: number,
    readonly hiddenDim = 4 * embedDim,
    seed?: number
  ) {
    super()
    const s = (k: number): number | undefined => (seed === undefined ? undefined : seed + k)
    // TODO(mlp): fc1 = Linear(embedDim, hiddenDim) and fc2 = Linear(hiddenDim, embedDim), seeds s(0) and s(1).
    throw todo('mlp', 'MLP layers', s)
  }

  forward(x: Tensor): Tensor {
    // TODO(mlp)
    throw todo('mlp', 'MLP.forward', x)
  }

  override parameters(): Tensor[] {
    return [...this.fc1.parameters(), ...this.fc2.parameters()]
  }
}

export interface TransformerBlockOptions {
  /** Hidden size of the MLP as a multiple of embedDim (default 4). */
  mlpRatio?: number
  seed?: number
}

/** Pre-norm block: h = x + attn(LN₁(x), mask); out = h + MLP(LN₂(h)). */
export class TransformerBlock extends Layer {
  readonly ln1: LayerNorm
  readonly attention: MultiHeadAttention
  readonly ln2: LayerNorm
  readonly mlp: MLP

  constructor(
    readonly embedDim: number,
    readonly numHeads: number,
    { mlpRatio = 4, seed }: TransformerBlockOptions = {}
  ) {
    super()
    const s = (k: number): number | undefined => (seed === undefined ? undefined : seed + k)
    this.ln1 = new LayerNorm(embedDim)
    this.attention = new MultiHeadAttention(embedDim, numHeads, s(0))
    this.ln2 = new LayerNorm(embedDim)
    this.mlp = new MLP(embedDim, Math.round(mlpRatio * embedDim), s(10))
  }

  forward(x: Tensor, mask?: Tensor): Tensor {
    // TODO(block): two residual branches, each normalising its input first (pre-norm).
    throw todo('block', 'TransformerBlock.forward', x, mask)
  }

  override parameters(): Tensor[] {
    return [...this.ln1.parameters(), ...this.attention.parameters(), ...this.ln2.parameters(), ...this.mlp.parameters()]
  }
}

// ------------------------------------------------------------ GPT

export interface GPTConfig {
  vocabSize: number
  embedDim: number
  numLayers: number
  numHeads: number
  maxSeqLen: number
  mlpRatio?: number
  /** Seed of the initialisation; without it the runtime's default generator (nd.seed) is used. */
  seed?: number
}

export interface GenerateOptions {
  maxNewTokens: number
  /** Divides the logits before sampling: below 1 sharper, above 1 more random; 0 always takes the most likely token. */
  temperature?: number
  /** Seed of the sampling generator; without it the runtime's default generator is used. */
  seed?: number
}

/** A decoder-only transformer: token + learned position embeddings, numLayers blocks, a final LayerNorm and a vocabulary head. */
export class GPT extends Layer {
  readonly config: GPTConfig
  readonly tokenEmbedding: Embedding
  readonly positionEmbedding: PositionalEncoding
  readonly blocks: TransformerBlock[]
  readonly lnFinal: LayerNorm
  readonly head: Linear

  constructor(config: GPTConfig) {
    super()
    const { vocabSize, embedDim, numLayers, numHeads, maxSeqLen, mlpRatio = 4, seed } = config
    if (!Number.isInteger(numLayers) || numLayers < 0) throw new Error(`GPT: numLayers must be a non-negative integer, got ${numLayers}`)
    this.config = { ...config }
    const s = (k: number): number | undefined => (seed === undefined ? undefined : seed + 100 * k)
    // TODO(gpt): tokenEmbedding = Embedding(vocabSize, embedDim), positionEmbedding = PositionalEncoding(maxSeqLen, embedDim),
    // numLayers TransformerBlocks, lnFinal = LayerNorm(embedDim), head = Linear(embedDim, vocabSize); seeds from s(k).
    throw todo('gpt', 'GPT layers', vocabSize, embedDim, numHeads, maxSeqLen, mlpRatio, s, Embedding, PositionalEncoding)
  }

  /** tokens: [B, T] (or [T]) ids with T ≤ maxSeqLen → logits [B, T, vocabSize] (or [T, vocabSize]). */
  forward(tokens: Tensor): Tensor {
    // TODO(gpt): embed the tokens, add positions, run every block with createCausalMask(T), then lnFinal and head.
    // Throw when T > maxSeqLen; accept [T] by adding (and removing) a batch axis.
    throw todo('gpt', 'GPT.forward', tokens, createCausalMask)
  }

  /**
   * Appends maxNewTokens sampled tokens to the prompt (token ids) and returns prompt + new tokens. Each step
   * feeds the last maxSeqLen tokens, takes the logits of the last position, divides them by the temperature
   * and samples from their softmax (temperature 0: the most likely token). Runs without recording gradients.
   */
  generate(prompt: readonly number[], { maxNewTokens, temperature = 1, seed }: GenerateOptions): number[] {
    // TODO(generate): inside noGrad, repeat maxNewTokens times: forward the last maxSeqLen tokens, take the last row of
    // logits, then argmax (temperature 0) or sample from nd.softmax(logits / temperature) with u = rng.random()
    // (the first j whose cumulative probability exceeds u). Append the token; return prompt + new tokens.
    throw todo('generate', 'GPT.generate', prompt, maxNewTokens, temperature, seed, noGrad, nd, Random)
  }

  override parameters(): Tensor[] {
    return [
      ...this.tokenEmbedding.parameters(),
      ...this.positionEmbedding.parameters(),
      ...this.blocks.flatMap((b) => b.parameters()),
      ...this.lnFinal.parameters(),
      ...this.head.parameters()
    ]
  }

  override train(): this {
    super.train()
    for (const b of this.blocks) b.train()
    return this
  }

  override eval(): this {
    super.eval()
    for (const b of this.blocks) b.eval()
    return this
  }
}

/** Marks unfinished work; the extra arguments only keep the type checker from flagging unused parameters. */
function todo(task: string, what: string, ..._unused: unknown[]): Error {
  return new Error(`TODO(${task}): ${what}`)
}
