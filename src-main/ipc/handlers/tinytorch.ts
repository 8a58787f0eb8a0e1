import { readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { DomainHandlers } from '.'
import {
  type CompileError,
  CurriculumError,
  listModules,
  loadModule,
  type ModuleInfo,
  prerequisiteClosure,
  runMilestone,
  runSystems
} from '../../grader'
import { AppError } from '../../shared/errors'
import { AttemptCancelled, gradeAttempt, HintError, referenceAccess, referenceOf, showHint, unpassedPrerequisites } from '../../tinytorch'
import { textFingerprint } from '../../../src-preload/contract'
import { compareWithOrt, handoffOnnx, OnnxExportError } from '../../tensor'
import type { HandlerContext } from '../context'
import { readMilestones } from './curriculum'

function moduleOrThrow(ctx: HandlerContext, moduleId: string): ModuleInfo {
  try {
    return loadModule(ctx.curriculumRoot, moduleId)
  } catch (e) {
    if (e instanceof CurriculumError) throw new AppError('not-found', e.message)
    throw e
  }
}

/** With the learner's consent, modules they have not passed run as the reference; the rest are theirs. */
function referenceList(ctx: HandlerContext, moduleId: string, referenceForUnpassed: boolean): string[] {
  return referenceForUnpassed ? unpassedPrerequisites(ctx, moduleId) : []
}

/** Why a systems or milestone run failed: its own message, else the first compile error with its place. */
function runMessage(r: { message: string | null; compileErrors: readonly CompileError[] }): string | null {
  const first = r.compileErrors[0]
  return r.message ?? (first ? `${first.file}:${first.line}:${first.column}: ${first.message}` : null)
}

/**
 * A run that stopped on an unfinished TODO in one of the modules it builds on: which module, and where.
 * The grader reports the learner's place as "(at file.ts:line:column)"; file names are unique per module.
 */
export function blockingTodo(
  message: string | null,
  modules: readonly { id: string; title: string; files: readonly string[] }[]
): { moduleId: string; title: string; file: string; line: number } | null {
  if (!message || !/\bTODO\(/.test(message)) return null
  const at = /\(at ([^\s:()]+\.ts):(\d+):\d+\)/.exec(message)
  if (!at) return null
  const owner = modules.find((m) => m.files.includes(at[1]!))
  return owner ? { moduleId: owner.id, title: owner.title, file: at[1]!, line: Number(at[2]) } : null
}

/** Only finite figures go into the log and over the wire (JSON has no NaN). */
function finiteMetrics(metrics: Record<string, number>): Record<string, number> {
  return Object.fromEntries(Object.entries(metrics).filter(([, v]) => Number.isFinite(v)))
}

/** The model the milestone's last successful run handed over, or a message saying to run it first. */
function trainedModel(ctx: HandlerContext, milestoneId: string): unknown {
  const handoff = ctx.trainedModels.get(milestoneId)
  if (handoff === undefined) {
    throw new AppError(
      'not-found',
      `no trained model for milestone "${milestoneId}" yet: run the milestone first (its model is kept until the app closes)`
    )
  }
  return handoff
}

/** Sources the editor uses for completion: the nd runtime, and each module as the learner has it. */
function typeLibraries(ctx: HandlerContext): { path: string; text: string }[] {
  const libs: { path: string; text: string }[] = []
  const runtimeDir = join(ctx.curriculumRoot, 'runtime')
  for (const name of readdirSync(runtimeDir)) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) {
      libs.push({ path: `file:///node_modules/tinytorch/runtime/${name}`, text: readFileSync(join(runtimeDir, name), 'utf8') })
    }
  }
  for (const m of listModules(ctx.curriculumRoot)) {
    const files = ctx.workspace.readFiles(m.id)
    for (const [name, text] of Object.entries(files)) libs.push({ path: `file:///node_modules/tinytorch/${m.id}/${name}`, text })
    libs.push({ path: `file:///node_modules/tinytorch/${m.id}/index.ts`, text: `export * from './${m.entry.replace(/\.ts$/, '')}'\n` })
  }
  return libs
}

export const tinytorchHandlers: DomainHandlers<'tinytorch'> = {
  'tinytorch.modules': (_input, ctx) => {
    const modules = listModules(ctx.curriculumRoot)
    const states = ctx.store.exerciseStates()
    return modules.map((m) => {
      const state = states.get(m.id)
      const ready = m.prerequisites.every((p) => states.get(p)?.status === 'passed')
      return {
        id: m.id,
        title: m.title,
        order: m.order,
        summary: m.summary,
        prerequisites: m.prerequisites,
        status: state ? state.status : ready ? 'available' : 'locked',
        bestScore: state?.bestScore ?? null,
        maxScore: state?.maxScore ?? null,
        attempts: state?.attempts ?? 0
      }
    })
  },

  'tinytorch.open': (input, ctx) => {
    const m = moduleOrThrow(ctx, input.moduleId)
    const { dir } = ctx.workspace.ensureModule(m.id)
    const files = ctx.workspace.readFiles(m.id)
    return {
      moduleId: m.id,
      title: m.title,
      lesson: m.lesson,
      files: m.files.map((name) => ({ name, text: files[name] ?? m.starter[name] ?? '' })),
      tasks: m.tasks,
      hintCounts: Object.fromEntries(m.tasks.map((t) => [t.id, m.hints[t.id]?.length ?? 0])),
      workspacePath: dir,
      unpassedPrerequisites: unpassedPrerequisites(ctx, m.id),
      hintsShown: Object.fromEntries(ctx.store.hintsShown(m.id))
    }
  },

  'tinytorch.save': (input, ctx) => {
    const m = moduleOrThrow(ctx, input.moduleId)
    if (!m.files.includes(input.file)) {
      throw new AppError('bad-request', `${input.file} is not a file of ${m.id}; its files are ${m.files.join(', ')}`)
    }
    if (input.expected !== undefined) {
      const onDisk = ctx.workspace.readFiles(m.id)[input.file] ?? ''
      if (textFingerprint(onDisk) !== input.expected) {
        throw new AppError(
          'conflict',
          `${input.file} changed on disk since the editor last read it (edited in another editor?); nothing was written`
        )
      }
    }
    ctx.workspace.writeFile(m.id, input.file, input.text)
    return { savedAt: new Date().toISOString() }
  },

  'tinytorch.grade': async (input, ctx) => {
    const m = moduleOrThrow(ctx, input.moduleId)
    const work = ctx.work.begin(`${input.mode === 'submit' ? 'Submitting' : 'Running'} ${m.title}`, ctx.signal)
    try {
      const result = await gradeAttempt(ctx, {
        moduleId: m.id,
        mode: input.mode,
        referenceForUnpassed: input.referenceForUnpassed,
        signal: work.signal,
        onProgress: (done, total) => work.progress(total ? done / total : null)
      })
      ctx.emit('progressChanged', { domain: 'tinytorch' })
      return result
    } catch (e) {
      if (e instanceof AttemptCancelled) throw new AppError('cancelled', e.message)
      throw e
    } finally {
      work.end()
    }
  },

  'tinytorch.hint': (input, ctx) => {
    const m = moduleOrThrow(ctx, input.moduleId)
    try {
      const hint = showHint(ctx, m.id, input.task, input.level)
      ctx.emit('progressChanged', { domain: 'tinytorch' })
      return hint
    } catch (e) {
      if (e instanceof HintError) throw new AppError(e.code, e.message)
      throw e
    }
  },

  'tinytorch.reference': (input, ctx) => {
    const m = moduleOrThrow(ctx, input.moduleId)
    const access = referenceAccess(ctx, m.id, input.confirm)
    if (!access.open) throw new AppError(access.needsConfirm ? 'conflict' : 'unavailable', access.reason)
    if (!m.referenceEntry) throw new AppError('not-found', `${m.id} has no reference solution`)
    // The learner sees the reference as a solution: the starter-only lines of the single source are left out.
    const refDir = join(m.referenceEntry, '..')
    const files = readdirSync(refDir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((name) => ({ name, text: referenceOf(readFileSync(join(refDir, name), 'utf8'), name) }))
    return { files }
  },

  'tinytorch.systems': async (input, ctx) => {
    const m = moduleOrThrow(ctx, input.moduleId)
    const r = await runSystems({
      root: ctx.curriculumRoot,
      moduleId: m.id,
      workspaceDir: ctx.workspace.dir,
      useReference: referenceList(ctx, m.id, input.referenceForUnpassed)
    })
    return { status: r.status, rows: r.rows, note: r.note, message: runMessage(r), usedReference: r.usedReference }
  },

  'tinytorch.milestones': (_input, ctx) => readMilestones(ctx),

  'tinytorch.runMilestone': async (input, ctx) => {
    const milestone = readMilestones(ctx).find((x) => x.id === input.milestoneId)
    if (!milestone) throw new AppError('not-found', `no milestone "${input.milestoneId}"`)
    const states = ctx.store.exerciseStates()
    const modules = new Map(listModules(ctx.curriculumRoot).map((m) => [m.id, m]))
    const needed = [...new Set(milestone.requires.flatMap((id) => [id, ...prerequisiteClosure(ctx.curriculumRoot, id)]))].sort()
    const unpassed = needed.filter((id) => states.get(id)?.status !== 'passed')
    const useReference = input.referenceForUnpassed ? unpassed : []
    const work = ctx.work.begin(`Milestone: ${milestone.title}`, ctx.signal)
    try {
      const r = await runMilestone({
        root: ctx.curriculumRoot,
        milestoneId: milestone.id,
        workspaceDir: ctx.workspace.dir,
        useReference,
        signal: work.signal,
        onProgress: (p) => {
          ctx.emit('milestoneProgress', { milestoneId: milestone.id, ...p })
          work.progress(p.total ? p.step / p.total : null)
        }
      })
      if (work.signal.aborted) throw new AppError('cancelled', `the ${milestone.title} milestone was cancelled`)
      if (r.status === 'ok' && r.onnx !== undefined) ctx.trainedModels.set(milestone.id, r.onnx)
      else ctx.trainedModels.delete(milestone.id)
      const metrics = finiteMetrics(r.metrics)
      const message = runMessage(r)
      ctx.store.record('milestone_run', milestone.id, {
        status: r.status,
        achieved: r.achieved,
        metrics,
        usedReference: r.usedReference,
        durationSeconds: r.durationSeconds
      })
      ctx.emit('progressChanged', { domain: 'tinytorch' })
      const stillOwn = unpassed.filter((id) => !r.usedReference.includes(id))
      const todo =
        r.status === 'error'
          ? blockingTodo(
              message,
              [...modules.values()].filter((m) => needed.includes(m.id))
            )
          : null
      return {
        status: r.status,
        achieved: r.achieved,
        summary: r.summary,
        metrics,
        message,
        usedReference: r.usedReference,
        blockedBy: todo ? { ...todo, passed: !stillOwn.includes(todo.moduleId) } : null,
        unpassed: stillOwn.map((id) => ({ id, title: modules.get(id)?.title ?? id })),
        wallSeconds: r.durationSeconds,
        onnxAvailable: ctx.trainedModels.has(milestone.id)
      }
    } finally {
      work.end()
    }
  },

  'tinytorch.onnxCompare': async (input, ctx) => {
    const handoff = trainedModel(ctx, input.milestoneId)
    const work = ctx.work.begin('Running the trained model in ONNX Runtime', ctx.signal)
    work.progress(null)
    try {
      const r = await compareWithOrt(handoff)
      return {
        maxAbsDiff: r.maxAbsDiff,
        argmaxAgreement: r.argmaxAgreement,
        rows: r.rows,
        batchSize: r.batchSize,
        oursSecondsPerBatch: r.oursSecondsPerBatch,
        ortSecondsPerBatch: r.ortSecondsPerBatch,
        speedup: r.speedup,
        opset: r.opset,
        onnxBytes: r.onnx.byteLength
      }
    } catch (e) {
      if (e instanceof OnnxExportError) throw new AppError('bad-request', e.message)
      throw e
    } finally {
      work.end()
    }
  },

  'tinytorch.onnxFile': (input, ctx) => {
    const handoff = trainedModel(ctx, input.milestoneId)
    try {
      return { fileName: `${input.milestoneId}.onnx`, base64: Buffer.from(handoffOnnx(handoff)).toString('base64') }
    } catch (e) {
      if (e instanceof OnnxExportError) throw new AppError('bad-request', e.message)
      throw e
    }
  },

  'tinytorch.typeLibraries': (_input, ctx) => typeLibraries(ctx)
}
