/** TinyTorch: modules, the learner's workspace, grading, hints, systems panels and milestones. */
import { z } from 'zod'
import { empty, isoTime } from './common'

const gradeStatus = z.enum(['pass', 'fail', 'error'])
const compileErrorSchema = z.object({ file: z.string(), line: z.number(), column: z.number(), message: z.string() })

/** Exercism-style grader result (mirrors src-main/grader/types.ts). */
export const gradeResultSchema = z.object({
  moduleId: z.string(),
  suite: z.enum(['visible', 'hidden', 'all']),
  status: gradeStatus,
  score: z.number(),
  maxScore: z.number(),
  message: z.string().nullable(),
  tests: z.array(
    z.object({
      name: z.string(),
      task: z.string(),
      status: gradeStatus,
      points: z.number(),
      maxPoints: z.number(),
      message: z.string().nullable(),
      output: z.string(),
      hint: z.string().nullable(),
      durationSeconds: z.number()
    })
  ),
  usedReference: z.array(z.string()),
  compileErrors: z.array(compileErrorSchema),
  durationSeconds: z.number()
})
export type GradeResultView = z.infer<typeof gradeResultSchema>

export const moduleStatusSchema = z.enum(['locked', 'available', 'started', 'failed', 'passed'])

const moduleId = z.string().regex(/^\d\d_[a-z_]+$/, 'a module id looks like 01_tensor')
const fileName = z.string().regex(/^[A-Za-z0-9_.-]+\.ts$/, 'a file name like tensor.ts')

export const tinytorchChannels = {
  /** Every module with its honest status: locked until its prerequisites pass. */
  modules: {
    request: empty,
    response: z.array(
      z.object({
        id: z.string(),
        title: z.string(),
        order: z.number(),
        summary: z.string(),
        prerequisites: z.array(z.string()),
        status: moduleStatusSchema,
        bestScore: z.number().nullable(),
        maxScore: z.number().nullable(),
        attempts: z.number().int()
      })
    )
  },
  /** The lesson and the learner's files (copied from the starter into the workspace on first open). */
  open: {
    request: z.object({ moduleId }).strict(),
    response: z.object({
      moduleId: z.string(),
      title: z.string(),
      lesson: z.string(),
      files: z.array(z.object({ name: z.string(), text: z.string() })),
      tasks: z.array(z.object({ id: z.string(), title: z.string() })),
      hintCounts: z.record(z.string(), z.number().int()),
      workspacePath: z.string(),
      /** Earlier modules the learner has not passed yet (they may run as the reference instead). */
      unpassedPrerequisites: z.array(z.string())
    })
  },
  save: {
    request: z.object({ moduleId, file: fileName, text: z.string().max(1_000_000) }).strict(),
    response: z.object({ savedAt: isoTime })
  },
  /** Run = the visible tests; Submit = visible and hidden tests (a module passes on Submit). Every attempt is recorded. */
  grade: {
    request: z.object({ moduleId, mode: z.enum(['run', 'submit']), referenceForUnpassed: z.boolean().default(false) }).strict(),
    response: gradeResultSchema
  },
  hint: {
    request: z.object({ moduleId, task: z.string().min(1), level: z.number().int().min(0).max(2) }).strict(),
    response: z.object({ text: z.string(), level: z.number().int(), levels: z.number().int() })
  },
  /** Only after a pass, or after several failed attempts with an explicit confirm. */
  reference: {
    request: z.object({ moduleId, confirm: z.boolean().default(false) }).strict(),
    response: z.object({ files: z.array(z.object({ name: z.string(), text: z.string() })) })
  },
  systems: {
    request: z.object({ moduleId, referenceForUnpassed: z.boolean().default(false) }).strict(),
    response: z.object({
      status: z.enum(['ok', 'error']),
      rows: z.array(z.object({ label: z.string(), measured: z.number(), estimate: z.number().nullable(), unit: z.string() })),
      note: z.string().nullable(),
      message: z.string().nullable(),
      usedReference: z.array(z.string())
    })
  },
  milestones: {
    request: empty,
    response: z.array(z.object({ id: z.string(), title: z.string(), year: z.number(), requires: z.array(z.string()), goal: z.string() }))
  },
  runMilestone: {
    request: z.object({ milestoneId: z.string().min(1).max(100), referenceForUnpassed: z.boolean().default(false) }).strict(),
    response: z.object({
      status: z.enum(['ok', 'error']),
      achieved: z.boolean(),
      summary: z.string(),
      metrics: z.record(z.string(), z.number()),
      message: z.string().nullable(),
      usedReference: z.array(z.string()),
      /** Wall-clock seconds of the whole run (compile, load and training). */
      wallSeconds: z.number(),
      /** Whether the run handed over a trained model that "Run in ONNX Runtime" can export. */
      onnxAvailable: z.boolean()
    })
  },
  /**
   * Exports the milestone's last trained model to ONNX, runs it in ONNX Runtime (one thread) on the same
   * test inputs and compares with the learner's own outputs and speed.
   */
  onnxCompare: {
    request: z.object({ milestoneId: z.string().min(1).max(100) }).strict(),
    response: z.object({
      maxAbsDiff: z.number(),
      argmaxAgreement: z.number(),
      rows: z.number().int(),
      batchSize: z.number().int(),
      oursSecondsPerBatch: z.number(),
      ortSecondsPerBatch: z.number(),
      /** oursSecondsPerBatch / ortSecondsPerBatch: how many times faster ONNX Runtime is. */
      speedup: z.number(),
      opset: z.number().int(),
      onnxBytes: z.number().int()
    })
  },
  /** The milestone's last trained model as an .onnx file (base64), for the learner to save. */
  onnxFile: {
    request: z.object({ milestoneId: z.string().min(1).max(100) }).strict(),
    response: z.object({ fileName: z.string(), base64: z.string() })
  },
  /** Source of the nd runtime and the learner's modules, for the editor's completion and diagnostics. */
  typeLibraries: {
    request: empty,
    response: z.array(z.object({ path: z.string(), text: z.string() }))
  }
}
