// Milestone 1 (1958): Rosenblatt's perceptron, rebuilt with your framework.
// Two Gaussian blobs, one Linear layer, a Sigmoid, binary cross-entropy and plain SGD.
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { Sigmoid } from 'tinytorch/02_activations'
import { Linear } from 'tinytorch/03_layers'
import { BinaryCrossEntropyLoss } from 'tinytorch/04_losses'
import { enableAutograd, noGrad } from 'tinytorch/05_autograd'
import { SGD } from 'tinytorch/06_optimizers'

export interface Progress {
  step: number
  total: number
  metrics: Record<string, number>
  message?: string
}

/** n points per class: class 0 around (−1, −1), class 1 around (1, 1), standard deviation 0.8. */
function blobs(rng: Random, n: number): { x: Tensor; y: Tensor } {
  const x = new Float32Array(4 * n)
  const y = new Float32Array(2 * n)
  for (let i = 0; i < 2 * n; i++) {
    const label = i % 2
    const c = label === 1 ? 1 : -1
    x[2 * i] = c + 0.8 * rng.gaussian()
    x[2 * i + 1] = c + 0.8 * rng.gaussian()
    y[i] = label
  }
  return { x: new Tensor(x, { shape: [2 * n, 2] }), y: new Tensor(y, { shape: [2 * n, 1] }) }
}

/** "0.52·x₀ − 0.13·x₁ − 0.01 = 0": each term after the first carries its own sign, never "+ -0.01". */
function boundary(w0: number, w1: number, b: number): string {
  const term = (v: number, name: string) => `${v < 0 ? '−' : '+'} ${Math.abs(v).toFixed(2)}${name}`
  return `${w0.toFixed(2)}·x₀ ${term(w1, '·x₁')} ${term(b, '')} = 0`.replace(/^-/, '−')
}

function accuracy(p: Tensor, y: Tensor): number {
  let correct = 0
  for (let i = 0; i < y.size; i++) if ((p.data[i]! >= 0.5 ? 1 : 0) === y.data[i]) correct++
  return correct / y.size
}

export default async function run(
  report: (p: Progress) => void
): Promise<{ achieved: boolean; summary: string; metrics: Record<string, number> }> {
  enableAutograd()
  const rng = new Random(1958)
  const train = blobs(rng, 100)
  const test = blobs(rng, 100)

  const layer = new Linear(2, 1, true, 7)
  const sigmoid = new Sigmoid()
  const bce = new BinaryCrossEntropyLoss()
  const optimizer = new SGD(layer.parameters(), { lr: 0.5 })
  const forward = (x: Tensor): Tensor => sigmoid.forward(layer.forward(x))

  const epochs = 40
  for (let epoch = 1; epoch <= epochs; epoch++) {
    optimizer.zeroGrad()
    const pred = forward(train.x)
    const loss = bce.forward(pred, train.y)
    loss.backward()
    optimizer.step()
    if (epoch % 2 === 0 || epoch === 1) {
      report({ step: epoch, total: epochs, metrics: { loss: loss.item(), trainAccuracy: accuracy(pred, train.y) } })
    }
    await Promise.resolve() // let the UI breathe between epochs
  }

  const testAccuracy = noGrad(() => accuracy(forward(test.x), test.y))
  const trainAccuracy = noGrad(() => accuracy(forward(train.x), train.y))
  const finalLoss = noGrad(() => bce.forward(forward(train.x), train.y).item())
  const [w0, w1] = Array.from(layer.weight.data)
  const b = layer.bias!.data[0]!
  const achieved = testAccuracy >= 0.9
  report({
    step: epochs,
    total: epochs,
    metrics: { loss: finalLoss, trainAccuracy, testAccuracy },
    message: `test accuracy ${(100 * testAccuracy).toFixed(1)}%`
  })
  return {
    achieved,
    summary:
      `A single neuron separated the two blobs with the line ${boundary(w0!, w1!, b)}: ` +
      `${(100 * testAccuracy).toFixed(1)}% of held-out points correct (goal: 90%).`,
    metrics: { testAccuracy, trainAccuracy, finalLoss, epochs }
  }
}
