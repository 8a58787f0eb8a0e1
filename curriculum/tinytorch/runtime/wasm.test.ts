// The WebAssembly SIMD matmul kernel: its bytes come from gemm.wat, it agrees with the JavaScript kernel,
// and a sandbox that may not compile WebAssembly gets the same results through installKernels or the
// JavaScript fallback.
import { readFileSync } from 'node:fs'
import vm from 'node:vm'
import { fileURLToPath } from 'node:url'
import { build } from 'esbuild'
import wabtInit from 'wabt'
import { afterEach, describe, expect, it } from 'vitest'
import { nd } from './index'
import { GEMM_WASM_BASE64 } from './gemmWasm'

/** float64 triple loop: the independent reference. */
function exact(a: Float32Array, b: Float32Array, m: number, k: number, n: number): Float64Array {
  const c = new Float64Array(m * n)
  for (let i = 0; i < m; i++) for (let p = 0; p < k; p++) for (let j = 0; j < n; j++) c[i * n + j]! += a[i * k + p]! * b[p * n + j]!
  return c
}

function maxError(got: Float32Array, want: Float64Array): number {
  let e = 0
  for (let i = 0; i < want.length; i++) e = Math.max(e, Math.abs(got[i]! - want[i]!))
  return e
}

afterEach(() => {
  nd.installKernels(new WebAssembly.Module(nd.kernelWasmBytes() as Uint8Array<ArrayBuffer>))
})

describe('the WebAssembly matmul kernel', () => {
  it('gemmWasm.ts holds exactly what gemm.wat assembles to (npm run gen:kernels)', async () => {
    const wabt = await wabtInit()
    const wat = readFileSync(fileURLToPath(new URL('./gemm.wat', import.meta.url)), 'utf8')
    const bytes = wabt.parseWat('gemm.wat', wat, { simd: true, relaxed_simd: true }).toBinary({}).buffer
    expect(Buffer.from(bytes).toString('base64')).toBe(GEMM_WASM_BASE64)
    expect(Array.from(nd.kernelWasmBytes())).toEqual(Array.from(bytes))
  })

  it('is used outside the sandbox and agrees with float64 on ragged shapes, batches and broadcast batches', () => {
    expect(nd.kernelBackend()).toBe('wasm-simd')
    const rng = new nd.Random(5)
    // m not a multiple of 4, n not a multiple of 8, k odd; and sizes above and below the wasm threshold.
    for (const [m, k, n] of [
      [7, 33, 13],
      [64, 64, 64],
      [5, 200, 9],
      [130, 17, 250],
      [3, 3, 3]
    ] as const) {
      const a = rng.normal([m, k])
      const b = rng.normal([k, n])
      const got = nd.matmul(a, b)
      expect(got.shape).toEqual([m, n])
      // float32 accumulation over k terms of size ~1: error grows like sqrt(k)·2^-24·|terms|.
      expect(maxError(got.data, exact(a.data, b.data, m, k, n)), `${m}x${k}x${n}`).toBeLessThan(1e-4 * Math.sqrt(k))
    }
    const a = rng.normal([3, 2, 20, 30])
    const b = rng.normal([2, 30, 12])
    const got = nd.matmul(a, b)
    expect(got.shape).toEqual([3, 2, 20, 12])
    for (let i = 0; i < 3; i++)
      for (let j = 0; j < 2; j++) {
        const slab = got.slice(i, j).copy().data
        const want = exact(a.slice(i, j).copy().data, b.slice(j).copy().data, 20, 30, 12)
        expect(maxError(slab, want)).toBeLessThan(1e-4)
      }
  })

  it('gives the JavaScript kernel’s answers within float32 rounding', () => {
    const rng = new nd.Random(9)
    const a = rng.normal([96, 150])
    const b = rng.normal([150, 70])
    const fast = nd.matmul(a, b)
    nd.selectJavaScriptKernels()
    expect(nd.kernelBackend()).toBe('js')
    const slow = nd.matmul(a, b)
    expect(nd.allclose(fast, slow, 1e-4, 1e-4)).toBe(true)
  })

  it('refuses a module that is not the kernel', () => {
    // The smallest valid module: magic number and version, nothing exported.
    const empty = new WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0]))
    expect(() => nd.installKernels(empty)).toThrow(/does not export gemm and memory/)
  })

  it('in a context that may not compile WebAssembly: JavaScript until installKernels hands over a compiled module', async () => {
    const result = await build({
      entryPoints: [fileURLToPath(new URL('./index.ts', import.meta.url))],
      bundle: true,
      format: 'iife',
      globalName: 'TinyTorchRuntime',
      target: 'es2022',
      platform: 'neutral',
      write: false,
      logLevel: 'silent'
    })
    const context = vm.createContext(vm.constants.DONT_CONTEXTIFY, { codeGeneration: { strings: false, wasm: false } })
    vm.runInContext(result.outputFiles[0]!.text, context)
    const probe = `(() => {
      const { nd } = globalThis.TinyTorchRuntime
      const r = new nd.Random(3)
      const y = nd.matmul(r.normal([40, 50]), r.normal([50, 30]))
      return JSON.stringify({ backend: nd.kernelBackend(), sum: y.sum().item() })
    })()`
    const before = JSON.parse(vm.runInContext(probe, context) as string) as { backend: string; sum: number }
    expect(before.backend).toBe('js')
    // What the trusted prelude does: compile outside, hand the module in, drop the reference.
    ;(context as { kernelModule?: WebAssembly.Module }).kernelModule = new WebAssembly.Module(
      nd.kernelWasmBytes() as Uint8Array<ArrayBuffer>
    )
    vm.runInContext('TinyTorchRuntime.nd.installKernels(globalThis.kernelModule); delete globalThis.kernelModule', context)
    const after = JSON.parse(vm.runInContext(probe, context) as string) as { backend: string; sum: number }
    expect(after.backend).toBe('wasm-simd')
    expect(after.sum).toBeCloseTo(before.sum, 2)
  })
})
