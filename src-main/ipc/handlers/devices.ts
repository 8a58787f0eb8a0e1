import { randomUUID } from 'node:crypto'
import { mkdirSync } from 'node:fs'
import { basename, join } from 'node:path'
import { z } from 'zod'
import type { DomainHandlers } from '.'
import {
  BoardCatalogError,
  buildModel,
  DatasetError,
  DeviceError,
  type DeviceErrorCode,
  estimateSeconds,
  evaluateOnDevice,
  evenly,
  fitCheck,
  floatModelSchema,
  isFullProfile,
  type ModelMeta,
  ModelStoreError,
  QuantizeError,
  splitExamples,
  toExamples,
  TtmError
} from '../../devices'
import { CurriculumError, prerequisiteClosure, runScript } from '../../grader'
import { AppError } from '../../shared/errors'
import type { HandlerContext } from '../context'

/** The curriculum script that trains the model (see curriculum/tinytorch/devices). */
const TRAIN_SCRIPT = 'devices/train_classifier.ts'
/** Modules the training script imports; unpassed ones may run as the reference with the learner's consent. */
const TRAIN_MODULES = ['01_tensor', '02_activations', '03_layers', '04_losses', '05_autograd', '06_optimizers']
/** Training examples passed to the sandbox at most (subsampled evenly beyond). */
const MAX_TRAIN_EXAMPLES = 20_000
const MIN_TRAIN_EXAMPLES = 10

const trainedSchema = floatModelSchema.extend({ trainAccuracy: z.number(), finalLoss: z.number() })

const deviceCodes: Record<DeviceErrorCode, AppError['code']> = {
  timeout: 'unavailable',
  disconnected: 'unavailable',
  port: 'unavailable',
  protocol: 'unavailable',
  'too-large': 'bad-request',
  'bad-model': 'bad-request',
  'invalid-model': 'bad-request',
  'bad-input': 'bad-request',
  'no-model': 'conflict',
  cancelled: 'conflict'
}

/** Errors of the devices domain as typed errors with the message the learner acts on. */
function toAppError(e: unknown): unknown {
  if (e instanceof DeviceError) return new AppError(deviceCodes[e.code], e.message)
  if (e instanceof DatasetError || e instanceof QuantizeError || e instanceof TtmError) return new AppError('bad-request', e.message)
  if (e instanceof ModelStoreError || e instanceof BoardCatalogError) return new AppError('not-found', e.message)
  return e
}

async function guarded<T>(fn: () => T | Promise<T>): Promise<T> {
  try {
    return await fn()
  } catch (e) {
    throw toAppError(e)
  }
}

function summary(ctx: HandlerContext, meta: ModelMeta) {
  const { floatModel: _f, test, format: _fmt, version: _v, ...rest } = meta
  return { ...rest, path: ctx.devices.models.pathOf(meta.name), testExamples: test.labels.length }
}

function fitFor(ctx: HandlerContext, modelName: string, boardId: string) {
  const profile = ctx.devices.profile(boardId)
  if (!isFullProfile(profile))
    throw new AppError(
      'bad-request',
      `${profile.name} is a ${profile.kind}, not a board: choose the profile of the board behind it for the fit check`
    )
  const meta = ctx.devices.models.meta(modelName)
  const { model } = ctx.devices.models.load(modelName)
  return {
    boardId: profile.id,
    boardName: profile.name,
    ...fitCheck(meta.footprint, profile),
    estimatedSeconds: estimateSeconds(model, profile)
  }
}

function unpassed(ctx: HandlerContext): string[] {
  const needed = new Set(TRAIN_MODULES.flatMap((id) => [id, ...prerequisiteClosure(ctx.curriculumRoot, id)]))
  const states = ctx.store.exerciseStates()
  return [...needed].filter((id) => states.get(id)?.status !== 'passed').sort()
}

function progress(ctx: HandlerContext, operation: 'train' | 'deploy' | 'evaluate', model: string, workId: string, label: string) {
  return (done: number, total: number, extra: { message?: string; metrics?: Record<string, number> } = {}) => {
    ctx.emit('deviceProgress', { operation, model, done, total, ...extra })
    ctx.emit('workProgress', { id: workId, label, fraction: total ? Math.min(1, done / total) : null, done: false })
  }
}

export const devicesHandlers: DomainHandlers<'devices'> = {
  'devices.boards': (_input, ctx) => ctx.devices.boards,

  'devices.ports': (_input, ctx) => guarded(() => ctx.devices.ports()),

  'devices.diagnose': (input, ctx) => guarded(async () => ({ problems: await ctx.devices.probe(input.path, input.baud) })),

  'devices.openMonitor': (input, ctx) => guarded(() => ctx.devices.openMonitor(input.path, input.baud)),

  'devices.closeMonitor': (input, ctx) =>
    guarded(async () => {
      await ctx.devices.closeMonitor(input.sessionId)
      return { closed: true }
    }),

  'devices.send': (input, ctx) =>
    guarded(async () => {
      await ctx.devices.send(input.sessionId, input.text, input.lineEnding)
      return { sent: true }
    }),

  'devices.setBaud': (input, ctx) =>
    guarded(async () => {
      const s = ctx.devices.session(input.sessionId)
      await s.setBaud(input.baud)
      return { sessionId: s.id, path: s.path, baud: s.baud, state: s.state, message: null }
    }),

  'devices.clearMonitor': (input, ctx) =>
    guarded(() => {
      ctx.devices.session(input.sessionId).clear()
      return { cleared: true }
    }),

  'devices.saveMonitor': (input, ctx) =>
    guarded(() => {
      const s = ctx.devices.session(input.sessionId)
      const dir = join(ctx.dataDir, 'serial-logs')
      mkdirSync(dir, { recursive: true })
      const stamp = new Date().toISOString().replace(/[:.]/g, '-')
      const file = join(dir, `${stamp}-${basename(s.path).replace(/[^A-Za-z0-9_-]/g, '_')}.txt`)
      return { path: file, lines: s.save(file, input.timestamps) }
    }),

  'devices.startCapture': (input, ctx) =>
    guarded(() => {
      ctx.devices.session(input.sessionId).startCapture(input.dataset, input.label)
      return { capturing: true }
    }),

  'devices.stopCapture': (input, ctx) =>
    guarded(() => {
      const done = ctx.devices.session(input.sessionId).stopCapture()
      if (done && done.rows > 0) {
        ctx.store.record('dataset_capture', done.dataset, { dataset: done.dataset, label: done.label, rows: done.rows })
        ctx.emit('progressChanged', { domain: 'devices' })
      }
      return done
    }),

  'devices.datasets': (_input, ctx) => ctx.devices.datasets.list(),

  'devices.startVirtual': (input, ctx) =>
    guarded(async () => {
      const { path, profile } = await ctx.devices.startVirtual(input.profile)
      return { path, boardId: profile.id }
    }),

  'devices.stopVirtual': (input, ctx) => guarded(async () => ({ stopped: await ctx.devices.stopVirtual(input.path) })),

  'devices.models': (_input, ctx) => ctx.devices.models.list().map((m) => summary(ctx, m)),

  'devices.buildModel': (input, ctx) =>
    guarded(async () => {
      const profile = ctx.devices.profile(input.boardId)
      const data = ctx.devices.datasets.read(input.dataset)
      const examples = toExamples(data, input.window)
      if (examples.classes.length < 2) {
        throw new AppError(
          'bad-request',
          `dataset "${input.dataset}" has ${examples.classes.length === 1 ? `only the label ${examples.classes[0]}` : 'no samples'}: capture at least two labels`
        )
      }
      const { train, test } = splitExamples(examples)
      if (train.features.length < MIN_TRAIN_EXAMPLES || test.features.length < examples.classes.length) {
        throw new AppError(
          'bad-request',
          `dataset "${input.dataset}" gives ${examples.features.length} examples with a window of ${input.window}: capture more (a few dozen per label at least)`
        )
      }
      const useReference = input.referenceForUnpassed ? unpassed(ctx) : []
      const workId = randomUUID()
      const report = progress(ctx, 'train', input.name, workId, `Training ${input.name}`)
      report(0, input.epochs, { message: 'compiling your modules' })
      const trainSet = evenly(
        train.features.map((f, i) => ({ f, l: train.labels[i]! })),
        MAX_TRAIN_EXAMPLES
      )
      let run: Awaited<ReturnType<typeof runScript>>
      try {
        run = await runScript({
          root: ctx.curriculumRoot,
          script: TRAIN_SCRIPT,
          workspaceDir: ctx.workspace.dir,
          useReference,
          input: {
            features: trainSet.map((t) => t.f),
            labels: trainSet.map((t) => t.l),
            classes: examples.classes.length,
            hidden: input.hidden,
            epochs: input.epochs,
            learningRate: 0.01,
            batchSize: 32,
            seed: 1
          },
          onProgress: (p) => report(p.step, p.total, { metrics: p.metrics })
        })
      } catch (e) {
        if (e instanceof CurriculumError) throw new AppError('internal', e.message)
        throw e
      } finally {
        ctx.emit('workProgress', { id: workId, label: `Training ${input.name}`, fraction: 1, done: true })
      }
      if (run.status === 'error') {
        const hint =
          useReference.length === 0 && unpassed(ctx).length > 0
            ? ` Your modules ${unpassed(ctx).join(', ')} are not passed yet: fix them, or allow the reference for unpassed modules.`
            : ''
        throw new AppError('conflict', `training failed: ${run.message ?? 'the script stopped'}.${hint}`)
      }
      const trained = trainedSchema.safeParse(run.value)
      if (!trained.success)
        throw new AppError('conflict', `the training script returned an unexpected value: ${trained.error.issues[0]?.message}`)
      const { trainAccuracy: _t, finalLoss: _l, ...floatModel } = trained.data
      const built = buildModel(
        {
          name: input.name,
          dataset: input.dataset,
          columns: data.columns,
          classes: examples.classes,
          window: input.window,
          hidden: input.hidden,
          epochs: input.epochs,
          floatModel,
          train: { features: trainSet.map((t) => t.f), labels: trainSet.map((t) => t.l) },
          test,
          usedReference: run.usedReference
        },
        new Date()
      )
      ctx.devices.models.save(built.bytes, built.meta)
      ctx.store.record('model_build', input.name, {
        dataset: input.dataset,
        bytes: built.bytes.length,
        floatAccuracy: built.meta.accuracy.floatAccuracy,
        int8Accuracy: built.meta.accuracy.int8Accuracy,
        usedReference: run.usedReference
      })
      ctx.emit('progressChanged', { domain: 'devices' })
      return { model: summary(ctx, built.meta), fit: fitFor(ctx, input.name, profile.id) }
    }),

  'devices.fitCheck': (input, ctx) => guarded(() => fitFor(ctx, input.model, input.boardId)),

  'devices.deploy': (input, ctx) =>
    guarded(async () => {
      const { bytes } = ctx.devices.models.load(input.model)
      const deploymentId = randomUUID()
      const workId = randomUUID()
      const label = `Deploying ${input.model}`
      const report = progress(ctx, 'deploy', input.model, workId, label)
      const port = (await ctx.devices.ports()).find((p) => p.path === input.path)
      try {
        const r = await ctx.devices.withClient(input.path, { timeoutMs: input.timeoutMs, retries: input.retries }, (client) =>
          client.deploy(bytes, input.model, { onProgress: (sent, total) => report(sent, total) })
        )
        const metrics = {
          port: input.path,
          bytes: r.bytes,
          seconds: r.seconds,
          bytesPerSecond: r.bytesPerSecond,
          resumedFrom: r.resumedFrom,
          retries: r.retries
        }
        ctx.store.record('deployment', r.board, { deploymentId, board: r.board, model: input.model, status: 'deployed', metrics })
        return { deploymentId, ...r }
      } catch (e) {
        const board = port?.boardId ?? 'unknown'
        const error = e instanceof DeviceError ? { code: e.code, message: e.message } : { code: 'internal', message: (e as Error).message }
        ctx.store.record('deployment', board, {
          deploymentId,
          board,
          model: input.model,
          status: 'failed',
          metrics: { port: input.path, error }
        })
        throw e
      } finally {
        ctx.emit('workProgress', { id: workId, label, fraction: 1, done: true })
        ctx.emit('progressChanged', { domain: 'devices' })
      }
    }),

  'devices.evaluate': (input, ctx) =>
    guarded(async () => {
      const meta = ctx.devices.models.meta(input.model)
      const { model } = ctx.devices.models.load(input.model)
      const workId = randomUUID()
      const label = `Evaluating ${input.model} on the board`
      const report = progress(ctx, 'evaluate', input.model, workId, label)
      try {
        const { result, board } = await ctx.devices.withClient(
          input.path,
          { timeoutMs: input.timeoutMs, retries: input.retries },
          async (client) => {
            const info = await client.hello()
            const status = await client.status()
            if (!status.active || status.model !== input.model)
              throw new DeviceError('no-model', `the board runs ${status.model ?? 'no model'}, not ${input.model}: deploy it first`)
            return { board: info.board, result: await evaluateOnDevice(client, model, meta.floatModel, meta.test, (d, t) => report(d, t)) }
          }
        )
        const previous = input.deploymentId ? ctx.store.deployments(500).find((d) => d.deploymentId === input.deploymentId) : undefined
        const deploymentId = previous?.deploymentId ?? randomUUID()
        ctx.store.record('deployment', board, {
          deploymentId,
          board,
          model: input.model,
          status: 'evaluated',
          metrics: { ...previous?.metrics, port: input.path, ...result }
        })
        return result
      } finally {
        ctx.emit('workProgress', { id: workId, label, fraction: 1, done: true })
        ctx.emit('progressChanged', { domain: 'devices' })
      }
    }),

  'devices.history': (input, ctx) => ctx.store.deployments(input.limit)
}
