/**
 * "Run in ONNX Runtime" for a milestone's trained model: validate what the sandbox handed over, export it,
 * run ONNX Runtime on the same test inputs and compare with the learner's own outputs and speed.
 */
import { z } from 'zod'
import { MNIST_PIXELS, mnistTestInputs } from './mnist'
import { exportOnnx, modelSpecSchema, ONNX_OPSET, OnnxExportError, outputShape } from './onnx'
import { compareOutputs, runOnnx } from './ort'

/** What a milestone returns as `onnx` (see curriculum/tinytorch/milestones/lib/onnx.ts). */
export const onnxHandoffSchema = z.object({
  model: modelSpecSchema,
  inputShape: z.array(z.number().int().positive()).min(2).max(6),
  inputs: z.object({ dataset: z.literal('mnist-test'), count: z.number().int().positive().max(10_000) }),
  outputs: z.array(z.number()).max(10_000_000),
  secondsPerBatch: z.number().positive().finite()
})

export type OnnxHandoff = z.infer<typeof onnxHandoffSchema>

export interface OrtComparison {
  /** Largest |learner − ONNX Runtime| over every output value. */
  maxAbsDiff: number
  /** Fraction of test inputs on which both pick the same class. */
  argmaxAgreement: number
  rows: number
  batchSize: number
  /** The learner's framework, in the sandbox, per batch. */
  oursSecondsPerBatch: number
  /** ONNX Runtime, one thread, per batch. */
  ortSecondsPerBatch: number
  /** oursSecondsPerBatch / ortSecondsPerBatch. */
  speedup: number
  opset: number
  onnx: Uint8Array
}

/** Parses a hand-off; throws OnnxExportError with the field at fault. */
export function parseHandoff(value: unknown): OnnxHandoff {
  const parsed = onnxHandoffSchema.safeParse(value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new OnnxExportError(`the milestone's model description is invalid at "${issue.path.join('.')}": ${issue.message}`)
  }
  return parsed.data
}

export async function compareWithOrt(value: unknown): Promise<OrtComparison> {
  const h = parseHandoff(value)
  const rowShape = h.inputShape.slice(1)
  const rowSize = rowShape.reduce((a, b) => a * b, 1)
  if (rowSize !== MNIST_PIXELS) throw new OnnxExportError(`inputs of shape [${rowShape.join(', ')}] are not 28×28 digits`)
  const onnx = exportOnnx(h.model, h.inputShape)
  const classes = outputShape(h.model, h.inputShape)
    .slice(1)
    .reduce((a, b) => a * b, 1)
  if (h.outputs.length !== h.inputs.count * classes) {
    throw new OnnxExportError(`the milestone sent ${h.outputs.length} outputs for ${h.inputs.count} inputs of ${classes} values each`)
  }
  const { pixels, labels } = mnistTestInputs(h.inputs.count)
  if (labels.length < h.inputs.count)
    throw new OnnxExportError(`the MNIST test set has ${labels.length} digits, the milestone asked for ${h.inputs.count}`)
  const batchSize = h.inputShape[0]!
  const ort = await runOnnx(onnx, pixels, rowShape, batchSize, { threads: 1 })
  const agreement = compareOutputs(h.outputs, ort.outputs, classes)
  return {
    ...agreement,
    batchSize,
    oursSecondsPerBatch: h.secondsPerBatch,
    ortSecondsPerBatch: ort.secondsPerBatch,
    speedup: h.secondsPerBatch / ort.secondsPerBatch,
    opset: ONNX_OPSET,
    onnx
  }
}

/** The .onnx file of a hand-off, for saving. */
export function handoffOnnx(value: unknown): Uint8Array {
  const h = parseHandoff(value)
  return exportOnnx(h.model, h.inputShape)
}
