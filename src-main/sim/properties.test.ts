// Properties (monotonicity, edge cases, overflow) and input validation.
import { describe, it, expect } from 'vitest'
import {
  SimInputError,
  activationMemory,
  allToAll,
  amdahl,
  checkpointGoodput,
  clusterMtbf,
  egressCostMonthly,
  failureProbability,
  hierarchicalAllReduce,
  kvCacheBytes,
  mcuInference,
  mmcQueue,
  networkRoundTrip,
  nodeMtbf,
  pagedKvCache,
  peakActivation,
  pipelineBubble,
  ringAllReduce,
  roofline,
  stackedAvailability,
  trainingFlops,
  treeAllReduce,
  chinchillaOptimal,
  youngDalyInterval,
  inferenceLatency,
  runSim
} from './index'

function thrown(fn: () => unknown): SimInputError {
  try {
    fn()
  } catch (e) {
    expect(e).toBeInstanceOf(SimInputError)
    return e as SimInputError
  }
  throw new Error('expected a SimInputError')
}

describe('properties', () => {
  it('collectives grow with bytes and latency, shrink with bandwidth', () => {
    for (const f of [ringAllReduce, treeAllReduce, allToAll]) {
      const base = { bytes: 1e8, ranks: 8, bandwidth: 1e10, latency: 1e-6 }
      expect(f({ ...base, bytes: 2e8 })).toBeGreaterThan(f(base))
      expect(f({ ...base, latency: 1e-5 })).toBeGreaterThan(f(base))
      expect(f({ ...base, bandwidth: 2e10 })).toBeLessThan(f(base))
      let prev = 0
      for (const n of [1, 2, 4, 8, 16, 64, 1024]) {
        const t = f({ ...base, ranks: n })
        expect(t).toBeGreaterThanOrEqual(prev)
        prev = t
      }
    }
  })
  it('ring bandwidth term approaches 2 M / beta', () => {
    const t = ringAllReduce({ bytes: 1e9, ranks: 1_000_000, bandwidth: 1e9, latency: 0 })
    expect(t).toBeLessThan(2)
    expect(t).toBeGreaterThan(1.999)
  })
  it('hierarchical beats a flat ring over the slow link', () => {
    const bytes = 1e9
    const h = hierarchicalAllReduce({
      bytes,
      nodes: 16,
      gpusPerNode: 8,
      intraBandwidth: 4.5e11,
      interBandwidth: 5e10,
      intraLatency: 2e-6,
      interLatency: 1e-6
    })
    const flat = ringAllReduce({ bytes, ranks: 128, bandwidth: 5e10, latency: 1e-6 })
    expect(h).toBeLessThan(flat)
  })
  it('roofline time is monotonic in flops and bytes', () => {
    const base = { flops: 1e12, bytes: 1e10, peakFlops: 1e14, bandwidth: 1e12 }
    expect(roofline({ ...base, flops: 2e12 }).seconds).toBeGreaterThanOrEqual(roofline(base).seconds)
    expect(roofline({ ...base, bytes: 2e10 }).seconds).toBeGreaterThanOrEqual(roofline(base).seconds)
  })
  it('amdahl is bounded by 1/(1-p)', () => {
    expect(amdahl({ parallelFraction: 0.95, speedup: 1e12 })).toBeLessThan(20)
    expect(amdahl({ parallelFraction: 0.95, speedup: 1e12 })).toBeGreaterThan(19.99)
  })
  it('activation memory: none >= selective >= full, linear in layers', () => {
    const p = { batch: 4, seqLen: 2048, hidden: 4096, heads: 32, layers: 32, bytesPerValue: 2 }
    const none = activationMemory({ ...p, recompute: 'none' })
    const sel = activationMemory({ ...p, recompute: 'selective' })
    const full = activationMemory({ ...p, recompute: 'full' })
    expect(none).toBeGreaterThan(sel)
    expect(sel).toBeGreaterThan(full)
    expect(activationMemory({ ...p, layers: 64, recompute: 'none' })).toBe(2 * none)
  })
  it('paged KV allocation is at least the exact KV cache', () => {
    for (const seqLen of [1, 15, 16, 17, 1000]) {
      const p = { layers: 4, kvHeads: 2, headDim: 64, seqLen, batch: 3, bytesPerValue: 2 }
      const r = pagedKvCache({ ...p, pageTokens: 16 })
      expect(r.allocatedBytes).toBeGreaterThanOrEqual(kvCacheBytes(p))
      expect(r.fragmentation).toBeGreaterThanOrEqual(0)
      expect(r.fragmentation).toBeLessThan(1)
    }
  })
  it('mmc with 2000 servers does not overflow', () => {
    const r = mmcQueue({ arrivalRate: 1900, serviceRate: 1, servers: 2000 })
    expect(r.stable).toBe(true)
    for (const v of [r.probWait, r.waitP50, r.waitP99, r.meanWait]) expect(Number.isFinite(v)).toBe(true)
    expect(r.probWait).toBeGreaterThan(0)
    expect(r.probWait).toBeLessThan(1)
    const big = mmcQueue({ arrivalRate: 9990, serviceRate: 1, servers: 10000 })
    expect(Number.isFinite(big.probWait)).toBe(true)
    expect(big.probWait).toBeGreaterThan(0)
  })
  it('mmc is unstable when utilisation >= 1', () => {
    for (const arrivalRate of [10, 11, 1e6]) {
      const r = mmcQueue({ arrivalRate, serviceRate: 1, servers: 10 })
      expect(r.stable).toBe(false)
      expect(r.utilization).toBeGreaterThanOrEqual(1)
      expect(r.meanWait).toBe(Infinity)
      expect(r.waitP50).toBe(Infinity)
      expect(r.waitP99).toBe(Infinity)
    }
  })
  it('mmc waits grow with load and p99 >= p50', () => {
    let prev = -1
    for (const lambda of [1, 4, 7, 9, 9.9]) {
      const r = mmcQueue({ arrivalRate: lambda, serviceRate: 1, servers: 10 })
      expect(r.meanWait).toBeGreaterThan(prev)
      expect(r.waitP99).toBeGreaterThanOrEqual(r.waitP50)
      prev = r.meanWait
    }
    expect(mmcQueue({ arrivalRate: 0, serviceRate: 1, servers: 3 }).probWait).toBe(0)
  })
  it('reliability monotonicity', () => {
    expect(clusterMtbf({ componentMtbfSeconds: 1e6, count: 2000 })).toBeLessThan(clusterMtbf({ componentMtbfSeconds: 1e6, count: 1000 }))
    expect(failureProbability({ durationSeconds: 200, mtbfSeconds: 100 })).toBeGreaterThan(
      failureProbability({ durationSeconds: 100, mtbfSeconds: 100 })
    )
    expect(stackedAvailability({ availability: 0.9, replicas: 3 })).toBeGreaterThan(stackedAvailability({ availability: 0.9, replicas: 2 }))
    expect(youngDalyInterval({ checkpointSeconds: 120, mtbfSeconds: 3600 })).toBeGreaterThan(
      youngDalyInterval({ checkpointSeconds: 60, mtbfSeconds: 3600 })
    )
  })
  it('pipeline bubble shrinks with microbatches and virtual stages', () => {
    expect(pipelineBubble({ stages: 8, microbatches: 64 })).toBeLessThan(pipelineBubble({ stages: 8, microbatches: 8 }))
    expect(pipelineBubble({ stages: 8, microbatches: 8, virtualStages: 4 })).toBeLessThan(pipelineBubble({ stages: 8, microbatches: 8 }))
  })
})

describe('validation errors name the field', () => {
  it('bandwidth must be > 0', () => {
    const e = thrown(() => ringAllReduce({ bytes: 1, ranks: 2, bandwidth: 0, latency: 0 }))
    expect(e.field).toBe('bandwidth')
    expect(e.message).toBe('bandwidth must be > 0 (got 0)')
  })
  it('ranks must be an integer >= 1', () => {
    expect(thrown(() => treeAllReduce({ bytes: 1, ranks: 0, bandwidth: 1, latency: 0 })).message).toBe('ranks must be >= 1 (got 0)')
    expect(thrown(() => allToAll({ bytes: 1, ranks: 1.5, bandwidth: 1, latency: 0 })).message).toBe('ranks must be an integer (got 1.5)')
  })
  it('non-finite and negative numbers', () => {
    expect(thrown(() => roofline({ flops: NaN, bytes: 1, peakFlops: 1, bandwidth: 1 })).message).toBe(
      'flops must be a finite number (got NaN)'
    )
    expect(thrown(() => roofline({ flops: 1, bytes: -1, peakFlops: 1, bandwidth: 1 })).message).toBe('bytes must be >= 0 (got -1)')
    expect(thrown(() => roofline({ flops: 1, bytes: 1, peakFlops: Infinity, bandwidth: 1 })).field).toBe('peakFlops')
    // a string is not a number
    expect(thrown(() => roofline({ flops: '1' as unknown as number, bytes: 1, peakFlops: 1, bandwidth: 1 })).field).toBe('flops')
  })
  it('every pinned function validates', () => {
    const cases: [string, () => unknown][] = [
      ['parallelFraction', () => amdahl({ parallelFraction: 1.5, speedup: 2 })],
      ['speedup', () => amdahl({ parallelFraction: 0.5, speedup: 0 })],
      [
        'gpusPerNode',
        () =>
          hierarchicalAllReduce({
            bytes: 1,
            nodes: 2,
            gpusPerNode: 0,
            intraBandwidth: 1,
            interBandwidth: 1,
            intraLatency: 0,
            interLatency: 0
          })
      ],
      [
        'interBandwidth',
        () =>
          hierarchicalAllReduce({
            bytes: 1,
            nodes: 2,
            gpusPerNode: 2,
            intraBandwidth: 1,
            interBandwidth: -1,
            intraLatency: 0,
            interLatency: 0
          })
      ],
      [
        'recompute',
        () => activationMemory({ batch: 1, seqLen: 1, hidden: 1, heads: 1, layers: 1, bytesPerValue: 2, recompute: 'some' as 'none' })
      ],
      ['heads', () => activationMemory({ batch: 1, seqLen: 1, hidden: 1, heads: 0, layers: 1, bytesPerValue: 2, recompute: 'none' })],
      ['kvHeads', () => kvCacheBytes({ layers: 1, kvHeads: 2.5, headDim: 1, seqLen: 1, batch: 1, bytesPerValue: 2 })],
      ['pageTokens', () => pagedKvCache({ layers: 1, kvHeads: 1, headDim: 1, seqLen: 1, batch: 1, bytesPerValue: 2, pageTokens: 0 })],
      ['servers', () => mmcQueue({ arrivalRate: 1, serviceRate: 1, servers: 0 })],
      ['serviceRate', () => mmcQueue({ arrivalRate: 1, serviceRate: 0, servers: 1 })],
      ['arrivalRate', () => mmcQueue({ arrivalRate: -1, serviceRate: 1, servers: 1 })],
      ['mtbfSeconds', () => youngDalyInterval({ checkpointSeconds: 1, mtbfSeconds: 0 })],
      ['checkpointSeconds', () => youngDalyInterval({ checkpointSeconds: -1, mtbfSeconds: 1 })],
      ['count', () => clusterMtbf({ componentMtbfSeconds: 1, count: 0 })],
      ['correlation', () => clusterMtbf({ componentMtbfSeconds: 1, count: 1, correlation: 0 })],
      ['components', () => nodeMtbf({ components: [] })],
      [
        'components[1].mtbfSeconds',
        () =>
          nodeMtbf({
            components: [
              { count: 1, mtbfSeconds: 1 },
              { count: 1, mtbfSeconds: 0 }
            ]
          })
      ],
      ['durationSeconds', () => failureProbability({ durationSeconds: -1, mtbfSeconds: 1 })],
      ['microbatches', () => pipelineBubble({ stages: 2, microbatches: 0 })],
      ['virtualStages', () => pipelineBubble({ stages: 2, microbatches: 1, virtualStages: 0.5 })],
      ['availability', () => stackedAvailability({ availability: 1.1, replicas: 1 })],
      ['replicas', () => stackedAvailability({ availability: 0.5, replicas: 0 })],
      ['tokens', () => trainingFlops({ params: 1, tokens: -1 })],
      ['computeFlops', () => chinchillaOptimal({ computeFlops: NaN })],
      ['distanceMeters', () => networkRoundTrip({ distanceMeters: -1 })],
      ['dollarsPerGB', () => egressCostMonthly({ bytesPerSecond: 1, dollarsPerGB: -0.1 })],
      ['params', () => roofline(null as unknown as Parameters<typeof roofline>[0])],
      ['count', () => checkpointGoodput({ componentMtbfSeconds: 1e6, count: 0.5, checkpointSeconds: 1 })],
      ['componentMtbfSeconds', () => checkpointGoodput({ componentMtbfSeconds: 0, count: 1, checkpointSeconds: 1 })],
      ['restartSeconds', () => checkpointGoodput({ componentMtbfSeconds: 1, count: 1, checkpointSeconds: 1, restartSeconds: -1 })],
      ['intervalSeconds', () => checkpointGoodput({ componentMtbfSeconds: 1, count: 1, checkpointSeconds: 1, intervalSeconds: 0 })],
      ['channels', () => peakActivation({ inputHeight: 1, inputWidth: 1, channels: 0 })],
      ['stride', () => peakActivation({ inputHeight: 1, inputWidth: 1, channels: 1, stride: Infinity })],
      ['bits', () => peakActivation({ inputHeight: 1, inputWidth: 1, channels: 1, bits: -8 })],
      [
        'weightBandwidth',
        () =>
          mcuInference({ model: 'ds-cnn-kws', accelerator: 'stm32h743', weightBandwidth: 0, inputHeight: 1, inputWidth: 1, channels: 1 })
      ],
      [
        'inputHeight',
        () =>
          mcuInference({
            model: 'ds-cnn-kws',
            accelerator: 'stm32h743',
            weightBandwidth: 1,
            inputHeight: 'tall' as unknown as number,
            inputWidth: 1,
            channels: 1
          })
      ],
      [
        'efficiency',
        () => mcuInference({ params: 1, peakFlops: 1, efficiency: 2, weightBandwidth: 1, inputHeight: 1, inputWidth: 1, channels: 1 })
      ],
      ['peakFlops', () => mcuInference({ params: 1, weightBandwidth: 1, inputHeight: 1, inputWidth: 1, channels: 1 })]
    ]
    for (const [field, fn] of cases) {
      const e = thrown(fn)
      expect(e.field, `case ${field}`).toBe(field)
      expect(e.message.startsWith(field.split('[')[0]!) || e.message.includes(field), `message "${e.message}" names ${field}`).toBe(true)
    }
  })
  it('unknown catalog ids are reported on the field with the known list', () => {
    const e = thrown(() => inferenceLatency({ model: 'gpt2-small', accelerator: 'x' }))
    expect(e.field).toBe('accelerator')
    expect(e.message).toMatch(/^unknown accelerator "x"; known: .*h100-sxm/)
  })
  it('runSim rejects unknown function names', () => {
    const e = thrown(() => runSim('nope', {}))
    expect(e.message).toMatch(/unknown simulator function "nope"; known: .*roofline/)
  })
})
