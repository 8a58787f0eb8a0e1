/** TinyTorch: modules, the learner's workspace, grading, hints, systems panels and milestones. */
import { z } from 'zod'
import { empty, isoTime } from './common'

export const gradeStatusSchema = z.enum(['pass', 'fail', 'error'])
export type GradeStatus = z.infer<typeof gradeStatusSchema>
export const suiteSchema = z.enum(['visible', 'hidden', 'all'])
export type Suite = z.infer<typeof suiteSchema>

export const compileErrorSchema = z.object({
  /** The learner's file name (e.g. `tensor.ts`) or a curriculum-relative path. */
  file: z.string(),
  line: z.number(),
  column: z.number(),
  message: z.string()
})
export type CompileError = z.infer<typeof compileErrorSchema>

export const testResultSchema = z.object({
  name: z.string(),
  /** The task (TODO in the starter) this test checks. */
  task: z.string(),
  status: gradeStatusSchema,
  points: z.number(),
  maxPoints: z.number(),
  /** What went wrong (null when the test passed). */
  message: z.string().nullable(),
  /** console output captured while the test ran. */
  output: z.string(),
  /** The test's targeted hint, given when it did not pass. */
  hint: z.string().nullable(),
  durationSeconds: z.number()
})
export type TestResult = z.infer<typeof testResultSchema>

/** The grader's result, Exercism-style: one per run, one entry per test. src-main/grader produces exactly this. */
export const gradeResultSchema = z.object({
  moduleId: z.string(),
  suite: suiteSchema,
  status: gradeStatusSchema,
  score: z.number(),
  maxScore: z.number(),
  /** Why the run as a whole failed or errored (compile error, crash, time limit); null otherwise. */
  message: z.string().nullable(),
  tests: z.array(testResultSchema),
  /** Modules (other than the graded one unless every module ran as the reference) that ran as the reference solution. */
  usedReference: z.array(z.string()),
  compileErrors: z.array(compileErrorSchema),
  durationSeconds: z.number()
})
export type GradeResult = z.infer<typeof gradeResultSchema>

export const moduleStatusSchema = z.enum(['locked', 'available', 'started', 'failed', 'passed'])

/**
 * A short fingerprint of a file's text (cyrb53 over its UTF-16 code units, and its length). The editor sends the
 * fingerprint of the text it last read with each save; main refuses the save when the file on disk has another
 * one, so an edit made in another editor is never overwritten unseen. Not a security hash.
 */
export function textFingerprint(text: string): string {
  let h1 = 0xdeadbeef
  let h2 = 0x41c6ce57
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i)
    h1 = Math.imul(h1 ^ c, 2654435761)
    h2 = Math.imul(h2 ^ c, 1597334677)
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507) ^ Math.imul(h2 ^ (h2 >>> 13), 3266489909)
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507) ^ Math.imul(h1 ^ (h1 >>> 13), 3266489909)
  const hash = 4294967296 * (2097151 & h2) + (h1 >>> 0)
  return `${hash.toString(16)}-${text.length.toString(16)}`
}

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
      unpassedPrerequisites: z.array(z.string()),
      /** Per task, the highest hint level already shown (hints open in order). */
      hintsShown: z.record(z.string(), z.number().int())
    })
  },
  /** With `expected` (textFingerprint of the text the editor last read), a file changed on disk since is a `conflict`. */
  save: {
    request: z.object({ moduleId, file: fileName, text: z.string().max(1_000_000), expected: z.string().max(64).optional() }).strict(),
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
      /** The run stopped on an unfinished TODO in this module (`passed` when the learner has passed it anyway). */
      blockedBy: z
        .object({ moduleId: z.string(), title: z.string(), file: z.string(), line: z.number().int(), passed: z.boolean() })
        .nullable(),
      /** Modules the milestone needs that the learner has not passed and that ran as their own code. */
      unpassed: z.array(z.object({ id: z.string(), title: z.string() })),
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
