// Systems view of module 02: activations are memory-bound element-wise passes.
import { medianSeconds } from 'tinytorch/harness'
import { Random, estimate } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { ReLU, GELU, Sigmoid, Softmax } from 'tinytorch/02_activations'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  const shape = [64, 1024]
  const x = Tensor.fromND(new Random(0).normal(shape))
  const relu = new ReLU()
  const gelu = new GELU()
  const sigmoid = new Sigmoid()
  const softmax = new Softmax()
  const out = gelu.forward(x)
  const tRelu = medianSeconds(() => relu.forward(x), 5)
  const tGelu = medianSeconds(() => gelu.forward(x), 5)
  const tSigmoid = medianSeconds(() => sigmoid.forward(x), 5)
  const tSoftmax = medianSeconds(() => softmax.forward(x), 5)
  const bytes = estimate.bytesOfShape(shape)
  return {
    rows: [
      { label: 'output bytes of GELU on [64, 1024]', measured: out.data.byteLength, estimate: bytes, unit: 'bytes' },
      { label: 'elements per activation call', measured: out.size, estimate: 64 * 1024, unit: 'count' },
      { label: 'ReLU time', measured: tRelu, estimate: null, unit: 'seconds' },
      { label: 'Sigmoid time', measured: tSigmoid, estimate: null, unit: 'seconds' },
      { label: 'GELU time', measured: tGelu, estimate: null, unit: 'seconds' },
      { label: 'Softmax time', measured: tSoftmax, estimate: null, unit: 'seconds' }
    ],
    note:
      `GELU costs ${(tGelu / Math.max(tRelu, 1e-9)).toFixed(1)}× ReLU here: each nd call makes a full temporary array ` +
      '(GELU makes about eight), so the cost follows bytes moved rather than the arithmetic. Fused kernels exist for exactly this reason.'
  }
}
