import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import type { DomainHandlers } from '.'
import {
  CurriculumError,
  gradeModule,
  listModules,
  loadModule,
  runMilestone,
  runSystems,
  type CompileError,
  type ModuleInfo
} from '../../grader'
import { AppError } from '../../shared/errors'
import { compareWithOrt, handoffOnnx, OnnxExportError } from '../../tensor'
import type { HandlerContext } from '../context'

/** Failed attempts after which the reference may be shown, if the learner confirms. */
export const REFERENCE_AFTER_ATTEMPTS = 3

const milestonesSchema = z.array(
  z.object({ id: z.string(), title: z.string(), year: z.number(), requires: z.array(z.string()), goal: z.string() })
)

function moduleOrThrow(ctx: HandlerContext, moduleId: string): ModuleInfo {
  try {
    return loadModule(ctx.curriculumRoot, moduleId)
  } catch (e) {
    if (e instanceof CurriculumError) throw new AppError('not-found', e.message)
    throw e
  }
}

/** Every module the given one builds on, directly or through another. */
export function transitivePrerequisites(modules: ReadonlyMap<string, { prerequisites: readonly string[] }>, moduleId: string): string[] {
  const seen = new Set<string>()
  const visit = (id: string) => {
    for (const p of modules.get(id)?.prerequisites ?? []) {
      if (!seen.has(p)) {
        seen.add(p)
        visit(p)
      }
    }
  }
  visit(moduleId)
  return [...seen].sort()
}

function unpassedPrerequisites(ctx: HandlerContext, moduleId: string): string[] {
  const all = new Map(listModules(ctx.curriculumRoot).map((m) => [m.id, m]))
  const states = ctx.store.exerciseStates()
  return transitivePrerequisites(all, moduleId).filter((id) => states.get(id)?.status !== 'passed')
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

function readMilestones(ctx: HandlerContext): z.infer<typeof milestonesSchema> {
  const path = join(ctx.curriculumRoot, 'milestones', 'milestones.json')
  if (!existsSync(path)) return []
  const parsed = milestonesSchema.safeParse(JSON.parse(readFileSync(path, 'utf8')))
  if (!parsed.success) throw new AppError('internal', `milestones.json is malformed: ${parsed.error.issues[0]?.message}`)
  return parsed.data
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
      unpassedPrerequisites: unpassedPrerequisites(ctx, m.id)
    }
  },

  'tinytorch.save': (input, ctx) => {
    const m = moduleOrThrow(ctx, input.moduleId)
    if (!m.files.includes(input.file)) {
      throw new AppError('bad-request', `${input.file} is not a file of ${m.id}; its files are ${m.files.join(', ')}`)
    }
    ctx.workspace.writeFile(m.id, input.file, input.text)
    return { savedAt: new Date().toISOString() }
  },

  'tinytorch.grade': async (input, ctx) => {
    const m = moduleOrThrow(ctx, input.moduleId)
    const workId = randomUUID()
    const label = `${input.mode === 'submit' ? 'Submitting' : 'Running'} ${m.id}`
    ctx.emit('workProgress', { id: workId, label, fraction: 0, done: false })
    try {
      const result = await gradeModule({
        root: ctx.curriculumRoot,
        moduleId: m.id,
        suite: input.mode === 'submit' ? 'all' : 'visible',
        workspaceDir: ctx.workspace.dir,
        useReference: referenceList(ctx, m.id, input.referenceForUnpassed),
        onProgress: (done, total) => ctx.emit('workProgress', { id: workId, label, fraction: total ? done / total : null, done: false })
      })
      const files = ctx.workspace.readFiles(m.id)
      const code = m.files.map((f) => `// ==== ${f} ====\n${files[f] ?? ''}`).join('\n')
      ctx.store.record('exercise_attempt', m.id, {
        mode: input.mode,
        status: result.status,
        score: result.score,
        maxScore: result.maxScore,
        durationSeconds: result.durationSeconds,
        code
      })
      ctx.emit('progressChanged', { domain: 'tinytorch' })
      return result
    } finally {
      ctx.emit('workProgress', { id: workId, label, fraction: 1, done: true })
    }
  },

  'tinytorch.hint': (input, ctx) => {
    const m = moduleOrThrow(ctx, input.moduleId)
    const ladder = m.hints[input.task]
    if (!ladder)
      throw new AppError('not-found', `${m.id} has no task "${input.task}"; its tasks are ${m.tasks.map((t) => t.id).join(', ')}`)
    const text = ladder[input.level]
    if (text === undefined) throw new AppError('not-found', `task "${input.task}" has ${ladder.length} hints`)
    return { text, level: input.level, levels: ladder.length }
  },

  'tinytorch.reference': (input, ctx) => {
    const m = moduleOrThrow(ctx, input.moduleId)
    const state = ctx.store.exerciseStates().get(m.id)
    const passed = state?.status === 'passed'
    if (!passed) {
      const attempts = state?.attempts ?? 0
      if (attempts < REFERENCE_AFTER_ATTEMPTS) {
        throw new AppError(
          'unavailable',
          `The reference opens once you pass ${m.id}, or after ${REFERENCE_AFTER_ATTEMPTS} attempts (you have made ${attempts}). Try a hint first.`
        )
      }
      if (!input.confirm) {
        throw new AppError(
          'conflict',
          `You have made ${attempts} attempts without passing. Seeing the reference gives the answer away: confirm to see it.`
        )
      }
    }
    if (!m.referenceEntry) throw new AppError('not-found', `${m.id} has no reference solution`)
    const refDir = join(m.referenceEntry, '..')
    const files = readdirSync(refDir)
      .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
      .map((name) => ({ name, text: readFileSync(join(refDir, name), 'utf8') }))
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
    const useReference = input.referenceForUnpassed
      ? [
          ...new Set(
            milestone.requires.flatMap((id) => [
              id,
              ...transitivePrerequisites(new Map(listModules(ctx.curriculumRoot).map((m) => [m.id, m])), id)
            ])
          )
        ].filter((id) => states.get(id)?.status !== 'passed')
      : []
    const workId = randomUUID()
    const label = `Milestone: ${milestone.title}`
    ctx.emit('workProgress', { id: workId, label, fraction: 0, done: false })
    try {
      const r = await runMilestone({
        root: ctx.curriculumRoot,
        milestoneId: milestone.id,
        workspaceDir: ctx.workspace.dir,
        useReference,
        onProgress: (p) => {
          ctx.emit('milestoneProgress', { milestoneId: milestone.id, ...p })
          ctx.emit('workProgress', { id: workId, label, fraction: p.total ? Math.min(1, p.step / p.total) : null, done: false })
        }
      })
      if (r.status === 'ok' && r.onnx !== undefined) ctx.trainedModels.set(milestone.id, r.onnx)
      else ctx.trainedModels.delete(milestone.id)
      const message = runMessage(r)
      ctx.store.record('milestone_run', milestone.id, {
        status: r.status,
        achieved: r.achieved,
        summary: (r.status === 'ok' ? r.summary : (message ?? 'the run errored')).slice(0, 2000),
        metrics: r.metrics,
        wallSeconds: r.durationSeconds,
        usedReference: r.usedReference
      })
      ctx.emit('progressChanged', { domain: 'tinytorch' })
      return {
        status: r.status,
        achieved: r.achieved,
        summary: r.summary,
        metrics: r.metrics,
        message,
        usedReference: r.usedReference,
        wallSeconds: r.durationSeconds,
        onnxAvailable: ctx.trainedModels.has(milestone.id)
      }
    } finally {
      ctx.emit('workProgress', { id: workId, label, fraction: 1, done: true })
    }
  },

  'tinytorch.onnxCompare': async (input, ctx) => {
    const handoff = trainedModel(ctx, input.milestoneId)
    const workId = randomUUID()
    const label = 'Running the trained model in ONNX Runtime'
    ctx.emit('workProgress', { id: workId, label, fraction: null, done: false })
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
      ctx.emit('workProgress', { id: workId, label, fraction: 1, done: true })
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
