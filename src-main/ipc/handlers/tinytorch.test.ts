import { readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ReLU } from 'tinytorch/02_activations'
import { Linear, Sequential } from 'tinytorch/03_layers'
import { Tensor } from 'tinytorch/01_tensor'
import { describe, expect, it } from 'vitest'
import { type GradeResult, textFingerprint } from '../../../src-preload/contract'
import { mnistTestInputs } from '../../tensor'
import { testContext } from '../../testing/fixtures'
import { dispatch, handlers } from '..'
import { prerequisiteClosure } from '../../grader'
import { attemptCode } from '../../tinytorch'
import { blockingTodo } from './tinytorch'

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

  it('refuses a save that would overwrite an edit made in another editor, and writes nothing', async () => {
    const { ctx } = testContext()
    const opened = await call<{ files: { name: string; text: string }[]; workspacePath: string }>(ctx, 'tinytorch.open', {
      moduleId: '01_tensor'
    })
    const path = join(opened.workspacePath, 'tensor.ts')
    const starter = opened.files[0]!.text
    // The editor read the starter; saving over the starter is fine.
    await call(ctx, 'tinytorch.save', { moduleId: '01_tensor', file: 'tensor.ts', text: 'v1', expected: textFingerprint(starter) })
    expect(readFileSync(path, 'utf8')).toBe('v1')
    // Another editor writes; the editor still believes v1 is on disk.
    writeFileSync(path, 'theirs')
    const refused = await dispatch(
      handlers,
      'tinytorch.save',
      { moduleId: '01_tensor', file: 'tensor.ts', text: 'mine', expected: textFingerprint('v1') },
      ctx,
      quiet
    )
    expect(refused).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/^tensor.ts changed on disk/) } })
    expect(readFileSync(path, 'utf8')).toBe('theirs')
    // Keeping mine, knowingly: the fingerprint of what is on disk now.
    await call(ctx, 'tinytorch.save', { moduleId: '01_tensor', file: 'tensor.ts', text: 'mine', expected: textFingerprint('theirs') })
    expect(readFileSync(path, 'utf8')).toBe('mine')
    // Hostile values: an oversized fingerprint is a bad request; an unknown one a conflict; nothing is written.
    const long = await dispatch(
      handlers,
      'tinytorch.save',
      { moduleId: '01_tensor', file: 'tensor.ts', text: 'x', expected: 'f'.repeat(65) },
      ctx,
      quiet
    )
    expect(long).toMatchObject({ ok: false, error: { code: 'bad-request' } })
    const bogus = await dispatch(
      handlers,
      'tinytorch.save',
      { moduleId: '01_tensor', file: 'tensor.ts', text: 'x', expected: '' },
      ctx,
      quiet
    )
    expect(bogus).toMatchObject({ ok: false, error: { code: 'conflict' } })
    expect(readFileSync(path, 'utf8')).toBe('mine')
  })

  it('fingerprints tell texts apart', () => {
    expect(textFingerprint('abc')).toBe(textFingerprint('abc'))
    for (const [a, b] of [
      ['abc', 'abd'],
      ['', ' '],
      ['ab', 'ba'],
      ['x'.repeat(1000), `${'x'.repeat(999)}y`]
    ]) {
      expect(textFingerprint(a!)).not.toBe(textFingerprint(b!))
    }
  })

  it('grades the starter to zero, records the attempt, and gates the reference', async () => {
    const { ctx, store } = testContext()
    await call(ctx, 'tinytorch.open', { moduleId: '01_tensor' })
    const result = await call<GradeResult>(ctx, 'tinytorch.grade', { moduleId: '01_tensor', mode: 'run' })
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
    const result = await call<GradeResult>(ctx, 'tinytorch.grade', { moduleId: '01_tensor', mode: 'submit' })
    expect(result.status).toBe('pass')
    expect(result.score).toBe(result.maxScore)
    const modules = await call<{ id: string; status: string; bestScore: number | null }[]>(ctx, 'tinytorch.modules', {})
    expect(modules[0]).toMatchObject({ status: 'passed', bestScore: result.maxScore })
    expect(modules.find((m) => m.id === '02_activations')?.status).toBe('available')
    const ref = await call<{ files: { name: string }[] }>(ctx, 'tinytorch.reference', { moduleId: '01_tensor' })
    expect(ref.files.map((f) => f.name)).toContain('index.ts')
  })

  it('records exactly the code that was graded, read once', async () => {
    const { ctx, store } = testContext()
    const opened = await call<{ workspacePath: string }>(ctx, 'tinytorch.open', { moduleId: '01_tensor' })
    writeFileSync(join(opened.workspacePath, 'tensor.ts'), '// version A\n')
    const pending = call<GradeResult>(ctx, 'tinytorch.grade', { moduleId: '01_tensor', mode: 'run' })
    // an edit that lands while the run is under way is not what was graded
    writeFileSync(join(opened.workspacePath, 'tensor.ts'), '// version B\n')
    await pending
    const exported = store.exportDocument('t').activities.find((a) => a.kind === 'exercise_attempt')!
    expect(exported.payload.code).toBe(attemptCode({ 'tensor.ts': '// version A\n' }, ['tensor.ts']))
  })

  it('opens the reference after three Submits of different code (with a confirm), not three clicks', async () => {
    const { ctx } = testContext()
    const opened = await call<{ workspacePath: string }>(ctx, 'tinytorch.open', { moduleId: '01_tensor' })
    const file = join(opened.workspacePath, 'tensor.ts')
    const starter = readFileSync(file, 'utf8')
    for (let i = 0; i < 3; i++) await call(ctx, 'tinytorch.grade', { moduleId: '01_tensor', mode: 'submit' })
    // three clicks on the same code count once
    expect(await dispatch(handlers, 'tinytorch.reference', { moduleId: '01_tensor', confirm: true }, ctx, quiet)).toMatchObject({
      ok: false,
      error: { code: 'unavailable', message: expect.stringMatching(/after 3 Submits of different code \(you have made 1\)/) }
    })
    for (const edit of ['// try 2\n', '// try 3\n']) {
      writeFileSync(file, starter + edit)
      await call(ctx, 'tinytorch.grade', { moduleId: '01_tensor', mode: 'submit' })
    }
    expect(await dispatch(handlers, 'tinytorch.reference', { moduleId: '01_tensor' }, ctx, quiet)).toMatchObject({
      ok: false,
      error: { code: 'conflict' }
    })
    const ref = await call<{ files: { name: string; text: string }[] }>(ctx, 'tinytorch.reference', {
      moduleId: '01_tensor',
      confirm: true
    })
    expect(ref.files[0]!.text).not.toMatch(/^\s*\/\/# (solution|starter|end)/m)
  })

  it('opens hints in order, enforced here, and logs each one shown', async () => {
    const { ctx, store } = testContext()
    const skip = await dispatch(handlers, 'tinytorch.hint', { moduleId: '01_tensor', task: 'create', level: 1 }, ctx, quiet)
    expect(skip).toMatchObject({ ok: false, error: { code: 'conflict', message: expect.stringMatching(/open hint 1 for "create" first/) } })
    const first = await call<{ text: string; levels: number }>(ctx, 'tinytorch.hint', { moduleId: '01_tensor', task: 'create', level: 0 })
    expect(first.levels).toBe(3)
    expect(first.text.length).toBeGreaterThan(10)
    await call(ctx, 'tinytorch.hint', { moduleId: '01_tensor', task: 'create', level: 1 })
    // showing one again logs nothing new
    await call(ctx, 'tinytorch.hint', { moduleId: '01_tensor', task: 'create', level: 0 })
    expect(
      store
        .recent(10)
        .filter((a) => a.kind === 'hint_shown')
        .map((a) => a.summary)
    ).toEqual(['Opened hint 2 for create in 01_tensor', 'Opened hint 1 for create in 01_tensor'])
    const opened = await call<{ hintsShown: Record<string, number> }>(ctx, 'tinytorch.open', { moduleId: '01_tensor' })
    expect(opened.hintsShown).toEqual({ create: 1 })
    expect(await dispatch(handlers, 'tinytorch.hint', { moduleId: '01_tensor', task: 'nope', level: 0 }, ctx, quiet)).toMatchObject({
      ok: false,
      error: { code: 'not-found' }
    })
  })

  it('a milestone run without the reference stops on a TODO, names the module, and is logged; with it, it is reached', async () => {
    const { ctx, store } = testContext()
    type Outcome = {
      status: string
      achieved: boolean
      message: string | null
      usedReference: string[]
      blockedBy: { moduleId: string; title: string; file: string; line: number; passed: boolean } | null
      unpassed: { id: string; title: string }[]
    }
    const own = await call<Outcome>(ctx, 'tinytorch.runMilestone', { milestoneId: '01_perceptron' })
    expect(own.status).toBe('error')
    expect(own.message).toMatch(/TODO\(/)
    // The perceptron builds on 01-06; the first thing it does is enableAutograd(), so 05's starter stops it.
    expect(own.blockedBy).toMatchObject({ moduleId: '05_autograd', title: 'Autograd', file: 'autograd.ts', passed: false })
    expect(own.blockedBy!.line).toBeGreaterThan(0)
    expect(own.unpassed.map((m) => m.id)).toEqual(['01_tensor', '02_activations', '03_layers', '04_losses', '05_autograd', '06_optimizers'])
    expect(own.usedReference).toEqual([])
    expect(store.recent(1)[0]).toMatchObject({ kind: 'milestone_run', domain: 'tinytorch', subject: '01_perceptron' })

    const helped = await call<Outcome>(ctx, 'tinytorch.runMilestone', { milestoneId: '01_perceptron', referenceForUnpassed: true })
    expect(helped).toMatchObject({ status: 'ok', achieved: true, blockedBy: null, unpassed: [] })
    expect(helped.usedReference).toHaveLength(6)
    // Titles, not ids, in the log; a milestone reached only with reference modules is not yet the learner's own.
    const titles = (kind: string, id: string) => (kind === 'milestone' && id === '01_perceptron' ? 'The Perceptron' : id)
    expect(store.recent(1, titles)[0]!.summary).toMatch(/^Reached milestone The Perceptron with the reference for 01_tensor, /)
    const summary = await call<{
      completion: { id: string; done: number; total: number; items: { id: string; done: boolean; detail: string | null }[] }[]
    }>(ctx, 'progress.summary', {})
    const milestones = summary.completion.find((c) => c.id === 'milestones')!
    expect(milestones).toMatchObject({ done: 0, total: 6 })
    expect(milestones.items[0]).toMatchObject({ id: '01_perceptron', done: false, detail: 'reached only with reference modules so far' })
    // The export carries both runs.
    const exported = await call<{ json: string }>(ctx, 'progress.export', {})
    expect(JSON.parse(exported.json).activities.filter((a: { kind: string }) => a.kind === 'milestone_run')).toHaveLength(2)
  }, 60_000)

  it('finds the module whose TODO stopped a run, and nothing in messages that do not name one', () => {
    const modules = [
      { id: '01_tensor', title: 'Tensor', files: ['tensor.ts'] },
      { id: '05_autograd', title: 'Autograd', files: ['autograd.ts'] }
    ]
    expect(blockingTodo('TODO(enable): enableAutograd (at autograd.ts:370:9)', modules)).toEqual({
      moduleId: '05_autograd',
      title: 'Autograd',
      file: 'autograd.ts',
      line: 370
    })
    expect(blockingTodo(null, modules)).toBeNull()
    expect(blockingTodo('TypeError: x is not a function (at autograd.ts:3:1)', modules)).toBeNull()
    expect(blockingTodo('TODO(enable): enableAutograd', modules)).toBeNull()
    expect(blockingTodo('TODO(x): y (at ../../etc/passwd.ts:1:1)', modules)).toBeNull()
    expect(blockingTodo('TODO(x): y (at other.ts:1:1)', modules)).toBeNull()
  })

  it('computes transitive prerequisites from the curriculum', () => {
    const { ctx } = testContext()
    expect(prerequisiteClosure(ctx.curriculumRoot, '05_autograd')).toEqual(['01_tensor', '02_activations', '03_layers', '04_losses'])
    expect(prerequisiteClosure(ctx.curriculumRoot, '01_tensor')).toEqual([])
  })
})

describe('cancelling long work', () => {
  it('stops a Run from the status bar: its process ends, nothing is recorded, the reply says cancelled', async () => {
    const { ctx, store, hub } = testContext()
    const started: string[] = []
    hub.subscribe((event, payload) => {
      const p = payload as { id: string; cancellable: boolean; done: boolean }
      if (event === 'workProgress' && p.cancellable && !p.done) started.push(p.id)
    })
    const pending = dispatch(
      handlers,
      'tinytorch.grade',
      { moduleId: '01_tensor', mode: 'submit', referenceForUnpassed: false },
      ctx,
      quiet
    )
    while (started.length === 0) await new Promise((r) => setTimeout(r, 5))
    expect(await call(ctx, 'app.cancelWork', { id: started[0] })).toEqual({ cancelled: true })
    expect(await pending).toMatchObject({ ok: false, error: { code: 'cancelled', message: 'the Submit of 01_tensor was cancelled' } })
    expect(store.recent(10).filter((a) => a.kind === 'exercise_attempt')).toEqual([])
    expect(await call(ctx, 'app.cancelWork', { id: started[0] })).toEqual({ cancelled: false })
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
    const logged = store.exportDocument('t').activities.filter((a) => a.kind === 'milestone_run')
    expect(logged).toHaveLength(1)
    expect(logged[0]!.payload).toMatchObject({ status: 'ok', achieved: true, durationSeconds: r.wallSeconds })
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
