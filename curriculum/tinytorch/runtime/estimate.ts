// Back-of-the-envelope systems numbers: memory footprints and FLOP counts.
// Later modules use these to compare what a model *should* cost with what
// the profiler measures.

import { NDArray } from './ndarray'
import { normalizeShape, shapeSize } from './shape'
import type { ShapeLike } from './shape'

/** Every NDArray element is a float32. */
export const BYTES_PER_ELEMENT = 4

/**
 * Bytes needed to hold the elements of an array (or the total over a list of
 * arrays, e.g. all parameters of a model). Counts logical elements: a
 * broadcast view of one value still counts as `size` elements.
 */
export function bytesOf(x: NDArray | readonly NDArray[]): number {
  if (x instanceof NDArray) return x.size * BYTES_PER_ELEMENT
  let total = 0
  for (const a of x) total += a.size * BYTES_PER_ELEMENT
  return total
}

/** Bytes for a float32 array of the given shape, without creating it. */
export function bytesOfShape(shape: ShapeLike): number {
  return shapeSize(normalizeShape(shape)) * BYTES_PER_ELEMENT
}

/** Total number of elements over a list of arrays (a model's parameter count). */
export function paramCount(arrays: readonly NDArray[]): number {
  let n = 0
  for (const a of arrays) n += a.size
  return n
}

/** FLOPs of an [m,k] @ [k,n] matrix product: one multiply and one add per term, 2*m*k*n. */
export function matmulFlops(m: number, k: number, n: number): number {
  return 2 * m * k * n
}

/**
 * FLOPs of a dense (linear) layer on a batch: the matmul plus one add per
 * output for the bias.
 */
export function linearFlops(batch: number, inFeatures: number, outFeatures: number, bias = true): number {
  return matmulFlops(batch, inFeatures, outFeatures) + (bias ? batch * outFeatures : 0)
}

/**
 * Arithmetic intensity of a matmul in FLOPs per byte, assuming each operand
 * is read once and the result written once (the roofline model's x-axis).
 */
export function matmulIntensity(m: number, k: number, n: number): number {
  const bytes = (m * k + k * n + m * n) * BYTES_PER_ELEMENT
  return matmulFlops(m, k, n) / bytes
}

/** Human-readable byte count using binary units: `formatBytes(1536)` -> "1.50 KiB". */
export function formatBytes(bytes: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB']
  let v = bytes
  let u = 0
  while (Math.abs(v) >= 1024 && u < units.length - 1) {
    v /= 1024
    u++
  }
  return u === 0 ? `${v} B` : `${v.toFixed(2)} ${units[u]}`
}

/** Human-readable FLOP count using decimal units: `formatFlops(2e9)` -> "2.00 GFLOP". */
export function formatFlops(flops: number): string {
  const units = ['FLOP', 'KFLOP', 'MFLOP', 'GFLOP', 'TFLOP', 'PFLOP']
  let v = flops
  let u = 0
  while (Math.abs(v) >= 1000 && u < units.length - 1) {
    v /= 1000
    u++
  }
  return u === 0 ? `${v} FLOP` : `${v.toFixed(2)} ${units[u]}`
}

/**
 * FLOPs of a 2-D convolution of NCHW inputs, [n, cin, h, w] with a [cout, cin, kh, kw] kernel: each of the
 * n·cout·OH·OW outputs takes cin·kh·kw multiply-adds (the bias is not counted).
 */
export function conv2dFlops(
  n: number,
  cin: number,
  h: number,
  w: number,
  cout: number,
  kh: number,
  kw: number,
  stride = 1,
  padding = 0
): number {
  const oh = Math.floor((h + 2 * padding - kh) / stride) + 1
  const ow = Math.floor((w + 2 * padding - kw) / stride) + 1
  return 2 * n * cout * oh * ow * cin * kh * kw
}

export { referenceMachine } from './referenceMachine'
