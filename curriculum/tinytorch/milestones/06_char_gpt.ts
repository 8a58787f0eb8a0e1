// Milestone 5b (2017): a character-level GPT — your tokenizer, embeddings, attention and transformer
// blocks — learns a small question–answer corpus and writes text as it trains.
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { CrossEntropyLoss } from 'tinytorch/04_losses'
import { enableAutograd } from 'tinytorch/05_autograd'
import { Adam } from 'tinytorch/06_optimizers'
import { CharTokenizer } from 'tinytorch/10_tokenization'
import { GPT } from 'tinytorch/13_transformers'
import { QA_CORPUS } from './lib/qa'
import type { Progress } from './lib/train'

const STEPS = 250
const BATCH = 8
const CONTEXT = 48
const GOAL = 1.5
const SAMPLE_EVERY = 50

export default async function run(
  report: (p: Progress) => void
): Promise<{ achieved: boolean; summary: string; metrics: Record<string, number> }> {
  enableAutograd()
  const started = performance.now()
  const tokenizer = new CharTokenizer().buildVocab([QA_CORPUS])
  const ids = tokenizer.encode(QA_CORPUS)
  const gpt = new GPT({ vocabSize: tokenizer.vocabSize, embedDim: 48, numLayers: 2, numHeads: 4, maxSeqLen: CONTEXT, seed: 2017 })
  const optimizer = new Adam(gpt.parameters(), { lr: 3e-3 })
  const ce = new CrossEntropyLoss()
  const rng = new Random(5)
  const prompt = tokenizer.encode('Q: What')
  let smoothed = Number.NaN
  let sample = ''
  for (let step = 1; step <= STEPS; step++) {
    // Random windows of the corpus; the target is the same window shifted by one character.
    const x = new Float32Array(BATCH * CONTEXT)
    const y = new Float32Array(BATCH * CONTEXT)
    for (let b = 0; b < BATCH; b++) {
      const start = rng.randint(0, ids.length - CONTEXT - 1)
      for (let t = 0; t < CONTEXT; t++) {
        x[b * CONTEXT + t] = ids[start + t]!
        y[b * CONTEXT + t] = ids[start + t + 1]!
      }
    }
    optimizer.zeroGrad()
    const logits = gpt.forward(new Tensor(x, { shape: [BATCH, CONTEXT] }))
    const loss = ce.forward(logits.reshape(BATCH * CONTEXT, tokenizer.vocabSize), new Tensor(y))
    loss.backward()
    optimizer.step()
    smoothed = Number.isNaN(smoothed) ? loss.item() : 0.9 * smoothed + 0.1 * loss.item()
    if (step % SAMPLE_EVERY === 0) {
      sample = tokenizer.decode(gpt.generate(prompt, { maxNewTokens: 60, temperature: 0.8, seed: step }))
      report({ step, total: STEPS, metrics: { loss: smoothed }, message: `step ${step}, loss ${smoothed.toFixed(2)}:\n${sample}` })
      await Promise.resolve()
    } else if (step % 10 === 0) {
      report({ step, total: STEPS, metrics: { loss: smoothed }, message: `step ${step}` })
      await Promise.resolve()
    }
  }
  const seconds = (performance.now() - started) / 1000
  const params = gpt.parameters().reduce((n, p) => n + p.size, 0)
  return {
    achieved: smoothed < GOAL,
    summary:
      `A ${params}-parameter character GPT (vocabulary of ${tokenizer.vocabSize}) reached a training loss of ${smoothed.toFixed(2)} nats per character ` +
      `(goal: below ${GOAL}) in ${STEPS} steps and ${seconds.toFixed(1)} s. It now writes: ${JSON.stringify(sample)}`,
    metrics: { finalLoss: smoothed, steps: STEPS, parameters: params, vocabSize: tokenizer.vocabSize, wallSeconds: seconds }
  }
}
