// Systems view of module 03: parameter memory and the FLOPs of a Linear layer.
import { medianSeconds } from 'tinytorch/harness'
import { Random, estimate } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Linear } from 'tinytorch/03_layers'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  const batch = 64
  const inF = 784
  const outF = 256
  const layer = new Linear(inF, outF, true, 0)
  const params = layer.parameters()
  const count = params.reduce((n, p) => n + p.size, 0)
  const bytes = params.reduce((n, p) => n + p.data.byteLength, 0)
  const x = Tensor.fromND(new Random(1).normal([batch, inF]))
  const y = layer.forward(x)
  const flops = 2 * batch * inF * y.shape[1]! + (layer.bias ? y.size : 0)
  const t = medianSeconds(() => layer.forward(x), 5)
  return {
    rows: [
      { label: 'parameters of Linear(784, 256)', measured: count, estimate: inF * outF + outF, unit: 'count' },
      { label: 'parameter bytes', measured: bytes, estimate: estimate.bytesOfShape([inF * outF + outF]), unit: 'bytes' },
      {
        label: 'output bytes for a batch of 64',
        measured: y.data.byteLength,
        estimate: estimate.bytesOfShape([batch, outF]),
        unit: 'bytes'
      },
      { label: 'FLOPs of one forward pass (batch 64)', measured: flops, estimate: estimate.linearFlops(batch, inF, outF), unit: 'FLOP' },
      { label: 'forward time (batch 64)', measured: t, estimate: null, unit: 'seconds' }
    ],
    note: `forward ran at ${(flops / Math.max(t, 1e-9) / 1e9).toFixed(2)} GFLOP/s. The weights (${(bytes / 1024).toFixed(0)} KiB) are read once per batch, so larger batches reuse them more.`
  }
}
