/**
 * Running exported models in ONNX Runtime (onnxruntime-node, CPU) and comparing them with the learner's
 * own outputs. I/O-free apart from the native runtime itself.
 */
import * as ort from 'onnxruntime-node'

export interface OrtRun {
  /** Outputs for all inputs, row-major [count, ...outputShape.slice(1)]. */
  outputs: Float32Array
  outputShape: number[]
  /** Median wall-clock seconds of one batch. */
  secondsPerBatch: number
}

/**
 * Runs `model` (ONNX bytes) on `count` inputs of `rowShape` stored back to back in `inputs`, in batches of
 * `batchSize`, with `threads` intra-op threads (0 = ONNX Runtime's default: all cores).
 */
export async function runOnnx(
  model: Uint8Array,
  inputs: Float32Array,
  rowShape: number[],
  batchSize: number,
  { threads = 1, repeats = 5 }: { threads?: number; repeats?: number } = {}
): Promise<OrtRun> {
  const rowSize = rowShape.reduce((a, b) => a * b, 1)
  const count = inputs.length / rowSize
  if (!Number.isInteger(count) || count <= 0)
    throw new Error(`${inputs.length} input values do not make whole rows of shape [${rowShape.join(', ')}]`)
  const session = await ort.InferenceSession.create(model, {
    executionProviders: ['cpu'],
    intraOpNumThreads: threads,
    interOpNumThreads: 1,
    graphOptimizationLevel: 'all'
  })
  try {
    const chunks: Float32Array[] = []
    let outputShape: number[] = []
    for (let start = 0; start < count; start += batchSize) {
      const n = Math.min(batchSize, count - start)
      const feed = new ort.Tensor('float32', inputs.subarray(start * rowSize, (start + n) * rowSize), [n, ...rowShape])
      const out = (await session.run({ input: feed })).output!
      outputShape = [count, ...out.dims.slice(1)]
      chunks.push(Float32Array.from(out.data as Float32Array))
    }
    const outputs = new Float32Array(chunks.reduce((s, c) => s + c.length, 0))
    let at = 0
    for (const c of chunks) {
      outputs.set(c, at)
      at += c.length
    }
    // Timing: the first batch again, several times, after the warm-up above.
    const n = Math.min(batchSize, count)
    const feed = new ort.Tensor('float32', inputs.subarray(0, n * rowSize), [n, ...rowShape])
    const times: number[] = []
    for (let r = 0; r < repeats; r++) {
      const t0 = performance.now()
      await session.run({ input: feed })
      times.push((performance.now() - t0) / 1000)
    }
    times.sort((a, b) => a - b)
    return { outputs, outputShape, secondsPerBatch: times[Math.floor(times.length / 2)]! }
  } finally {
    await session.release()
  }
}

export interface Agreement {
  /** Largest |ours − ONNX Runtime| over all outputs. */
  maxAbsDiff: number
  /** Fraction of rows whose argmax is the same on both sides. */
  argmaxAgreement: number
  rows: number
}

/** Compares two [rows, classes] outputs element-wise and by row argmax. */
export function compareOutputs(ours: ArrayLike<number>, theirs: ArrayLike<number>, classes: number): Agreement {
  if (ours.length !== theirs.length) throw new Error(`the outputs differ in size: ${ours.length} vs ${theirs.length}`)
  if (classes <= 0 || ours.length % classes !== 0) throw new Error(`${ours.length} outputs are not rows of ${classes}`)
  const rows = ours.length / classes
  let maxAbsDiff = 0
  let agree = 0
  for (let r = 0; r < rows; r++) {
    let a = 0
    let b = 0
    for (let j = 0; j < classes; j++) {
      const i = r * classes + j
      const d = Math.abs(ours[i]! - theirs[i]!)
      if (!(d <= maxAbsDiff)) maxAbsDiff = Number.isNaN(d) ? Infinity : d
      if (ours[i]! > ours[r * classes + a]!) a = j
      if (theirs[i]! > theirs[r * classes + b]!) b = j
    }
    if (a === b) agree++
  }
  return { maxAbsDiff, argmaxAgreement: agree / rows, rows }
}
