/** Result shapes of the TinyTorch grader (Exercism-style: one result per run, one entry per test). */

export type Suite = 'visible' | 'hidden' | 'all'
export type Status = 'pass' | 'fail' | 'error'

export interface TestResult {
  name: string
  /** The task (TODO in the starter) this test checks. */
  task: string
  status: Status
  points: number
  maxPoints: number
  /** What went wrong (null when the test passed). */
  message: string | null
  /** console output captured while the test ran. */
  output: string
  /** The test's targeted hint, given when it did not pass. */
  hint: string | null
  durationSeconds: number
}

export interface CompileError {
  /** The learner's file name (e.g. `tensor.ts`) or a curriculum-relative path. */
  file: string
  line: number
  column: number
  message: string
}

export interface GradeResult {
  moduleId: string
  suite: Suite
  status: Status
  score: number
  maxScore: number
  /** Why the run as a whole failed or errored (compile error, crash, time limit); null otherwise. */
  message: string | null
  tests: TestResult[]
  /** Modules (other than the graded one unless `useReference: 'all'`) that ran as the reference solution. */
  usedReference: string[]
  compileErrors: CompileError[]
  durationSeconds: number
}

export interface SystemsRow {
  label: string
  measured: number
  estimate: number | null
  unit: 'bytes' | 'FLOP' | 'seconds' | 'count'
}

export interface SystemsResult {
  moduleId: string
  status: 'ok' | 'error'
  rows: SystemsRow[]
  note: string | null
  message: string | null
  output: string
  usedReference: string[]
  compileErrors: CompileError[]
  durationSeconds: number
}

export interface MilestoneProgress {
  step: number
  total: number
  metrics: Record<string, number>
  message?: string
}

export interface MilestoneResult {
  milestoneId: string
  status: 'ok' | 'error'
  achieved: boolean
  summary: string
  metrics: Record<string, number>
  /** What the script returned as `onnx` (its trained model and test outputs), unvalidated. */
  onnx?: unknown
  message: string | null
  output: string
  usedReference: string[]
  compileErrors: CompileError[]
  durationSeconds: number
}

/**
 * Where the code of each module comes from. `files` replaces the graded module's learner files;
 * `workspaceDir` is the learner's workspace root (`<dataDir>/workspace/tinytorch`, holding `NN_name/` folders);
 * `useReference` lists modules that run as the reference solution ('all' = every module, including the graded one).
 */
export interface SourceOptions {
  root?: string
  files?: Record<string, string>
  workspaceDir?: string
  useReference?: 'all' | readonly string[]
}
