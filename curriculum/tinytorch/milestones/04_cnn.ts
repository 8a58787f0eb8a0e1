// Milestone 4 (1998): LeCun, Bottou, Bengio and Haffner — a convolutional network reads handwritten
// digits. Two Conv2d + ReLU + MaxPool stages, a Flatten and a Linear classifier, built from your module 09.
import { medianSeconds } from 'tinytorch/harness'
import { loadMnist } from 'tinytorch/datasets'
import { Tensor } from 'tinytorch/01_tensor'
import { ReLU } from 'tinytorch/02_activations'
import { Linear, Sequential } from 'tinytorch/03_layers'
import { CrossEntropyLoss } from 'tinytorch/04_losses'
import { enableAutograd, noGrad } from 'tinytorch/05_autograd'
import { Adam } from 'tinytorch/06_optimizers'
import { DataLoader, TensorDataset } from 'tinytorch/08_dataloader'
import { Conv2d, Flatten, MaxPool2d } from 'tinytorch/09_spatial'
import { describeConv2d, describeLinear, describePool, describeSequential, type OnnxHandoff } from './lib/onnx'
import { type Progress, trainClassifier } from './lib/train'

const EPOCHS = 3
const BATCH = 32
const GOAL = 0.97
const ONNX_COUNT = 1000

export default async function run(
  report: (p: Progress) => void
): Promise<{ achieved: boolean; summary: string; metrics: Record<string, number>; onnx: OnnxHandoff }> {
  enableAutograd()
  const started = performance.now()
  const mnist = loadMnist()
  const side = mnist.side
  const train = new TensorDataset(
    new Tensor(mnist.train.pixels, { shape: [mnist.train.count, 1, side, side] }),
    new Tensor(mnist.train.labels, { shape: [mnist.train.count] })
  )
  const testX = new Tensor(mnist.test.pixels, { shape: [mnist.test.count, 1, side, side] })
  const testY = new Tensor(mnist.test.labels, { shape: [mnist.test.count] })

  // LeNet's shape: 28×28 → conv 5×5 → 24×24 → pool → 12×12 → conv 5×5 → 8×8 → pool → 4×4 (×16 channels = 256 features)
  const model = new Sequential(
    new Conv2d(1, 8, 5, { seed: 1998 }),
    new ReLU(),
    new MaxPool2d(2),
    new Conv2d(8, 16, 5, { seed: 1999 }),
    new ReLU(),
    new MaxPool2d(2),
    new Flatten(),
    new Linear(16 * 4 * 4, 64, true, 2000),
    new ReLU(),
    new Linear(64, 10, true, 2001)
  )
  const loss = new CrossEntropyLoss()
  const optimizer = new Adam(model.parameters(), { lr: 2e-3 })
  const loader = new DataLoader(train, { batchSize: BATCH, shuffle: true, seed: 98 })
  const testAccuracy = await trainClassifier({
    model,
    loss,
    optimizer,
    loader,
    epochs: EPOCHS,
    test: { x: testX, y: testY, batch: 250 },
    report
  })
  const seconds = (performance.now() - started) / 1000

  model.eval()
  const probeX = new Tensor(mnist.test.pixels.subarray(0, ONNX_COUNT * side * side), { shape: [ONNX_COUNT, 1, side, side] })
  const outputs = noGrad(() => model.forward(probeX))
  const batch = new Tensor(mnist.test.pixels.subarray(0, 250 * side * side), { shape: [250, 1, side, side] })
  const secondsPerBatch = medianSeconds(() => noGrad(() => model.forward(batch)), 3)

  const achieved = testAccuracy >= GOAL
  return {
    achieved,
    summary:
      `A LeNet-style CNN (two convolution + pooling stages and two dense layers, ${model.parameters().reduce((n, p) => n + p.size, 0)} parameters) trained for ${EPOCHS} epochs ` +
      `recognised ${(100 * testAccuracy).toFixed(1)}% of ${mnist.test.count} unseen digits (goal: ${100 * GOAL}%) in ${seconds.toFixed(1)} s.`,
    metrics: { testAccuracy, epochs: EPOCHS, trainExamples: mnist.train.count, testExamples: mnist.test.count, wallSeconds: seconds },
    onnx: {
      model: describeSequential(model.layers, [
        [Conv2d, describeConv2d],
        [MaxPool2d, describePool('MaxPool2d')],
        [Flatten, (l: Flatten) => ({ op: 'Flatten', startDim: l.startDim })],
        [Linear, describeLinear],
        [ReLU, () => ({ op: 'ReLU' })]
      ]),
      inputShape: [250, 1, side, side],
      inputs: { dataset: 'mnist-test', count: ONNX_COUNT },
      outputs: Array.from(outputs.data),
      secondsPerBatch
    }
  }
}
