// Tensor execution side by side: nd's matmul (WebAssembly SIMD and plain JavaScript kernels) against
// ONNX Runtime with one thread and with all threads, the machine's peak estimate, a conv2d and an MLP
// training step. Prints a markdown table for docs/performance.md and writes the figures the systems
// panels of modules 01 and 09 show (curriculum/tinytorch/runtime/referenceMachine.ts).
// Run: npm run bench:tensor  (add --no-write to leave referenceMachine.ts alone)
import { readFileSync, writeFileSync } from 'node:fs'
import { cpus } from 'node:os'
import { join } from 'node:path'
import { nd } from '../curriculum/tinytorch/runtime'
import { Tensor } from '../curriculum/tinytorch/reference/01_tensor'
import { ReLU } from '../curriculum/tinytorch/reference/02_activations'
import { Linear, Sequential } from '../curriculum/tinytorch/reference/03_layers'
import { CrossEntropyLoss } from '../curriculum/tinytorch/reference/04_losses'
import { enableAutograd } from '../curriculum/tinytorch/reference/05_autograd'
import { Adam } from '../curriculum/tinytorch/reference/06_optimizers'
import { Conv2d } from '../curriculum/tinytorch/reference/09_spatial'
import { encodeGraph, onnxAttribute, runOnnx } from '../src-main/tensor'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

/** Median seconds per call, repeating until about `budget` seconds have passed (at least 3 calls). */
function time(fn: () => void, budget = 0.6): number {
  fn()
  const times: number[] = []
  const start = performance.now()
  while (times.length < 3 || (performance.now() - start) / 1000 < budget) {
    const t = performance.now()
    fn()
    times.push((performance.now() - t) / 1000)
    if (times.length >= 200) break
  }
  return median(times)
}

/** Peak float32 FLOP/s of one core: GHz × lanes × 2 (fused multiply-add) × 2 FMA units, from /proc/cpuinfo. */
function peakPerCore(): { gflops: number; how: string } {
  let flags = ''
  let mhz = cpus()[0]?.speed ?? 0
  try {
    const info = readFileSync('/proc/cpuinfo', 'utf8')
    flags = /^flags\s*:(.*)$/m.exec(info)?.[1] ?? ''
    mhz = Number(/^cpu MHz\s*:\s*([\d.]+)/m.exec(info)?.[1] ?? mhz)
  } catch {
    // not Linux: the frequency from os.cpus() and no vector width
  }
  const lanes = / avx512f/.test(flags) ? 16 : / avx2/.test(flags) && / fma/.test(flags) ? 8 : 4
  const gflops = (mhz / 1000) * lanes * 2 * 2
  return { gflops, how: `${(mhz / 1000).toFixed(2)} GHz × ${lanes} float32 lanes × 2 (FMA) × 2 FMA units` }
}

function matmulGraph(n: number): Uint8Array {
  return encodeGraph({
    nodes: [{ opType: 'MatMul', input: ['input', 'b'], output: ['output'] }],
    initializers: [{ name: 'b', dims: [n, n], values: nd.normal([n, n]).data }],
    inputs: [{ name: 'input', shape: [n, n] }],
    outputs: [{ name: 'output', shape: [n, n] }]
  })
}

async function main(): Promise<void> {
  const write = !process.argv.includes('--no-write')
  const threads = cpus().length
  const peak = peakPerCore()
  const cpu = cpus()[0]?.model ?? 'unknown CPU'
  console.log(`${cpu}, ${threads} cores; peak estimate ${peak.gflops.toFixed(0)} GFLOP/s per core (${peak.how})\n`)

  const rows: string[][] = []
  const figures: Record<string, number> = {}
  for (const n of [64, 256, 512, 1024]) {
    const a = nd.normal([n, n])
    const b = nd.normal([n, n])
    const flops = 2 * n ** 3
    nd.installKernels(new WebAssembly.Module(nd.kernelWasmBytes() as Uint8Array<ArrayBuffer>))
    const wasm = flops / time(() => nd.matmul(a, b)) / 1e9
    nd.selectJavaScriptKernels()
    const js = flops / time(() => nd.matmul(a, b), n >= 1024 ? 2 : 0.6) / 1e9
    nd.installKernels(new WebAssembly.Module(nd.kernelWasmBytes() as Uint8Array<ArrayBuffer>))
    const graph = matmulGraph(n)
    const ort1 = flops / (await runOnnx(graph, a.data, [n], n, { threads: 1, repeats: n >= 1024 ? 5 : 20 })).secondsPerBatch / 1e9
    const ortAll = flops / (await runOnnx(graph, a.data, [n], n, { threads: 0, repeats: n >= 1024 ? 5 : 20 })).secondsPerBatch / 1e9
    rows.push([
      `matmul ${n}²`,
      `${wasm.toFixed(1)}`,
      `${js.toFixed(1)}`,
      `${ort1.toFixed(1)}`,
      `${ortAll.toFixed(1)}`,
      `${peak.gflops.toFixed(0)} / ${(peak.gflops * threads).toFixed(0)}`
    ])
    if (n === 512)
      Object.assign(figures, {
        ndMatmulGflops512: wasm,
        ndJsMatmulGflops512: js,
        ortMatmulGflops512: ort1,
        ortAllThreadsMatmulGflops512: ortAll
      })
  }
  console.log(
    '| GFLOP/s | nd (WebAssembly SIMD) | nd (JavaScript) | ONNX Runtime, 1 thread | ONNX Runtime, all threads | peak, 1 core / all |'
  )
  console.log('| --- | --- | --- | --- | --- | --- |')
  for (const r of rows) console.log(`| ${r.join(' | ')} |`)

  // The CNN milestone's second convolution: 32 maps of 8×12×12, 16 filters of 5×5.
  const conv = new Conv2d(8, 16, 5, { seed: 1 })
  const x = Tensor.fromND(nd.normal([32, 8, 12, 12]))
  const convNd = time(() => conv.forward(x))
  nd.selectJavaScriptKernels()
  const convJs = time(() => conv.forward(x))
  nd.installKernels(new WebAssembly.Module(nd.kernelWasmBytes() as Uint8Array<ArrayBuffer>))
  const convGraph = encodeGraph({
    nodes: [{ opType: 'Conv', input: ['input', 'w', 'b'], output: ['output'], attribute: [onnxAttribute.ints('kernel_shape', [5, 5])] }],
    initializers: [
      { name: 'w', dims: [16, 8, 5, 5], values: conv.weight.data },
      { name: 'b', dims: [16], values: conv.bias!.data }
    ],
    inputs: [{ name: 'input', shape: [32, 8, 12, 12] }],
    outputs: [{ name: 'output', shape: [32, 16, 8, 8] }]
  })
  const convOrt = (await runOnnx(convGraph, x.data, [8, 12, 12], 32, { threads: 1, repeats: 20 })).secondsPerBatch
  const convFlops = 2 * 32 * 16 * 8 * 8 * 8 * 5 * 5

  // One training step of the MLP milestone's model: 784 → 256 → 10, batch 64, cross-entropy, Adam.
  enableAutograd()
  const mlp = new Sequential(new Linear(784, 256, true, 1), new ReLU(), new Linear(256, 10, true, 2))
  const opt = new Adam(mlp.parameters(), { lr: 1e-3 })
  const ce = new CrossEntropyLoss()
  const xb = Tensor.fromND(nd.uniform([64, 784]))
  const yb = Tensor.fromND(nd.randint(0, 10, [64]))
  const step = (): void => {
    opt.zeroGrad()
    ce.forward(mlp.forward(xb), yb).backward()
    opt.step()
  }
  const stepNd = time(step)
  nd.selectJavaScriptKernels()
  const stepJs = time(step)
  console.log('\n| workload | nd (WebAssembly SIMD) | nd (JavaScript) | ONNX Runtime, 1 thread |')
  console.log('| --- | --- | --- | --- |')
  const ms = (s: number): string => `${(s * 1e3).toFixed(2)} ms`
  console.log(
    `| conv2d 32×8×12×12, 16 filters 5×5 (${(convFlops / 1e6).toFixed(0)} MFLOP) | ${ms(convNd)} | ${ms(convJs)} | ${ms(convOrt)} |`
  )
  console.log(`| MLP training step 784→256→10, batch 64 (forward, backward, Adam) | ${ms(stepNd)} | ${ms(stepJs)} | — (inference only) |`)

  if (write) {
    const date = new Date().toISOString().slice(0, 10)
    const path = join(__dirname, '..', 'curriculum', 'tinytorch', 'runtime', 'referenceMachine.ts')
    const round = (v: number): number => Math.round(v * 100) / 100
    writeFileSync(
      path,
      '// Written by `npm run bench:tensor`; do not edit. Figures of the machine the benchmark last ran on, for\n' +
        '// the systems panels to compare with (see docs/performance.md).\n' +
        'export const referenceMachine = {\n' +
        `  date: '${date}',\n` +
        `  cpu: ${JSON.stringify(`${cpu}, ${threads} cores`)},\n` +
        `  ndMatmulGflops512: ${round(figures.ndMatmulGflops512!)},\n` +
        `  ndJsMatmulGflops512: ${round(figures.ndJsMatmulGflops512!)},\n` +
        `  ortMatmulGflops512: ${round(figures.ortMatmulGflops512!)},\n` +
        `  ortAllThreadsMatmulGflops512: ${round(figures.ortAllThreadsMatmulGflops512!)},\n` +
        `  peakGflopsPerCore: ${round(peak.gflops)},\n` +
        `  conv2dSecondsNd: ${convNd.toPrecision(3)},\n` +
        `  conv2dSecondsOrt: ${convOrt.toPrecision(3)}\n` +
        '} as const\n'
    )
    console.log(`\nwrote ${path}`)
  }
}

void main()
