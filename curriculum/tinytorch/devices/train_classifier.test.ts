import { describe, expect, it } from 'vitest'
import train, { type FloatLayer, type TrainInput } from './train_classifier'

/** Three classes of raw "sensor" readings on very different scales (an ADC count, a g value, a constant). */
function dataset(n: number): TrainInput {
  let s = 12345
  const rand = () => {
    s = (s * 1103515245 + 12345) % 2 ** 31
    return s / 2 ** 31
  }
  const centers = [
    [200, 0.1],
    [600, -0.5],
    [900, 0.8]
  ]
  const features: number[][] = []
  const labels: number[] = []
  for (let k = 0; k < n; k++) {
    const c = k % 3
    features.push([centers[c]![0]! + 60 * (rand() - 0.5), centers[c]![1]! + 0.3 * (rand() - 0.5), 5])
    labels.push(c)
  }
  return { features, labels, classes: 3, hidden: 8, epochs: 25, learningRate: 0.02, batchSize: 32, seed: 7 }
}

function forward(layers: FloatLayer[], x: number[]): number[] {
  let h = x
  for (const l of layers) {
    if (l.kind === 'relu') h = h.map((v) => Math.max(0, v))
    else h = l.weight.map((row, o) => row.reduce((s, w, i) => s + w * h[i]!, l.bias[o]!))
  }
  return h
}

describe('train_classifier with the reference modules', () => {
  it('learns the classes and returns layers that take raw features (standardisation folded in)', async () => {
    const input = dataset(300)
    const reports: number[] = []
    const out = await train((p) => reports.push(p.metrics.loss!), input)
    expect(reports).toHaveLength(25)
    expect(reports.at(-1)!).toBeLessThan(reports[0]!)
    expect(out.trainAccuracy).toBeGreaterThan(0.95)
    expect(out.layers.map((l) => l.kind)).toEqual(['linear', 'relu', 'linear'])
    const first = out.layers[0] as Extract<FloatLayer, { kind: 'linear' }>
    expect([first.weight.length, first.weight[0]!.length]).toEqual([8, 3])
    // The folded model, on raw values, classifies as well as training reported.
    let right = 0
    input.features.forEach((x, k) => {
      const y = forward(out.layers, x)
      if (y.indexOf(Math.max(...y)) === input.labels[k]) right++
    })
    expect(right / input.features.length).toBeCloseTo(out.trainAccuracy, 1)
  })

  it('refuses data it cannot train on, with a message', async () => {
    const input = dataset(30)
    await expect(train(() => undefined, { ...input, features: [] })).rejects.toThrow('the dataset has no examples')
    await expect(train(() => undefined, { ...input, classes: 1 })).rejects.toThrow('at least two labels')
    await expect(train(() => undefined, { ...input, labels: input.labels.map(() => 5) })).rejects.toThrow('outside')
  })
})
