// Milestone 5a (2017): Vaswani et al., "Attention Is All You Need". Reversing a sequence needs every
// output position to fetch the token from the mirrored input position — a content-independent routing
// that attention learns from positions alone, and that no position-wise network can do.
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Layer, Linear } from 'tinytorch/03_layers'
import { CrossEntropyLoss } from 'tinytorch/04_losses'
import { enableAutograd, noGrad } from 'tinytorch/05_autograd'
import { Adam } from 'tinytorch/06_optimizers'
import { CosineSchedule } from 'tinytorch/07_training'
import { Embedding, createSinusoidalEmbeddings } from 'tinytorch/11_embeddings'
import { LayerNorm, TransformerBlock } from 'tinytorch/13_transformers'
import type { Progress } from './lib/train'

const LENGTH = 8
const VOCAB = 10 // digits 0–9
const STEPS = 400
const BATCH = 32
const GOAL = 0.95

/** An encoder: every position attends to every position (no causal mask). */
class Reverser extends Layer {
  readonly embed = new Embedding(VOCAB, 32, 1)
  /** Fixed sinusoidal positions (module 11): a strong, untrained signal of where each token is. */
  readonly positions = createSinusoidalEmbeddings(LENGTH, 32)
  readonly blocks = [new TransformerBlock(32, 4, { seed: 3 }), new TransformerBlock(32, 4, { seed: 30 })]
  readonly norm = new LayerNorm(32)
  readonly head = new Linear(32, VOCAB, true, 4)

  forward(tokens: Tensor): Tensor {
    let h = this.embed.forward(tokens).add(this.positions)
    for (const b of this.blocks) h = b.forward(h)
    return this.head.forward(this.norm.forward(h))
  }

  override parameters(): Tensor[] {
    return [this.embed, ...this.blocks, this.norm, this.head].flatMap((l) => l.parameters())
  }
}

function batchOf(rng: Random, n: number): { x: Tensor; y: Tensor } {
  const x = new Float32Array(n * LENGTH)
  const y = new Float32Array(n * LENGTH)
  for (let i = 0; i < n; i++)
    for (let t = 0; t < LENGTH; t++) {
      const v = rng.randint(0, VOCAB)
      x[i * LENGTH + t] = v
      y[i * LENGTH + (LENGTH - 1 - t)] = v
    }
  return { x: new Tensor(x, { shape: [n, LENGTH] }), y: new Tensor(y, { shape: [n * LENGTH] }) }
}

/** Fraction of sequences whose every position is predicted right, and fraction of positions right. */
function scores(model: Reverser, x: Tensor, y: Tensor): { sequences: number; tokens: number } {
  const logits = noGrad(() => model.forward(x))
  const n = x.shape[0]!
  let seqOk = 0
  let tokOk = 0
  for (let i = 0; i < n; i++) {
    let all = true
    for (let t = 0; t < LENGTH; t++) {
      const row = (i * LENGTH + t) * VOCAB
      let best = 0
      for (let v = 1; v < VOCAB; v++) if (logits.data[row + v]! > logits.data[row + best]!) best = v
      if (best === y.data[i * LENGTH + t]) tokOk++
      else all = false
    }
    if (all) seqOk++
  }
  return { sequences: seqOk / n, tokens: tokOk / (n * LENGTH) }
}

export default async function run(
  report: (p: Progress) => void
): Promise<{ achieved: boolean; summary: string; metrics: Record<string, number> }> {
  enableAutograd()
  const started = performance.now()
  const rng = new Random(2017)
  const test = batchOf(new Random(7), 500)
  const model = new Reverser()
  const optimizer = new Adam(model.parameters(), { lr: 3e-3 })
  // Large steps early, small ones at the end: the exact-sequence score needs every position right at once.
  const schedule = new CosineSchedule({ maxLr: 3e-3, minLr: 1e-4, totalEpochs: STEPS })
  const ce = new CrossEntropyLoss()
  let loss = Number.NaN
  for (let step = 1; step <= STEPS; step++) {
    const { x, y } = batchOf(rng, BATCH)
    optimizer.lr = schedule.getLr(step - 1)
    optimizer.zeroGrad()
    const l = ce.forward(model.forward(x).reshape(BATCH * LENGTH, VOCAB), y)
    l.backward()
    optimizer.step()
    loss = l.item()
    if (step % 20 === 0) {
      const s = step % 100 === 0 ? scores(model, test.x, test.y) : null
      report({
        step,
        total: STEPS,
        metrics: s ? { loss, sequenceAccuracy: s.sequences, tokenAccuracy: s.tokens } : { loss },
        message: s ? `step ${step}: ${(100 * s.sequences).toFixed(1)}% of held-out sequences reversed exactly` : `step ${step}`
      })
      await Promise.resolve()
    }
  }
  const final = scores(model, test.x, test.y)
  const seconds = (performance.now() - started) / 1000
  const example = Array.from(test.x.data.slice(0, LENGTH))
  const predicted = noGrad(() => model.forward(new Tensor([example])))
  const reversed = Array.from({ length: LENGTH }, (_, t) => {
    let best = 0
    for (let v = 1; v < VOCAB; v++) if (predicted.data[t * VOCAB + v]! > predicted.data[t * VOCAB + best]!) best = v
    return best
  })
  return {
    achieved: final.sequences >= GOAL,
    summary:
      `A 2-block transformer reversed ${(100 * final.sequences).toFixed(1)}% of 500 unseen sequences of ${LENGTH} digits exactly ` +
      `(goal: ${100 * GOAL}%; ${example.join('')} → ${reversed.join('')}) after ${STEPS} steps in ${seconds.toFixed(1)} s.`,
    metrics: { sequenceAccuracy: final.sequences, tokenAccuracy: final.tokens, finalLoss: loss, steps: STEPS, wallSeconds: seconds }
  }
}
