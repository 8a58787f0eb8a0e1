/** Result shapes of the TinyTorch grader. GradeResult and its parts live in the contract (src-preload/contract/tinytorch.ts). */

import type { CompileError } from '../../src-preload/contract'

export type { CompileError, GradeResult, GradeStatus as Status, Suite, TestResult } from '../../src-preload/contract'

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
  /** Aborting stops the run (its grading process is ended); the result is an error saying so. */
  signal?: AbortSignal
}
