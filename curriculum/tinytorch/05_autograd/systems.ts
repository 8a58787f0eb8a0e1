// Systems view of module 05: the memory and time autograd adds to a forward pass.
import { medianSeconds } from 'tinytorch/harness'
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { ReLU } from 'tinytorch/02_activations'
import { Linear, Sequential } from 'tinytorch/03_layers'
import { CrossEntropyLoss } from 'tinytorch/04_losses'
import { enableAutograd, noGrad } from 'tinytorch/05_autograd'

export default function systems(): {
  rows: { label: string; measured: number; estimate: number | null; unit: 'bytes' | 'FLOP' | 'seconds' | 'count' }[]
  note?: string
} {
  enableAutograd()
  const batch = 64
  const model = new Sequential(new Linear(256, 256, true, 0), new ReLU(), new Linear(256, 10, true, 1))
  const rng = new Random(0)
  const x = Tensor.fromND(rng.normal([batch, 256]))
  const y = Tensor.fromND(rng.randint(0, 10, [batch]))
  const ce = new CrossEntropyLoss()

  // Count the graph: every tensor reachable from the loss and the bytes it keeps alive.
  const loss = ce.forward(model.forward(x), y)
  const seen = new Set<Tensor>()
  const stack = [loss]
  let savedBytes = 0
  while (stack.length > 0) {
    const t = stack.pop()!
    if (seen.has(t)) continue
    seen.add(t)
    savedBytes += t.data.byteLength
    for (const inp of t.gradFn?.inputs ?? []) stack.push(inp)
  }
  const nodes = [...seen].filter((t) => t.gradFn !== null).length
  const paramBytes = model.parameters().reduce((n, p) => n + p.data.byteLength, 0)

  const tForward = medianSeconds(() => noGrad(() => ce.forward(model.forward(x), y)), 5)
  const tTrain = medianSeconds(() => {
    for (const p of model.parameters()) p.grad = null
    ce.forward(model.forward(x), y).backward()
  }, 5)
  const forwardFlops = 2 * batch * (256 * 256 + 256 * 10)
  // The same step with the input batch marked as needing a gradient: MatmulBackward of the first layer
  // must then also compute dX = G Wᵀ, a matmul as large as the forward one, that nobody reads.
  const xNeedsGrad = Tensor.fromND(x.toND(), { requiresGrad: true })
  const tTrainWithDx = medianSeconds(() => {
    for (const p of model.parameters()) p.grad = null
    ce.forward(model.forward(xNeedsGrad), y).backward()
  }, 5)
  const firstLayerFlops = 2 * batch * 256 * 256

  return {
    rows: [
      { label: 'recorded operations (graph nodes)', measured: nodes, estimate: 6, unit: 'count' },
      {
        label: 'bytes held by the graph (inputs, activations, parameters)',
        measured: savedBytes,
        estimate: paramBytes + 4 * batch * (256 + 256 + 256 + 10 + 10 + 1) + 4 * batch,
        unit: 'bytes'
      },
      {
        label: 'gradient bytes (one per parameter)',
        measured: model.parameters().reduce((n, p) => n + (p.grad?.data.byteLength ?? 0), 0),
        estimate: paramBytes,
        unit: 'bytes'
      },
      { label: 'forward FLOPs (matmuls)', measured: forwardFlops, estimate: forwardFlops, unit: 'FLOP' },
      { label: 'forward time (no grad)', measured: tForward, estimate: null, unit: 'seconds' },
      { label: 'forward + backward time', measured: tTrain, estimate: 3 * tForward, unit: 'seconds' },
      {
        label: 'forward + backward time when the input also asks for a gradient',
        measured: tTrainWithDx,
        estimate: null,
        unit: 'seconds'
      },
      {
        label: 'FLOPs of the input gradient dX = G Wᵀ that nobody needs',
        measured: firstLayerFlops,
        estimate: firstLayerFlops,
        unit: 'FLOP'
      }
    ],
    note:
      'Backward costs about twice the forward FLOPs (two matmuls per matmul), so forward + backward ≈ 3× forward. The graph keeps every intermediate alive until backward() finishes — that is activation memory. ' +
      `Nothing needs the gradient of the input batch: a MatmulBackward that returns null for inputs without requiresGrad skips one ${(firstLayerFlops / 1e6).toFixed(1)} MFLOP matmul per step ` +
      `(${(tTrainWithDx / Math.max(tTrain, 1e-9)).toFixed(2)}× here when it is computed anyway; about 1.5× for a 784→128→10 MLP, whose first layer dominates).`
  }
}
