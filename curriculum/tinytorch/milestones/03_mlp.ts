// Milestone 3 (1986): Rumelhart, Hinton and Williams — backpropagation through a hidden layer, here on
// real handwritten digits. A 784 → 256 → 10 MLP with ReLU, cross-entropy and Adam, fed by your DataLoader.
import { medianSeconds } from 'tinytorch/harness'
import { loadMnist } from 'tinytorch/datasets'
import { Tensor } from 'tinytorch/01_tensor'
import { ReLU } from 'tinytorch/02_activations'
import { Linear, Sequential } from 'tinytorch/03_layers'
import { CrossEntropyLoss } from 'tinytorch/04_losses'
import { enableAutograd, noGrad } from 'tinytorch/05_autograd'
import { Adam } from 'tinytorch/06_optimizers'
import { DataLoader, TensorDataset } from 'tinytorch/08_dataloader'
import { describeLinear, describeSequential, type OnnxHandoff } from './lib/onnx'
import { type Progress, trainClassifier } from './lib/train'

const EPOCHS = 10
const BATCH = 64
const GOAL = 0.95
const ONNX_COUNT = 1000

export default async function run(
  report: (p: Progress) => void
): Promise<{ achieved: boolean; summary: string; metrics: Record<string, number>; onnx: OnnxHandoff }> {
  enableAutograd()
  const started = performance.now()
  const mnist = loadMnist()
  const pixels = mnist.side * mnist.side
  const train = new TensorDataset(
    new Tensor(mnist.train.pixels, { shape: [mnist.train.count, pixels] }),
    new Tensor(mnist.train.labels, { shape: [mnist.train.count] })
  )
  const testX = new Tensor(mnist.test.pixels, { shape: [mnist.test.count, pixels] })
  const testY = new Tensor(mnist.test.labels, { shape: [mnist.test.count] })

  const model = new Sequential(new Linear(pixels, 256, true, 1986), new ReLU(), new Linear(256, 10, true, 1987))
  const loss = new CrossEntropyLoss()
  const optimizer = new Adam(model.parameters(), { lr: 2e-3 })
  const loader = new DataLoader(train, { batchSize: BATCH, shuffle: true, seed: 86 })
  const testAccuracy = await trainClassifier({
    model,
    loss,
    optimizer,
    loader,
    epochs: EPOCHS,
    test: { x: testX, y: testY, batch: 500 },
    report
  })
  const seconds = (performance.now() - started) / 1000

  // For "Run in ONNX Runtime": the model, and its outputs on the first test digits.
  model.eval()
  const probeX = new Tensor(mnist.test.pixels.subarray(0, ONNX_COUNT * pixels), { shape: [ONNX_COUNT, pixels] })
  const outputs = noGrad(() => model.forward(probeX))
  const batch = new Tensor(mnist.test.pixels.subarray(0, 250 * pixels), { shape: [250, pixels] })
  const secondsPerBatch = medianSeconds(() => noGrad(() => model.forward(batch)), 5)

  const achieved = testAccuracy >= GOAL
  return {
    achieved,
    summary:
      `A 784-256-10 MLP trained by backpropagation for ${EPOCHS} epochs on ${mnist.train.count} real digits recognised ` +
      `${(100 * testAccuracy).toFixed(1)}% of ${mnist.test.count} unseen ones (goal: ${100 * GOAL}%) in ${seconds.toFixed(1)} s.`,
    metrics: { testAccuracy, epochs: EPOCHS, trainExamples: mnist.train.count, testExamples: mnist.test.count, wallSeconds: seconds },
    onnx: {
      model: describeSequential(model.layers, [
        [Linear, describeLinear],
        [ReLU, () => ({ op: 'ReLU' })]
      ]),
      inputShape: [250, pixels],
      inputs: { dataset: 'mnist-test', count: ONNX_COUNT },
      outputs: Array.from(outputs.data),
      secondsPerBatch
    }
  }
}
