// Systems view of module 07: where the time of a training step goes, and what a checkpoint weighs.
import { medianSeconds } from 'tinytorch/harness'
import { Random, estimate } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { ReLU } from 'tinytorch/02_activations'
import { Linear, Sequential } from 'tinytorch/03_layers'
import { CrossEntropyLoss } from 'tinytorch/04_losses'
import { Adam } from 'tinytorch/06_optimizers'
import { Trainer, makeBatches } from 'tinytorch/07_training'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  const r = new Random(0)
  const n = 256
  const x = Tensor.fromND(r.normal([n, 64]))
  const y = Tensor.fromND(r.randint(0, 10, [n]))
  const batches = makeBatches(x, y, 64)
  const model = new Sequential(new Linear(64, 128, true, 1), new ReLU(), new Linear(128, 10, true, 2))
  const trainer = new Trainer({ model, optimizer: new Adam(model.parameters(), { lr: 1e-3 }), loss: new CrossEntropyLoss() })
  trainer.trainEpoch(batches)
  const tTrain = medianSeconds(() => trainer.trainEpoch(batches), 3)
  const tEval = medianSeconds(() => trainer.evaluate(batches), 3)
  const params = model.parameters().reduce((a, p) => a + p.size, 0)
  const ckptChars = JSON.stringify(trainer.saveCheckpoint()).length
  const flopsPerEpoch = 3 * (estimate.linearFlops(n, 64, 128) + estimate.linearFlops(n, 128, 10))
  return {
    rows: [
      { label: 'parameters', measured: params, estimate: 64 * 128 + 128 + 128 * 10 + 10, unit: 'count' },
      { label: 'checkpoint size as JSON (characters ≈ bytes)', measured: ckptChars, estimate: 3 * params * 12, unit: 'bytes' },
      { label: 'training FLOPs per epoch (≈ 3× forward)', measured: flopsPerEpoch, estimate: flopsPerEpoch, unit: 'FLOP' },
      { label: 'trainEpoch time (256 examples)', measured: tTrain, estimate: null, unit: 'seconds' },
      { label: 'evaluate time (256 examples)', measured: tEval, estimate: tTrain / 3, unit: 'seconds' }
    ],
    note: 'A checkpoint holds weights plus Adam’s m and v: three numbers per parameter. As JSON each float costs ~10–20 characters instead of 4 bytes; real frameworks store raw binary.'
  }
}
