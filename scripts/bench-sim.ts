// Micro-benchmark of the analytical simulator: mean time of one evaluation of each
// higher-level model, and of 10,000-point sweeps. Run: npx tsx scripts/bench-sim.ts
import {
  compression,
  inferenceLatency,
  llmServing,
  loadCatalog,
  parallelStep,
  sustainability,
  sweep,
  tco,
  trainingMemory,
  trainingStep
} from '../src-main/sim/index'

function timeIt(fn: () => unknown, minMs = 200): { meanMs: number; runs: number } {
  for (let i = 0; i < 200; i++) fn() // warm up the JIT
  let runs = 0
  const start = performance.now()
  let now = start
  while (now - start < minMs) {
    for (let i = 0; i < 100; i++) fn()
    runs += 100
    now = performance.now()
  }
  return { meanMs: (now - start) / runs, runs }
}

function fmt(ms: number): string {
  return ms < 1 ? `${(ms * 1000).toFixed(2)} us` : `${ms.toFixed(2)} ms`
}

const t0 = performance.now()
loadCatalog()
console.log(`loadCatalog (zod validation, first call): ${fmt(performance.now() - t0)}`)

const cases: [string, () => unknown][] = [
  ['inferenceLatency', () => inferenceLatency({ model: 'llama3-8b', accelerator: 'h100-sxm', batch: 8, contextTokens: 2048 })],
  ['trainingStep', () => trainingStep({ model: 'gpt2-small', accelerator: 'a100-80gb', batch: 8, efficiency: 0.5 })],
  [
    'trainingMemory',
    () =>
      trainingMemory({
        model: 'llama3-70b',
        accelerator: 'h100-sxm',
        zeroStage: 3,
        dataParallel: 8,
        tensorParallel: 8,
        recompute: 'selective'
      })
  ],
  ['llmServing', () => llmServing({ model: 'llama3-8b', accelerator: 'h100-sxm', batch: 16 })],
  [
    'parallelStep',
    () =>
      parallelStep({
        model: 'llama3-70b',
        cluster: 'h100-32node-ndr',
        dataParallel: 8,
        tensorParallel: 8,
        pipelineParallel: 4,
        globalBatch: 512,
        efficiency: 0.5
      })
  ],
  ['sustainability', () => sustainability({ accelerator: 'h100-sxm', devices: 256, durationSeconds: 30 * 86400, grid: 'us' })],
  ['tco', () => tco({ accelerator: 'h100-sxm', devices: 8, grid: 'us' })],
  ['compression', () => compression({ model: 'llama3-8b', bitsAfter: 4, scaleBitsPerParam: 0.125 })]
]

console.log('\nmean time of one evaluation:')
for (const [name, fn] of cases) {
  const { meanMs, runs } = timeIt(fn)
  console.log(`  ${name.padEnd(18)} ${fmt(meanMs).padStart(10)}   (${runs} runs)`)
}

const range = (n: number, f: (i: number) => number) => Array.from({ length: n }, (_, i) => f(i))
const sweeps: [string, () => { count: number; errors: number }][] = [
  [
    'inferenceLatency batch x efficiency',
    () =>
      sweep({
        model: 'inferenceLatency',
        base: { model: 'llama3-8b', accelerator: 'h100-sxm' },
        axes: { batch: range(100, (i) => i + 1), efficiency: range(100, (i) => (i + 1) / 100) }
      })
  ],
  [
    'parallelStep dp x tp x m x eff',
    () =>
      sweep({
        model: 'parallelStep',
        base: { model: 'llama3-70b', cluster: 'h100-32node-ndr', pipelineParallel: 4 },
        axes: {
          dataParallel: [1, 2, 4, 8],
          tensorParallel: [1, 2, 4, 8],
          microbatches: range(25, (i) => i + 1),
          efficiency: range(25, (i) => 0.3 + i * 0.02)
        }
      })
  ],
  [
    'ringAllReduce bytes x ranks',
    () =>
      sweep({
        model: 'ringAllReduce',
        base: { bandwidth: 5e10, latency: 1e-6 },
        axes: { bytes: range(100, (i) => (i + 1) * 1e7), ranks: range(100, (i) => i + 1) }
      })
  ]
]

console.log('\n10,000-point sweeps (mean of 10 after 2 warm-up runs):')
for (const [name, fn] of sweeps) {
  fn()
  fn()
  const runs = 10
  let count = 0
  let errors = 0
  const start = performance.now()
  for (let i = 0; i < runs; i++) ({ count, errors } = fn())
  const meanMs = (performance.now() - start) / runs
  console.log(`  ${name.padEnd(38)} ${fmt(meanMs).padStart(10)}   (${count} points, ${errors} invalid)`)
}

// Calibration: how fast is this machine? (a plain loop; ~70-100 ms on a typical 2020s laptop)
const c0 = performance.now()
let acc = 0
for (let i = 0; i < 1e8; i++) acc += i * 0.5
console.log(`\ncalibration: 1e8 multiply-adds in ${fmt(performance.now() - c0)} (checksum ${acc > 0 ? 'ok' : 'bad'})`)
