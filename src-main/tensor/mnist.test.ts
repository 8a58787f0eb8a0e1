import { readFileSync } from 'node:fs'
import { createRequire } from 'node:module'
import { dirname, join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { encodeMnist, loadMnist, MNIST_PIXELS, mnistTestInputs } from './index'

const dir = dirname(createRequire(__filename).resolve('mnist/package.json'))
const raw = (d: number): number[] => (JSON.parse(readFileSync(join(dir, 'src', 'digits', `${d}.json`), 'utf8')) as { data: number[] }).data

describe('the MNIST digits', () => {
  it('splits all 10,000 digits: sample j of each class is a test digit when j mod 5 = 4', () => {
    const { train, test } = loadMnist()
    const perClass = Array.from({ length: 10 }, (_, d) => raw(d).length / MNIST_PIXELS)
    expect(perClass.reduce((a, b) => a + b, 0)).toBe(10_000)
    // j in [0, n) with j ≡ 4 (mod 5): ⌊n/5⌋ of them per class (j = 4, 9, …).
    const testCount = perClass.reduce((s, n) => s + Math.floor(n / 5), 0)
    expect(test.count).toBe(testCount)
    expect(train.count).toBe(10_000 - testCount)
    expect(train.images.length).toBe(train.count * MNIST_PIXELS)
    // Interleaved classes: the first ten training digits are one of each, 0 to 9.
    expect(Array.from(train.labels.slice(0, 10))).toEqual([0, 1, 2, 3, 4, 5, 6, 7, 8, 9])
    for (let d = 0; d < 10; d++) expect(test.labels.filter((l) => l === d).length).toBe(Math.floor(perClass[d]! / 5))
  })

  it('recovers the original bytes: the first test digit is sample 4 of class 0', () => {
    const { test } = loadMnist()
    const zero = raw(0).slice(4 * MNIST_PIXELS, 5 * MNIST_PIXELS)
    expect(test.labels[0]).toBe(0)
    for (let p = 0; p < MNIST_PIXELS; p++) expect(test.images[p]! / 255).toBeCloseTo(zero[p]!, 3)
    const inputs = mnistTestInputs(3)
    expect(inputs.pixels.length).toBe(3 * MNIST_PIXELS)
    expect(inputs.pixels[200]).toBeCloseTo(test.images[200]! / 255, 6)
    expect(Array.from(inputs.labels)).toEqual(Array.from(test.labels.slice(0, 3)))
  })

  it('encodes both splits as base64 bytes for the sandbox', () => {
    const e = encodeMnist()
    expect(e.side).toBe(28)
    const bytes = Buffer.from(e.test.images, 'base64')
    expect(bytes.length).toBe(e.test.count * MNIST_PIXELS)
    expect(Array.from(bytes.subarray(0, 784))).toEqual(Array.from(loadMnist().test.images.subarray(0, 784)))
  })
})
