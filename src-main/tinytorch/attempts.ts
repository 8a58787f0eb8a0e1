/**
 * A learner's attempt at a module, the same from the app and from `mlsys grade`: the module's files are
 * read once, those exact texts are graded and recorded, and the earlier modules come from the learner's
 * own code unless they chose the reference for the ones they have not passed.
 */
import { type GradeResult, gradeModule, loadModule, prerequisiteClosure } from '../grader'
import type { ProgressStore } from '../store'
import type { Workspace } from './workspace'

export interface AttemptDeps {
  store: ProgressStore
  workspace: Workspace
  curriculumRoot: string
}

export interface AttemptOptions {
  moduleId: string
  mode: 'run' | 'submit'
  /** Earlier modules the learner has not passed run as the reference (their choice; the result says so). */
  referenceForUnpassed: boolean
  /** The module's files to grade; read from the workspace when absent. */
  files?: Record<string, string>
  onProgress?: (done: number, total: number) => void
  /** Aborting stops the run; nothing is recorded and AttemptCancelled is thrown. */
  signal?: AbortSignal
}

export class AttemptCancelled extends Error {}

/** Modules `moduleId` builds on that the learner has not passed. */
export function unpassedPrerequisites(deps: AttemptDeps, moduleId: string): string[] {
  const states = deps.store.exerciseStates()
  return prerequisiteClosure(deps.curriculumRoot, moduleId).filter((id) => states.get(id)?.status !== 'passed')
}

/** The attempt's code as recorded: every file of the module, in manifest order. */
export function attemptCode(files: Record<string, string>, order: readonly string[]): string {
  return order.map((f) => `// ==== ${f} ====\n${files[f] ?? ''}`).join('\n')
}

export async function gradeAttempt(deps: AttemptDeps, opts: AttemptOptions): Promise<GradeResult> {
  const mod = loadModule(deps.curriculumRoot, opts.moduleId)
  const files = { ...deps.workspace.readFiles(mod.id), ...opts.files }
  const result = await gradeModule({
    root: deps.curriculumRoot,
    moduleId: mod.id,
    suite: opts.mode === 'submit' ? 'all' : 'visible',
    files,
    workspaceDir: deps.workspace.dir,
    useReference: opts.referenceForUnpassed ? unpassedPrerequisites(deps, mod.id) : [],
    onProgress: opts.onProgress,
    signal: opts.signal
  })
  if (opts.signal?.aborted) throw new AttemptCancelled(`the ${opts.mode === 'submit' ? 'Submit' : 'Run'} of ${mod.id} was cancelled`)
  deps.store.record('exercise_attempt', mod.id, {
    mode: opts.mode,
    status: result.status,
    score: result.score,
    maxScore: result.maxScore,
    durationSeconds: result.durationSeconds,
    code: attemptCode(files, mod.files)
  })
  return result
}

/** Submits with different code after which the reference may be shown (with a confirm). */
export const REFERENCE_AFTER_SUBMISSIONS = 3

export type ReferenceAccess = { open: true } | { open: false; reason: string; needsConfirm: boolean }

/** The reference opens after a pass, or after three Submits of different code and an explicit confirm. */
export function referenceAccess(deps: AttemptDeps, moduleId: string, confirm: boolean): ReferenceAccess {
  if (deps.store.exerciseStates().get(moduleId)?.status === 'passed') return { open: true }
  const submissions = deps.store.failedSubmissions(moduleId)
  if (submissions < REFERENCE_AFTER_SUBMISSIONS) {
    return {
      open: false,
      needsConfirm: false,
      reason: `The reference opens once you pass ${moduleId}, or after ${REFERENCE_AFTER_SUBMISSIONS} Submits of different code (you have made ${submissions}). Try a hint first.`
    }
  }
  if (!confirm) {
    return {
      open: false,
      needsConfirm: true,
      reason: `You have submitted ${submissions} different versions without passing. Seeing the reference gives the answer away: confirm to see it.`
    }
  }
  return { open: true }
}

/** Hints open in order: level n only after level n−1 of the same task was shown. Each one shown is logged. */
export function showHint(
  deps: AttemptDeps,
  moduleId: string,
  task: string,
  level: number
): { text: string; level: number; levels: number } {
  const mod = loadModule(deps.curriculumRoot, moduleId)
  const ladder = mod.hints[task]
  if (!ladder) throw new HintError('not-found', `${mod.id} has no task "${task}"; its tasks are ${mod.tasks.map((t) => t.id).join(', ')}`)
  if (level >= ladder.length) throw new HintError('not-found', `task "${task}" has ${ladder.length} hints`)
  const shown = deps.store.hintsShown(mod.id).get(task) ?? -1
  if (level > shown + 1) {
    throw new HintError('conflict', `open hint ${shown + 2} for "${task}" first: hints come one at a time, each a little more direct`)
  }
  if (level > shown) deps.store.record('hint_shown', mod.id, { task, level })
  return { text: ladder[level]!, level, levels: ladder.length }
}

export class HintError extends Error {
  constructor(
    readonly code: 'not-found' | 'conflict',
    message: string
  ) {
    super(message)
  }
}
