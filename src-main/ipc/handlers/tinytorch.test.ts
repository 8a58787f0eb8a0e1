import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ReLU } from 'tinytorch/02_activations'
import { Linear, Sequential } from 'tinytorch/03_layers'
import { Tensor } from 'tinytorch/01_tensor'
import { describe, expect, it } from 'vitest'
import type { GradeResultView } from '../../../src-preload/contract'
import { mnistTestInputs } from '../../tensor'
import { testContext } from '../../testing/fixtures'
import { dispatch, handlers } from '..'
import { transitivePrerequisites } from './tinytorch'

const quiet = () => {}

async function call<T>(ctx: ReturnType<typeof testContext>['ctx'], channel: string, input: unknown): Promise<T> {
  const r = await dispatch(handlers, channel, input, ctx, quiet)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}

describe('tinytorch channels', () => {
  it('lists modules with honest status: 01 open, later ones locked until prerequisites pass', async () => {
    const { ctx } = testContext()
    const modules = await call<{ id: string; status: string }[]>(ctx, 'tinytorch.modules', {})
    expect(modules[0]).toMatchObject({ id: '01_tensor', status: 'available' })
    expect(modules.find((m) => m.id === '02_activations')?.status).toBe('locked')
  })

  it('opens a module by copying the starter into the workspace, and saves only its own files', async () => {
    const { ctx } = testContext()
    const opened = await call<{ files: { name: string; text: string }[]; workspacePath: string; unpassedPrerequisites: string[] }>(
      ctx,
      'tinytorch.open',
      { moduleId: '01_tensor' }
    )
    expect(opened.files[0]!.name).toBe('tensor.ts')
    expect(opened.files[0]!.text).toContain('TODO(create)')
    expect(readFileSync(join(opened.workspacePath, 'tensor.ts'), 'utf8')).toBe(opened.files[0]!.text)
    expect(opened.unpassedPrerequisites).toEqual([])

    await call(ctx, 'tinytorch.save', { moduleId: '01_tensor', file: 'tensor.ts', text: '// mine\n' })
    expect(readFileSync(join(opened.workspacePath, 'tensor.ts'), 'utf8')).toBe('// mine\n')
    const traversal = await dispatch(handlers, 'tinytorch.save', { moduleId: '01_tensor', file: '../../evil.ts', text: '' }, ctx, quiet)
    expect(traversal).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    const other = await dispatch(handlers, 'tinytorch.save', { moduleId: '01_tensor', file: 'other.ts', text: '' }, ctx, quiet)
    expect(other).toMatchObject({
      ok: false,
      error: { code: 'bad-request', message: 'other.ts is not a file of 01_tensor; its files are tensor.ts' }
    })
    const unknown = await dispatch(handlers, 'tinytorch.open', { moduleId: '99_nothing' }, ctx, quiet)
    expect(unknown).toMatchObject({ ok: false, error: { code: 'not-found' } })
  })

  it('grades the starter to zero, records the attempt, and gates the reference', async () => {
    const { ctx, store } = testContext()
    await call(ctx, 'tinytorch.open', { moduleId: '01_tensor' })
    const result = await call<GradeResultView>(ctx, 'tinytorch.grade', { moduleId: '01_tensor', mode: 'run' })
    expect(result.score).toBe(0)
    expect(result.status).toBe('fail')
    expect(result.tests.length).toBeGreaterThan(0)
    expect(store.recent(1)[0]).toMatchObject({ kind: 'exercise_attempt', subject: '01_tensor' })
    const gated = await dispatch(handlers, 'tinytorch.reference', { moduleId: '01_tensor' }, ctx, quiet)
    expect(gated).toMatchObject({ ok: false, error: { code: 'unavailable' } })
  })

  it('passes on Submit with the reference code, then shows the reference and unlocks 02', async () => {
    const { ctx } = testContext()
    const opened = await call<{ workspacePath: string }>(ctx, 'tinytorch.open', { moduleId: '01_tensor' })
    const reference = readFileSync(join(ctx.curriculumRoot, 'reference/01_tensor/index.ts'), 'utf8')
    writeFileSync(join(opened.workspacePath, 'tensor.ts'), reference)
    const result = await call<GradeResultView>(ctx, 'tinytorch.grade', { moduleId: '01_tensor', mode: 'submit' })
    expect(result.status).toBe('pass')
    expect(result.score).toBe(result.maxScore)
    const modules = await call<{ id: string; status: string; bestScore: number | null }[]>(ctx, 'tinytorch.modules', {})
    expect(modules[0]).toMatchObject({ status: 'passed', bestScore: result.maxScore })
    expect(modules.find((m) => m.id === '02_activations')?.status).toBe('available')
    const ref = await call<{ files: { name: string }[] }>(ctx, 'tinytorch.reference', { moduleId: '01_tensor' })
    expect(ref.files.map((f) => f.name)).toContain('index.ts')
  })

  it('serves the hint ladder in order', async () => {
    const { ctx } = testContext()
    const first = await call<{ text: string; levels: number }>(ctx, 'tinytorch.hint', { moduleId: '01_tensor', task: 'create', level: 0 })
    expect(first.levels).toBe(3)
    expect(first.text.length).toBeGreaterThan(10)
    expect(await dispatch(handlers, 'tinytorch.hint', { moduleId: '01_tensor', task: 'nope', level: 0 }, ctx, quiet)).toMatchObject({
      ok: false,
      error: { code: 'not-found' }
    })
  })

  it('computes transitive prerequisites', () => {
    const graph = new Map([
      ['01', { prerequisites: [] }],
      ['02', { prerequisites: ['01'] }],
      ['03', { prerequisites: ['02'] }],
      ['05', { prerequisites: ['03', '02'] }]
    ])
    expect(transitivePrerequisites(graph, '05')).toEqual(['01', '02', '03'])
    expect(transitivePrerequisites(graph, '01')).toEqual([])
  })

  it('records a milestone run in Progress with its wall time', { timeout: 60_000 }, async () => {
    const { ctx, store } = testContext()
    const r = await call<{ achieved: boolean; wallSeconds: number; onnxAvailable: boolean }>(ctx, 'tinytorch.runMilestone', {
      milestoneId: '01_perceptron',
      referenceForUnpassed: true
    })
    expect(r.achieved).toBe(true)
    expect(r.wallSeconds).toBeGreaterThan(0)
    expect(r.onnxAvailable).toBe(false) // the perceptron hands over no model
    expect(store.milestoneStates().get('01_perceptron')).toMatchObject({ achieved: true, runs: 1 })
    expect(store.recent(1)[0]!.summary).toMatch(/^Ran milestone 01_perceptron: reached in [\d.]+ s$/)
  })

  it('runs a trained model in ONNX Runtime and compares it with the learner’s outputs; saves the file', async () => {
    const { ctx } = testContext()
    const missing = await dispatch(handlers, 'tinytorch.onnxCompare', { milestoneId: '03_mlp' }, ctx, quiet)
    expect(missing).toMatchObject({ ok: false, error: { code: 'not-found', message: expect.stringMatching(/run the milestone first/) } })

    // What 03_mlp hands over, from a small model computed here on the first 40 test digits.
    const model = new Sequential(new Linear(784, 16, true, 1), new ReLU(), new Linear(16, 10, true, 2))
    const { pixels } = mnistTestInputs(40)
    const outputs = Array.from(model.forward(new Tensor(pixels, { shape: [40, 784] })).data)
    const linear = (l: Linear) => ({
      op: 'Linear',
      inFeatures: l.inFeatures,
      outFeatures: l.outFeatures,
      weight: Array.from(l.weight.data),
      bias: Array.from(l.bias!.data)
    })
    ctx.trainedModels.set('03_mlp', {
      model: { layers: [linear(model.layers[0] as Linear), { op: 'ReLU' }, linear(model.layers[2] as Linear)] },
      inputShape: [20, 784],
      inputs: { dataset: 'mnist-test', count: 40 },
      outputs,
      secondsPerBatch: 0.002
    })
    const r = await call<{
      maxAbsDiff: number
      argmaxAgreement: number
      rows: number
      batchSize: number
      speedup: number
      opset: number
      onnxBytes: number
    }>(ctx, 'tinytorch.onnxCompare', { milestoneId: '03_mlp' })
    expect(r).toMatchObject({ rows: 40, batchSize: 20, argmaxAgreement: 1, opset: 17 })
    expect(r.maxAbsDiff).toBeLessThan(1e-4)
    // Two weight matrices of float32: (784·16 + 16 + 16·10 + 10) · 4 bytes, plus a little graph.
    expect(r.onnxBytes).toBeGreaterThan((784 * 16 + 16 + 160 + 10) * 4)
    const file = await call<{ fileName: string; base64: string }>(ctx, 'tinytorch.onnxFile', { milestoneId: '03_mlp' })
    expect(file.fileName).toBe('03_mlp.onnx')
    expect(Buffer.from(file.base64, 'base64').byteLength).toBe(r.onnxBytes)

    // A hostile hand-off from the sandbox is refused with a message, and the process carries on.
    const good = ctx.trainedModels.get('03_mlp') as Record<string, unknown>
    for (const bad of [
      { model: { layers: [] } },
      { ...good, outputs: [1, 2, 3] },
      { ...good, inputs: { dataset: 'mnist-test', count: 5000 } },
      'x',
      null
    ]) {
      ctx.trainedModels.set('03_mlp', bad)
      const refused = await dispatch(handlers, 'tinytorch.onnxCompare', { milestoneId: '03_mlp' }, ctx, quiet)
      expect(refused).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    }
  })
})
