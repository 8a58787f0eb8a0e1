// Systems view of module 01: what a Tensor costs in memory and time, measured on your code.
import { medianSeconds } from 'tinytorch/harness'
import { Random, estimate, kernelBackend } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  const rng = new Random(0)
  const n = 128
  const a = Tensor.fromND(rng.normal([n, n]))
  const b = Tensor.fromND(rng.normal([n, n]))
  const big = new Tensor(new Float32Array(256 * 256), { shape: [256, 256] })

  const sum = a.add(b)
  const product = a.matmul(b)
  const k = a.shape[1]!
  const matmulTime = medianSeconds(() => a.matmul(b), 5)
  const addTime = medianSeconds(() => a.add(b), 5)
  const flops = 2 * product.size * k
  const ref = estimate.referenceMachine

  return {
    rows: [
      {
        label: 'bytes held by a 256×256 tensor',
        measured: big.data.byteLength,
        estimate: estimate.bytesOfShape([256, 256]),
        unit: 'bytes'
      },
      {
        label: 'bytes allocated by a.add(b), 128×128',
        measured: sum.data.byteLength,
        estimate: estimate.bytesOfShape([n, n]),
        unit: 'bytes'
      },
      { label: 'FLOPs of a 128×128 @ 128×128 matmul', measured: flops, estimate: estimate.matmulFlops(n, n, n), unit: 'FLOP' },
      { label: 'time of a.matmul(b), 128×128', measured: matmulTime, estimate: null, unit: 'seconds' },
      { label: 'time of a.add(b), 128×128', measured: addTime, estimate: null, unit: 'seconds' },
      {
        label: 'reference machine: 512² matmul time in nd (npm run bench:tensor)',
        measured: estimate.matmulFlops(512, 512, 512) / Math.max(ref.ndMatmulGflops512 * 1e9, 1),
        estimate: estimate.matmulFlops(512, 512, 512) / Math.max(ref.peakGflopsPerCore * 1e9, 1),
        unit: 'seconds'
      },
      {
        label: 'reference machine: 512² matmul time in ONNX Runtime, 1 thread',
        measured: estimate.matmulFlops(512, 512, 512) / Math.max(ref.ortMatmulGflops512 * 1e9, 1),
        estimate: null,
        unit: 'seconds'
      }
    ],
    note:
      `matmul ran at ${(flops / Math.max(matmulTime, 1e-9) / 1e9).toFixed(2)} GFLOP/s; add moved ` +
      `${((3 * n * n * 4) / Math.max(addTime, 1e-9) / 1e9).toFixed(2)} GB/s (2 reads + 1 write per element). ` +
      'matmul does n FLOPs per value it reads, add does one: that is why one is compute-bound and the other memory-bound. ' +
      `Your matmul used the ${kernelBackend() === 'wasm-simd' ? 'WebAssembly SIMD' : 'JavaScript'} kernel of nd. On the reference machine (${ref.date}), 512² ran at ` +
      `${ref.ndMatmulGflops512.toFixed(1)} GFLOP/s in nd with WebAssembly SIMD, ${ref.ndJsMatmulGflops512.toFixed(1)} in plain JavaScript, ` +
      `${ref.ortMatmulGflops512.toFixed(0)} in ONNX Runtime on one thread and ${ref.ortAllThreadsMatmulGflops512.toFixed(0)} on all threads; ` +
      `one core's peak is about ${ref.peakGflopsPerCore.toFixed(0)} (the estimate column).`
  }
}
