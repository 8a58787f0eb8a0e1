// Trains a small classifier for a microcontroller with your framework: Sequential(Linear, ReLU, Linear)
// on a dataset captured from a board (each example: the numeric columns of one sample, or of a window of
// samples), with cross-entropy and Adam. The app quantises what this returns to int8 and deploys it.
//
// Features are standardised for training (x − mean) / std; the returned first layer takes raw features,
// because the standardisation is folded into its weights: W' = W / std, b' = b − W'·mean.
import { Random } from 'tinytorch/runtime'
import { Tensor } from 'tinytorch/01_tensor'
import { ReLU } from 'tinytorch/02_activations'
import { Linear, Sequential } from 'tinytorch/03_layers'
import { CrossEntropyLoss } from 'tinytorch/04_losses'
import { enableAutograd, noGrad } from 'tinytorch/05_autograd'
import { Adam } from 'tinytorch/06_optimizers'

export interface Progress {
  step: number
  total: number
  metrics: Record<string, number>
  message?: string
}

export interface TrainInput {
  features: number[][]
  labels: number[]
  classes: number
  hidden: number
  epochs: number
  learningRate: number
  batchSize: number
  seed: number
}

export type FloatLayer = { kind: 'linear'; weight: number[][]; bias: number[] } | { kind: 'relu' }

export interface TrainOutput {
  layers: FloatLayer[]
  trainAccuracy: number
  finalLoss: number
}

function checkInput(input: TrainInput): void {
  const n = input.features.length
  if (n === 0) throw new Error('the dataset has no examples: capture some first')
  if (input.labels.length !== n) throw new Error(`${n} examples but ${input.labels.length} labels`)
  const width = input.features[0]!.length
  if (input.features.some((f) => f.length !== width)) throw new Error('every example must have the same number of values')
  if (input.classes < 2) throw new Error('a classifier needs at least two labels in the dataset')
  if (input.labels.some((l) => !Number.isInteger(l) || l < 0 || l >= input.classes)) throw new Error('a label is outside 0…classes−1')
}

/** Per-feature mean and standard deviation (a constant feature gets std 1). */
function standardisation(features: number[][]): { mean: number[]; std: number[] } {
  const width = features[0]!.length
  const mean = new Array<number>(width).fill(0)
  const sq = new Array<number>(width).fill(0)
  for (const f of features) for (let j = 0; j < width; j++) mean[j]! += f[j]!
  for (let j = 0; j < width; j++) mean[j]! /= features.length
  for (const f of features) for (let j = 0; j < width; j++) sq[j]! += (f[j]! - mean[j]!) ** 2
  const std = sq.map((s) => {
    const sd = Math.sqrt(s / features.length)
    return sd > 1e-8 ? sd : 1
  })
  return { mean, std }
}

function batchTensors(
  input: TrainInput,
  order: number[],
  from: number,
  to: number,
  mean: number[],
  std: number[]
): { x: Tensor; y: Tensor } {
  const width = mean.length
  const rows = to - from
  const x = new Float32Array(rows * width)
  const y = new Float32Array(rows)
  for (let r = 0; r < rows; r++) {
    const k = order[from + r]!
    const f = input.features[k]!
    for (let j = 0; j < width; j++) x[r * width + j] = (f[j]! - mean[j]!) / std[j]!
    y[r] = input.labels[k]!
  }
  return { x: new Tensor(x, { shape: [rows, width] }), y: new Tensor(y, { shape: [rows] }) }
}

function correct(logits: Tensor, y: Tensor): number {
  const [rows, classes] = logits.shape as [number, number]
  let right = 0
  for (let r = 0; r < rows; r++) {
    let best = 0
    for (let c = 1; c < classes; c++) if (logits.data[r * classes + c]! > logits.data[r * classes + best]!) best = c
    if (best === y.data[r]) right++
  }
  return right
}

/** A Linear's weight as output rows ([out][in]); TinyTorch stores it as (in, out). */
function rows(layer: Linear): number[][] {
  const [inF, outF] = [layer.inFeatures, layer.outFeatures]
  return Array.from({ length: outF }, (_, o) => Array.from({ length: inF }, (_, i) => layer.weight.data[i * outF + o]!))
}

export default async function train(report: (p: Progress) => void, input: TrainInput): Promise<TrainOutput> {
  checkInput(input)
  enableAutograd()
  const n = input.features.length
  const width = input.features[0]!.length
  const { mean, std } = standardisation(input.features)
  const first = new Linear(width, input.hidden, true, input.seed)
  const second = new Linear(input.hidden, input.classes, true, input.seed + 1)
  const model = new Sequential(first, new ReLU(), second)
  const lossFn = new CrossEntropyLoss()
  const opt = new Adam(model.parameters(), { lr: input.learningRate })
  const rng = new Random(input.seed)
  let finalLoss = Number.NaN
  let trainAccuracy = 0
  for (let epoch = 1; epoch <= input.epochs; epoch++) {
    const order = rng.permutation(n)
    let lossSum = 0
    let right = 0
    for (let from = 0; from < n; from += input.batchSize) {
      const to = Math.min(n, from + input.batchSize)
      const { x, y } = batchTensors(input, order, from, to, mean, std)
      opt.zeroGrad()
      const logits = model.forward(x)
      const loss = lossFn.forward(logits, y)
      loss.backward()
      opt.step()
      lossSum += loss.item() * (to - from)
      right += noGrad(() => correct(logits, y))
    }
    finalLoss = lossSum / n
    trainAccuracy = right / n
    report({ step: epoch, total: input.epochs, metrics: { loss: finalLoss, accuracy: trainAccuracy } })
    await Promise.resolve()
  }
  // Fold the standardisation into the first layer so the model takes raw sensor values.
  const w1 = rows(first).map((row) => row.map((w, j) => w / std[j]!))
  const b1 = Array.from(first.bias!.data, (b, o) => b - w1[o]!.reduce((s, w, j) => s + w * mean[j]!, 0))
  return {
    layers: [
      { kind: 'linear', weight: w1, bias: b1 },
      { kind: 'relu' },
      { kind: 'linear', weight: rows(second), bias: Array.from(second.bias!.data) }
    ],
    trainAccuracy,
    finalLoss
  }
}
