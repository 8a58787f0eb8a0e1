// Systems view of module 08: what the batch size does to memory and to throughput.
import { medianSeconds } from 'tinytorch/harness'
import { Random, estimate } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { DataLoader, TensorDataset } from 'tinytorch/08_dataloader'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  // 1024 MNIST-sized examples and a 784 → 128 layer: the work per example is the same at every batch size.
  const n = 1024
  const rng = new Random(0)
  const x = Tensor.fromND(rng.normal([n, 784]))
  const y = Tensor.fromND(rng.randint(0, 10, [n]))
  const w = Tensor.fromND(rng.normal([784, 128], 0, 0.05))
  const ds = new TensorDataset(x, y)
  const rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[] = []
  const perExample: Record<number, number> = {}
  for (const batchSize of [1, 16, 256]) {
    const loader = new DataLoader(ds, { batchSize, shuffle: true, seed: 1 })
    const seconds = medianSeconds(() => {
      for (const [xb] of loader) xb!.matmul(w)
    }, 3)
    perExample[batchSize] = seconds / n
    const [xb] = [...new DataLoader(ds, { batchSize })][0]!
    rows.push({
      label: `batch of ${batchSize}: input bytes`,
      measured: xb!.data.byteLength,
      estimate: estimate.bytesOfShape([batchSize, 784]),
      unit: 'bytes'
    })
    rows.push({ label: `batch of ${batchSize}: one epoch (load + 784→128 layer)`, measured: seconds, estimate: null, unit: 'seconds' })
  }
  rows.push({
    label: 'batches per epoch at batch size 256',
    measured: new DataLoader(ds, { batchSize: 256 }).length,
    estimate: n / 256,
    unit: 'count'
  })
  return {
    rows,
    note:
      `Per example, batch size 1 took ${(perExample[1]! * 1e6).toFixed(1)} µs and batch size 256 ${(perExample[256]! * 1e6).toFixed(1)} µs: ` +
      'a batch pays the fixed costs (collating, allocating, calling into the matmul) once for many examples and gives the matmul enough rows to keep the arithmetic units busy. ' +
      'The price is memory: inputs, activations and their gradients all grow linearly with the batch size.'
  }
}
