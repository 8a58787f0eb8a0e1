import { describe, expect, it } from 'vitest'
import { estimateSeconds, fitCheck, footprint, formatSize } from './fit'
import { runTtm } from './interpreter'
import {
  activationParams,
  compareAccuracy,
  dequantize,
  type FloatModel,
  floatForward,
  fuseLayers,
  QuantizeError,
  quantizeInput,
  quantizeModel
} from './quantize'
import { encodeTtm } from './ttm'
import { mulberry32 } from '../testing/random'

function gaussian(rnd: () => number): number {
  return Math.sqrt(-2 * Math.log(1 - rnd())) * Math.cos(2 * Math.PI * rnd())
}

/** Three blobs in 4-D and a hand-made Linear → ReLU → Linear classifier for them. */
function blobs(seed: number, n: number) {
  const rnd = mulberry32(seed)
  const centers = [
    [2, 0, 0, 1],
    [0, 2, 0, -1],
    [0, 0, 2, 0]
  ]
  const features: number[][] = []
  const labels: number[] = []
  for (let k = 0; k < n; k++) {
    const c = k % 3
    features.push(centers[c]!.map((v) => v + 0.4 * gaussian(rnd)))
    labels.push(c)
  }
  // Hidden units: one prototype detector per class (positive part), then a 3-way readout.
  const model: FloatModel = {
    layers: [
      { kind: 'linear', weight: centers.map((c) => c.map((v) => v / 2)), bias: [-0.5, -0.5, -0.5] },
      { kind: 'relu' },
      {
        kind: 'linear',
        weight: [
          [1.5, -0.5, -0.5],
          [-0.5, 1.5, -0.5],
          [-0.5, -0.5, 1.5]
        ],
        bias: [0.01, 0, -0.01]
      }
    ]
  }
  return { features, labels, model }
}

describe('activation parameters', () => {
  it('cover the range and zero, with zero exact', () => {
    // [−1, 1]: scale 2/255; zero point −128 − (−1)/(2/255) = −128 + 127.5 = −0.5 → −1 (half away from zero).
    expect(activationParams(-1, 1)).toEqual({ scale: Math.fround(2 / 255), zeroPoint: -1 })
    // After a ReLU the range starts at 0: zero point −128.
    expect(activationParams(0, 6)).toEqual({ scale: Math.fround(6 / 255), zeroPoint: -128 })
    // A range that excludes 0 is widened to include it.
    expect(activationParams(2, 4)).toEqual({ scale: Math.fround(4 / 255), zeroPoint: -128 })
    // A dead layer (all zeros) gets a usable scale instead of dividing by zero.
    expect(activationParams(0, 0)).toEqual({ scale: Math.fround(1 / 255), zeroPoint: -128 })
  })

  it('quantise inputs with rounding half away from zero and saturation', () => {
    // scale 0.5, zero point 3: 1.25/0.5 = 2.5 → 3, +3 = 6; −1.25 → −3, +3 = 0; 1000 saturates at 127.
    expect([...quantizeInput([1.25, -1.25, 1000, -1000], 0.5, 3)]).toEqual([6, 0, 127, -128])
    expect([...dequantize([6, 0], 0.5, 3)]).toEqual([1.5, -1.5])
  })
})

describe('post-training quantisation', () => {
  it('quantises weights symmetrically per tensor, biases at inputScale·weightScale', () => {
    const model: FloatModel = { layers: [{ kind: 'linear', weight: [[0.5, -0.25]], bias: [0.1] }] }
    const ttm = quantizeModel(model, [
      [-1, -1],
      [1, 1]
    ])
    const layer = ttm.layers[0]!
    // max |w| = 0.5 → weight scale 0.5/127: 0.5 → 127; −0.25 → −63.5 → −64 (half away from zero).
    expect([...layer.weights]).toEqual([127, -64])
    // Input range [−1, 1]: scale 2/255. Bias 0.1 / (2/255 · 0.5/127) = 0.1 · 255 · 127 / 1 = 3238.5 → 3239 (float32 scales move it by < 0.5).
    expect(ttm.inputScale).toBe(Math.fround(2 / 255))
    expect(layer.bias[0]).toBe(Math.round(0.1 / (Math.fround(2 / 255) * Math.fround(0.5 / 127))))
    expect(Math.abs(layer.bias[0]! - 3238.5)).toBeLessThanOrEqual(1)
    expect(layer.multiplier).toBeGreaterThanOrEqual(2 ** 30)
  })

  it('keeps int8 outputs within a few quantisation steps of the float model inside the calibrated range', () => {
    // (Outside it, values saturate: that is what calibration on representative data is for.)
    const { features, model } = blobs(1, 300)
    const ttm = quantizeModel(model, features)
    const last = ttm.layers[ttm.layers.length - 1]!
    let worst = 0
    for (const x of features) {
      const f = floatForward(model, x)
      const q = dequantize(runTtm(ttm, quantizeInput(x, ttm.inputScale, ttm.inputZeroPoint)), last.outputScale, last.outputZeroPoint)
      for (let o = 0; o < f.length; o++) worst = Math.max(worst, Math.abs(f[o]! - q[o]!) / last.outputScale)
    }
    // Each step (input, hidden, output) rounds once; a few output steps of error is what int8 costs here.
    expect(worst).toBeLessThan(4)
    expect(worst).toBeGreaterThan(0)
  })

  it('reports float vs int8 accuracy on a test set, and the int8 model nearly always agrees', () => {
    const { features, labels, model } = blobs(2, 600)
    const ttm = quantizeModel(model, features.slice(0, 200))
    const r = compareAccuracy(model, ttm, features.slice(200), labels.slice(200))
    expect(r.examples).toBe(400)
    expect(r.floatAccuracy).toBeGreaterThan(0.95)
    expect(Math.abs(r.int8Accuracy - r.floatAccuracy)).toBeLessThan(0.02)
    expect(r.agreement).toBeGreaterThan(0.97)
    // The file round-trips through the validator.
    expect(encodeTtm(ttm).length).toBeGreaterThan(24)
  })

  it('refuses layer orders and shapes it cannot express', () => {
    const lin = (o: number, i: number) => ({
      kind: 'linear' as const,
      weight: Array.from({ length: o }, () => new Array(i).fill(0.1)),
      bias: new Array(o).fill(0)
    })
    expect(() => fuseLayers({ layers: [{ kind: 'relu' }, lin(2, 2)] })).toThrow(QuantizeError)
    expect(() => fuseLayers({ layers: [lin(2, 2), { kind: 'relu' }, { kind: 'relu' }] })).toThrow('a ReLU must follow a Linear layer')
    expect(() => fuseLayers({ layers: [lin(3, 2), lin(2, 4)] })).toThrow('layer 1: takes 4 inputs but the layer before gives 3')
    expect(() => fuseLayers({ layers: [{ kind: 'linear', weight: [[1, 2], [3]], bias: [0, 0] }] })).toThrow('weight rows differ')
    expect(() => quantizeModel({ layers: [lin(2, 2)] }, [])).toThrow('calibration set is empty')
    expect(() => quantizeModel({ layers: [lin(2, 2)] }, [[1, 2, 3]])).toThrow('has 3 values; the model takes 2')
  })
})

describe('fit check and latency estimate', () => {
  it('prints sizes as board datasheets do', () => {
    expect(formatSize(512)).toBe('512 B')
    expect(formatSize(18841)).toBe('18.4 KB') // 18841 / 1024 = 18.399
    expect(formatSize(262144)).toBe('256 KB')
    expect(formatSize(1048576)).toBe('1 MB')
    expect(formatSize(1572864)).toBe('1.5 MB')
  })

  it('says what fits and what does not, against a profile', () => {
    const nano = { flashBytes: 1048576, ramBytes: 262144 }
    expect(fitCheck({ flashBytes: 18841, ramBytes: 512, macs: 0 }, nano).message).toBe(
      'fits: 18.4 KB of 1 MB flash, peak 512 B of 256 KB RAM'
    )
    const big = fitCheck({ flashBytes: 2 * 1048576, ramBytes: 512, macs: 0 }, nano)
    expect(big.fits).toBe(false)
    expect(big.message).toBe('does not fit: 2 MB of 1 MB flash, peak 512 B of 256 KB RAM (too much flash: use fewer or smaller layers)')
  })

  it('estimates latency from MACs, outputs and the clock', () => {
    const { model, features } = blobs(3, 30)
    const ttm = quantizeModel(model, features)
    // 4→3→3: 12 + 9 = 21 MACs, 6 outputs; at 5 cycles/MAC, 40 cycles/output, 64 MHz: (105 + 240) / 64e6 = 5.390625 µs.
    expect(estimateSeconds(ttm, { clockHz: 64e6, cyclesPerMac: 5, cyclesPerOutput: 40 })).toBeCloseTo(5.390625e-6, 12)
    const bytes = encodeTtm(ttm)
    // Arena: the largest in + out is 4 + 3 = 7 bytes.
    expect(footprint(ttm, bytes.length)).toEqual({ flashBytes: bytes.length, ramBytes: 7, macs: 21 })
  })
})
