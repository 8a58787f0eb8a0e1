// Systems view of module 06: optimizer state memory and the cost of a step.
import { medianSeconds } from 'tinytorch/harness'
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { SGD, Adam } from 'tinytorch/06_optimizers'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  const rng = new Random(0)
  const shapes = [[784, 256], [256], [256, 10], [10]]
  const make = (): Tensor[] =>
    shapes.map((s) => {
      const p = Tensor.fromND(rng.normal(s, 0, 0.01), { requiresGrad: true })
      p.grad = Tensor.fromND(rng.normal(s))
      return p
    })
  const n = shapes.reduce((acc, s) => acc + s.reduce((a, b) => a * b, 1), 0)
  const sgdParams = make()
  const momentum = new SGD(sgdParams, { lr: 0.01, momentum: 0.9 })
  const adamParams = make()
  const adam = new Adam(adamParams, { lr: 1e-3 })
  const tSgd = medianSeconds(() => momentum.step(), 5)
  const tAdam = medianSeconds(() => adam.step(), 5)
  const stateBytes = (o: { state: Record<string, Float32Array[]> }): number =>
    Object.values(o.state).reduce((acc, list) => acc + list.reduce((a, b) => a + b.byteLength, 0), 0)
  return {
    rows: [
      { label: 'parameters', measured: n, estimate: 784 * 256 + 256 + 256 * 10 + 10, unit: 'count' },
      { label: 'SGD+momentum state bytes', measured: stateBytes(momentum), estimate: 4 * n, unit: 'bytes' },
      { label: 'Adam state bytes (m and v)', measured: stateBytes(adam), estimate: 8 * n, unit: 'bytes' },
      { label: 'SGD+momentum step time', measured: tSgd, estimate: null, unit: 'seconds' },
      { label: 'Adam step time', measured: tAdam, estimate: null, unit: 'seconds' }
    ],
    note: 'Adam triples the memory of the weights (θ, m, v) plus the gradient: 16 bytes per parameter in float32. Both steps are memory-bound: a few FLOPs per byte touched.'
  }
}
