// Systems view of module 09: the same convolution as seven loops and as im2col + one matmul.
import { medianSeconds } from 'tinytorch/harness'
import { Random, estimate, kernelBackend } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Conv2d, conv2dLoops, im2col } from 'tinytorch/09_spatial'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  // The second convolution of the CNN milestone: 8 → 16 channels, 5×5, on a batch of 32 12×12 maps
  // (the same convolution npm run bench:tensor times in ONNX Runtime).
  const [n, cin, h, cout, k] = [32, 8, 12, 16, 5]
  const oh = h - k + 1
  const x = Tensor.fromND(new Random(0).normal([n, cin, h, h]))
  const conv = new Conv2d(cin, cout, k, { seed: 1 })
  const tLoops = medianSeconds(() => conv2dLoops(x, conv.weight, conv.bias), 3)
  const tIm2col = medianSeconds(() => im2col(x.toND(), k, k, 1, 0), 3)
  const tConv = medianSeconds(() => conv.forward(x), 3)
  const cols = im2col(x.toND(), k, k, 1, 0)
  const flops = 2 * n * cout * oh * oh * cin * k * k
  const ref = estimate.referenceMachine
  return {
    rows: [
      {
        label: 'multiply-add FLOPs of the convolution',
        measured: flops,
        estimate: estimate.conv2dFlops(n, cin, h, h, cout, k, k, 1, 0),
        unit: 'FLOP'
      },
      { label: 'seven nested loops', measured: tLoops, estimate: null, unit: 'seconds' },
      { label: 'im2col + matmul (Conv2d.forward)', measured: tConv, estimate: null, unit: 'seconds' },
      { label: '… of which im2col', measured: tIm2col, estimate: null, unit: 'seconds' },
      {
        label: 'bytes of the im2col matrix',
        measured: cols.data.byteLength,
        estimate: estimate.bytesOfShape([n * oh * oh, cin * k * k]),
        unit: 'bytes'
      },
      { label: 'bytes of the input it was unrolled from', measured: x.data.byteLength, estimate: null, unit: 'bytes' },
      {
        label: `reference machine: this conv in ONNX Runtime, 1 thread (npm run bench:tensor)`,
        measured: ref.conv2dSecondsOrt,
        estimate: null,
        unit: 'seconds'
      }
    ],
    note:
      `The loops ran at ${(flops / Math.max(tLoops, 1e-9) / 1e9).toFixed(2)} GFLOP/s and im2col + matmul at ${(flops / Math.max(tConv, 1e-9) / 1e9).toFixed(2)} GFLOP/s ` +
      `(matmul kernel here: ${kernelBackend()}). Unrolling costs memory — every input pixel is copied up to ${k * k} times — but turns the work into one large matmul, ` +
      `the best-optimised routine there is. On the reference machine ONNX Runtime's convolution took ${(ref.conv2dSecondsOrt * 1e3).toFixed(2)} ms on one thread, ` +
      `and its matmul reached ${ref.ortMatmulGflops512.toFixed(0)} GFLOP/s at 512² against nd's ${ref.ndMatmulGflops512.toFixed(0)} (${ref.date}).`
  }
}
