// Low-level numeric kernels on raw Float32Array buffers (row-major).
//
// matmul has two implementations. Where WebAssembly can be compiled (vitest, scripts) or a compiled
// module was handed over with installKernels (the grader's sandbox compiles nothing itself), large
// products run in the WebAssembly SIMD kernel of gemm.wat: four float32 lanes per instruction with fused
// multiply-adds, about ten times the JavaScript kernel below. Everywhere else the JavaScript kernel runs.
//
// The JavaScript kernel is the classic "pack + register-block" design used by
// BLAS libraries, scaled down to what a JavaScript JIT handles well:
//   1. B is copied once into column panels 4 wide, so the inner loop reads
//      it sequentially (panel p holds B[:, 4p..4p+3] as k rows of 4 values).
//   2. Rows of A are processed in blocks of ROW_BLOCK, so a block of A stays
//      in cache while every panel of B streams past it.
//   3. The micro-kernel computes a 4x4 tile of C in 16 local variables
//      (registers), doing 16 multiply-adds per 8 loads.

import { GEMM_WASM_BASE64 } from './gemmWasm'

const ROW_BLOCK = 64

let packScratch = new Float32Array(0)

function scratch(n: number): Float32Array {
  if (packScratch.length < n) packScratch = new Float32Array(Math.max(n, packScratch.length * 2))
  return packScratch
}

/** Packs B (k x n, row-major at bOff) into 4-column panels, zero padded. */
function packB(B: Float32Array, bOff: number, k: number, n: number, out: Float32Array): void {
  const panels = (n + 3) >> 2
  for (let pj = 0; pj < panels; pj++) {
    const j = pj << 2
    const base = pj * k * 4
    const w = Math.min(4, n - j)
    if (w === 4) {
      for (let p = 0; p < k; p++) {
        const s = bOff + p * n + j
        const d = base + (p << 2)
        out[d] = B[s]
        out[d + 1] = B[s + 1]
        out[d + 2] = B[s + 2]
        out[d + 3] = B[s + 3]
      }
    } else {
      for (let p = 0; p < k; p++) {
        const s = bOff + p * n + j
        const d = base + (p << 2)
        for (let t = 0; t < 4; t++) out[d + t] = t < w ? B[s + t] : 0
      }
    }
  }
}

/**
 * C[m x n] = A[m x k] @ B[k x n]; all row-major and contiguous starting at
 * the given offsets. C is fully overwritten.
 */
function jsMatmul(
  A: Float32Array,
  aOff: number,
  B: Float32Array,
  bOff: number,
  C: Float32Array,
  cOff: number,
  m: number,
  k: number,
  n: number
): void {
  if (m === 0 || n === 0) return
  if (k === 0) {
    C.fill(0, cOff, cOff + m * n)
    return
  }
  if (n === 1) {
    // matrix-vector: a plain dot product per row is already optimal
    for (let i = 0; i < m; i++) {
      const ai = aOff + i * k
      let s0 = 0,
        s1 = 0
      let p = 0
      for (; p + 2 <= k; p += 2) {
        s0 += A[ai + p] * B[bOff + p]
        s1 += A[ai + p + 1] * B[bOff + p + 1]
      }
      if (p < k) s0 += A[ai + p] * B[bOff + p]
      C[cOff + i] = s0 + s1
    }
    return
  }
  const panels = (n + 3) >> 2
  const Bp = scratch(panels * k * 4)
  packB(B, bOff, k, n, Bp)
  const k4 = k << 2
  for (let i0 = 0; i0 < m; i0 += ROW_BLOCK) {
    const i1 = Math.min(m, i0 + ROW_BLOCK)
    for (let pj = 0; pj < panels; pj++) {
      const j = pj << 2
      const w = Math.min(4, n - j)
      const pb = pj * k4
      let i = i0
      for (; i + 4 <= i1; i += 4) {
        const a0 = aOff + i * k,
          a1 = a0 + k,
          a2 = a1 + k,
          a3 = a2 + k
        let c00 = 0,
          c01 = 0,
          c02 = 0,
          c03 = 0
        let c10 = 0,
          c11 = 0,
          c12 = 0,
          c13 = 0
        let c20 = 0,
          c21 = 0,
          c22 = 0,
          c23 = 0
        let c30 = 0,
          c31 = 0,
          c32 = 0,
          c33 = 0
        for (let p = 0, q = pb; p < k; p++, q += 4) {
          const b0 = Bp[q],
            b1 = Bp[q + 1],
            b2 = Bp[q + 2],
            b3 = Bp[q + 3]
          let a = A[a0 + p]
          c00 += a * b0
          c01 += a * b1
          c02 += a * b2
          c03 += a * b3
          a = A[a1 + p]
          c10 += a * b0
          c11 += a * b1
          c12 += a * b2
          c13 += a * b3
          a = A[a2 + p]
          c20 += a * b0
          c21 += a * b1
          c22 += a * b2
          c23 += a * b3
          a = A[a3 + p]
          c30 += a * b0
          c31 += a * b1
          c32 += a * b2
          c33 += a * b3
        }
        const c = cOff + i * n + j
        if (w === 4) {
          C[c] = c00
          C[c + 1] = c01
          C[c + 2] = c02
          C[c + 3] = c03
          C[c + n] = c10
          C[c + n + 1] = c11
          C[c + n + 2] = c12
          C[c + n + 3] = c13
          const c2 = c + 2 * n
          C[c2] = c20
          C[c2 + 1] = c21
          C[c2 + 2] = c22
          C[c2 + 3] = c23
          const c3 = c + 3 * n
          C[c3] = c30
          C[c3 + 1] = c31
          C[c3 + 2] = c32
          C[c3 + 3] = c33
        } else {
          store(C, c, w, c00, c01, c02)
          store(C, c + n, w, c10, c11, c12)
          store(C, c + 2 * n, w, c20, c21, c22)
          store(C, c + 3 * n, w, c30, c31, c32)
        }
      }
      // leftover rows (fewer than 4): one row at a time against the panel
      for (; i < i1; i++) {
        const a0 = aOff + i * k
        let c0 = 0,
          c1 = 0,
          c2 = 0,
          c3 = 0
        for (let p = 0, q = pb; p < k; p++, q += 4) {
          const a = A[a0 + p]
          c0 += a * Bp[q]
          c1 += a * Bp[q + 1]
          c2 += a * Bp[q + 2]
          c3 += a * Bp[q + 3]
        }
        const c = cOff + i * n + j
        if (w === 4) {
          C[c] = c0
          C[c + 1] = c1
          C[c + 2] = c2
          C[c + 3] = c3
        } else store(C, c, w, c0, c1, c2)
      }
    }
  }
}

// ------------------------------------------------------------------ WebAssembly

/** Below this many multiply-adds, copying into WebAssembly memory costs more than it saves. */
const WASM_MIN_WORK = 4096
/** The kernel's memory never grows past this; larger products use the JavaScript kernel. */
const WASM_MAX_BYTES = 1 << 30

interface WasmGemm {
  memory: { buffer: ArrayBuffer; grow(pages: number): number }
  gemm: (a: number, p: number, c: number, m: number, k: number, ldc: number) => void
}

let wasm: WasmGemm | null = null
let wasmTried = false
let view = new Float32Array(0)

/** Which matmul kernel large products use: 'wasm-simd' or 'js'. */
export function kernelBackend(): 'wasm-simd' | 'js' {
  ensureWasm()
  return wasm ? 'wasm-simd' : 'js'
}

/**
 * Hands the runtime a compiled WebAssembly module of gemm.wat (`new WebAssembly.Module(kernelWasmBytes())`),
 * for code that may not compile WebAssembly itself, such as the grader's sandbox. The module is
 * instantiated at once and not kept. Returns true when the SIMD kernel is now in use; throws when the
 * module does not export what the kernel needs.
 */
export function installKernels(module: WebAssembly.Module): boolean {
  wasm = instantiate(module)
  wasmTried = true
  view = new Float32Array(wasm.memory.buffer)
  return true
}

/** Forgets the WebAssembly kernel: every matmul runs in JavaScript (for tests and benchmarks). */
export function selectJavaScriptKernels(): void {
  wasm = null
  wasmTried = true
}

/** The bytes of the compiled kernel module (decoded from gemmWasm.ts). */
export function kernelWasmBytes(): Uint8Array {
  return decodeBase64(GEMM_WASM_BASE64)
}

function instantiate(module: WebAssembly.Module): WasmGemm {
  const exports = new WebAssembly.Instance(module, {}).exports as Partial<WasmGemm>
  if (typeof exports.gemm !== 'function' || !exports.memory || !(exports.memory.buffer instanceof ArrayBuffer)) {
    throw new Error('installKernels(): the module does not export gemm and memory (is it gemm.wat?)')
  }
  return exports as WasmGemm
}

/** Compiles the kernel on first use where compiling is allowed; inside the sandbox this fails quietly. */
function ensureWasm(): void {
  if (wasmTried) return
  wasmTried = true
  try {
    if (typeof WebAssembly === 'undefined') return
    wasm = instantiate(new WebAssembly.Module(kernelWasmBytes() as Uint8Array<ArrayBuffer>))
    view = new Float32Array(wasm.memory.buffer)
  } catch {
    wasm = null
  }
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function decodeBase64(text: string): Uint8Array {
  const lookup = new Uint8Array(128)
  for (let i = 0; i < B64.length; i++) lookup[B64.charCodeAt(i)] = i
  const clean = text.replace(/=+$/, '')
  const out = new Uint8Array((clean.length * 3) >> 2)
  let bits = 0
  let acc = 0
  let o = 0
  for (let i = 0; i < clean.length; i++) {
    acc = (acc << 6) | lookup[clean.charCodeAt(i)]
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 255
    }
  }
  return out
}

/** A Float32Array over the kernel's memory with room for `floats` values (grown and re-viewed when needed). */
function wasmView(w: WasmGemm, floats: number): Float32Array | null {
  const bytes = floats * 4
  if (bytes > WASM_MAX_BYTES) return null
  const have = w.memory.buffer.byteLength
  if (bytes > have) w.memory.grow(Math.ceil((bytes - have) / 65536))
  if (view.buffer !== w.memory.buffer) view = new Float32Array(w.memory.buffer)
  return view
}

function wasmMatmul(
  w: WasmGemm,
  A: Float32Array,
  aOff: number,
  B: Float32Array,
  bOff: number,
  C: Float32Array,
  cOff: number,
  m: number,
  k: number,
  n: number
): boolean {
  const ldc = (n + 7) & ~7
  const aAt = 0
  const pAt = m * k
  const cAt = pAt + k * ldc
  const f = wasmView(w, cAt + m * ldc)
  if (!f) return false
  f.set(A.subarray(aOff, aOff + m * k), aAt)
  // Pack B into panels of 8 columns, zero padded (see gemm.wat).
  for (let j = 0; j < n; j += 8) {
    const width = Math.min(8, n - j)
    let d = pAt + j * k
    let s = bOff + j
    if (width === 8) {
      for (let p = 0; p < k; p++, d += 8, s += n) {
        f[d] = B[s]
        f[d + 1] = B[s + 1]
        f[d + 2] = B[s + 2]
        f[d + 3] = B[s + 3]
        f[d + 4] = B[s + 4]
        f[d + 5] = B[s + 5]
        f[d + 6] = B[s + 6]
        f[d + 7] = B[s + 7]
      }
    } else {
      for (let p = 0; p < k; p++, d += 8, s += n) for (let t = 0; t < 8; t++) f[d + t] = t < width ? B[s + t] : 0
    }
  }
  w.gemm(aAt * 4, pAt * 4, cAt * 4, m, k, ldc)
  if (ldc === n) C.set(f.subarray(cAt, cAt + m * n), cOff)
  else for (let i = 0; i < m; i++) C.set(f.subarray(cAt + i * ldc, cAt + i * ldc + n), cOff + i * n)
  return true
}

/**
 * C[m x n] = A[m x k] @ B[k x n]; all row-major and contiguous starting at
 * the given offsets. C is fully overwritten.
 */
export function matmulKernel(
  A: Float32Array,
  aOff: number,
  B: Float32Array,
  bOff: number,
  C: Float32Array,
  cOff: number,
  m: number,
  k: number,
  n: number
): void {
  ensureWasm()
  if (wasm && n >= 4 && k > 0 && m * k * n >= WASM_MIN_WORK && wasmMatmul(wasm, A, aOff, B, bOff, C, cOff, m, k, n)) return
  jsMatmul(A, aOff, B, bOff, C, cOff, m, k, n)
}

/** Stores the first `w` (< 4) values of a partial tile row. */
function store(C: Float32Array, c: number, w: number, v0: number, v1: number, v2: number): void {
  C[c] = v0
  if (w > 1) C[c + 1] = v1
  if (w > 2) C[c + 2] = v2
}

/** Reference triple loop, kept for tests and for learners to compare against. */
export function matmulNaive(A: Float32Array, B: Float32Array, m: number, k: number, n: number): Float32Array {
  const C = new Float32Array(m * n)
  for (let i = 0; i < m; i++) {
    for (let j = 0; j < n; j++) {
      let s = 0
      for (let p = 0; p < k; p++) s += A[i * k + p] * B[p * n + j]
      C[i * n + j] = s
    }
  }
  return C
}
