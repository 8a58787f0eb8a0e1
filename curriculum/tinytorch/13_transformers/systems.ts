// Systems view of module 13: where a small GPT's parameters, FLOPs and activation memory go.
import { medianSeconds } from 'tinytorch/harness'
import { Random, estimate } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { CrossEntropyLoss } from 'tinytorch/04_losses'
import { enableAutograd, noGrad } from 'tinytorch/05_autograd'
import { GPT } from 'tinytorch/13_transformers'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  enableAutograd()
  const cfg = { vocabSize: 64, embedDim: 64, numLayers: 2, numHeads: 4, maxSeqLen: 64, seed: 0 }
  const [B, T] = [8, 64]
  const D = cfg.embedDim
  const gpt = new GPT(cfg)
  const count = (ps: Tensor[]): number => ps.reduce((n, p) => n + p.size, 0)
  const blockParams = count(gpt.blocks.flatMap((b) => b.parameters()))
  const embedParams = count([...gpt.tokenEmbedding.parameters(), ...gpt.positionEmbedding.parameters()])
  const tokens = Tensor.fromND(new Random(1).randint(0, cfg.vocabSize, [B, T]))
  const targets = Tensor.fromND(new Random(2).randint(0, cfg.vocabSize, [B * T]))
  const ce = new CrossEntropyLoss()
  const forward = medianSeconds(() => noGrad(() => gpt.forward(tokens)), 3)
  const step = medianSeconds(() => {
    for (const p of gpt.parameters()) p.grad = null
    ce.forward(gpt.forward(tokens).reshape(B * T, cfg.vocabSize), targets).backward()
  }, 3)
  // Per layer: projections 8·B·T·D², MLP 16·B·T·D², attention 4·B·T²·D; plus the head 2·B·T·D·V.
  const flops = cfg.numLayers * (24 * B * T * D * D + 4 * B * T * T * D) + 2 * B * T * D * cfg.vocabSize
  return {
    rows: [
      { label: 'parameters in the blocks', measured: blockParams, estimate: cfg.numLayers * 12 * D * D, unit: 'count' },
      { label: 'parameters in the embeddings', measured: embedParams, estimate: (cfg.vocabSize + cfg.maxSeqLen) * D, unit: 'count' },
      { label: 'forward FLOPs for 8 × 64 tokens', measured: flops, estimate: 2 * B * T * count(gpt.parameters()), unit: 'FLOP' },
      {
        label: 'attention weights kept for backward',
        measured: estimate.bytesOfShape([cfg.numLayers, B, cfg.numHeads, T, T]),
        estimate: null,
        unit: 'bytes'
      },
      { label: 'forward time (no grad)', measured: forward, estimate: null, unit: 'seconds' },
      { label: 'training step time (forward + backward)', measured: step, estimate: 3 * forward, unit: 'seconds' }
    ],
    note:
      `Each block holds about 12·D² parameters (4D² in attention, 8D² in the MLP): ${blockParams} here. ` +
      'The estimate 2 × parameters × tokens counts FLOPs for the matmuls of the parameters only; the T² attention terms come on top and grow with the context. ' +
      `This step ran at ${((3 * flops) / Math.max(step, 1e-9) / 1e9).toFixed(2)} GFLOP/s; at this size much of the time goes to the many small element-wise operations and their temporary arrays, not the matmuls.`
  }
}
