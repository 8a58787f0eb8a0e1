/**
 * The grader's integrity suite: every attack a hostile learner has tried, graded through the real module 01
 * exactly as `mlsys grade 01_tensor --file attack.ts [--hidden]` does. Each must leave the score where the
 * untouched starter leaves it (zero), never print a hidden test or a reference solution, and never take
 * down the grading process of the app.
 */
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, beforeAll, describe, expect, it } from 'vitest'
import { curriculumRoot, forkLauncher, type GradeResult, gradeModule, loadModule, setProcessLauncher } from './index'

const root = curriculumRoot()
const starter = readFileSync(join(root, '01_tensor', 'tensor.ts'), 'utf8')
const hiddenSource = readFileSync(join(root, '01_tensor', 'tests', 'hidden.ts'), 'utf8')
const referenceSource = readFileSync(join(root, 'reference', '03_layers', 'index.ts'), 'utf8')

async function grade(code: string, suite: 'visible' | 'hidden'): Promise<GradeResult> {
  return gradeModule({ root, moduleId: '01_tensor', suite, files: { 'tensor.ts': code } })
}

/** Lines of a source long enough to be unmistakable if they turned up in the output. */
function distinctiveLines(source: string): string[] {
  return source
    .split('\n')
    .map((l) => l.trim())
    .filter((l) => l.length > 40 && !l.startsWith('import') && !l.startsWith('//'))
}

function everything(r: GradeResult): string {
  return [r.message ?? '', ...r.tests.flatMap((t) => [t.message ?? '', t.output])].join('\n')
}

const starterScores: Record<string, GradeResult> = {}
beforeAll(async () => {
  starterScores.visible = await grade(starter, 'visible')
  starterScores.hidden = await grade(starter, 'hidden')
  expect(starterScores.visible!.score).toBe(0)
  expect(starterScores.hidden!.score).toBe(0)
}, 60_000)

/** Both suites: the attack scores what the starter scores, out of the same maximum. */
async function expectNoGain(code: string): Promise<GradeResult[]> {
  const results = [await grade(code, 'visible'), await grade(code, 'hidden')]
  for (const r of results) {
    const base = starterScores[r.suite]!
    expect(r.maxScore, `${r.suite} max`).toBe(base.maxScore)
    expect(r.score, `${r.suite} score`).toBe(0)
    expect(r.status, `${r.suite} status`).not.toBe('pass')
    expect(r.tests.map((t) => t.name)).toEqual(base.tests.map((t) => t.name))
    for (const line of distinctiveLines(hiddenSource)) expect(everything(r)).not.toContain(line)
  }
  return results
}

describe('grading cannot be forged, read or crashed', () => {
  it('learner code cannot import the harness to turn expect into no-ops (do-nothing and Proxy tensors)', async () => {
    const doNothing = `import { expect } from 'tinytorch/harness'
      for (const k of Object.keys(expect)) (expect as any)[k] = () => {}
      export class Tensor { constructor(..._a: unknown[]) {} }`
    const [visible] = await expectNoGain(doNothing)
    expect(visible!.message).toMatch(/the test harness belongs to the tests: code in 01_tensor may import tinytorch\/runtime/)
    const proxy = `import { expect } from 'tinytorch/harness'
      Object.assign(expect, { equal() {}, close() {}, true() {}, shape() {}, tensorClose() {}, throws() {}, finite() {} })
      const any: any = new Proxy(function () {}, { get: () => any, apply: () => any, construct: () => any })
      export const Tensor = any`
    await expectNoGain(proxy)
  })

  it('the harness is not on the global object either', async () => {
    const viaGlobal = `${starter}
      const libs = (globalThis as any).__tt_libs
      if (libs.harness) for (const k of Object.keys(libs.harness.expect)) libs.harness.expect[k] = () => {}`
    await expectNoGain(viaGlobal)
  })

  it('patching Array.prototype.push (tests registering with empty bodies) fails at load', async () => {
    const code = `${starter}
      const push = Array.prototype.push
      Array.prototype.push = function (this: any, ...items: any[]) {
        return push.apply(this, items.map((t) => (t && typeof t.fn === 'function' ? { ...t, fn() {} } : t)))
      }`
    const [visible] = await expectNoGain(code)
    expect(visible!.message).toMatch(/the code failed while loading: TypeError: Cannot assign to read only property 'push'/)
  })

  it('Object.prototype.toJSON cannot rewrite the per-test report, nor a forged test list claim 1000 points', async () => {
    const report = `${starter}
      ;(Object.prototype as any).toJSON = function (this: any) { return { ...this, state: 'pass', message: null } }`
    await expectNoGain(report)
    const list = `${starter}
      ;(Object.prototype as any).toJSON = function (this: any) {
        return Array.isArray(this.tests) ? { ...this, tests: [{ name: 'x', task: 'create', points: 1000 }] } : this
      }
      ;(JSON as any).stringify = () => '{"state":"pass"}'`
    const [visible] = await expectNoGain(list)
    expect(visible!.maxScore).toBe(starterScores.visible!.maxScore)
  })

  it('test functions cannot be reached through callers, and sources print as native code', async () => {
    const code = starter.replace(
      'export class Tensor {',
      `function leak(f: unknown): void {
        try { console.log(String(f)) } catch (e) { console.log('blocked: ' + (e as Error).message) }
      }
      export class Tensor {
        static probe(): void {}`
    )
    const callers = code.replace(
      'constructor(data: NestedNumbers | Float32Array, opts: TensorOptions = {}) {',
      `constructor(data: NestedNumbers | Float32Array, opts: TensorOptions = {}) {
        try { leak((Tensor as any).caller) } catch (e) { console.log('blocked: ' + (e as Error).message) }
        try { leak((arguments as any).callee.caller) } catch (e) { console.log('blocked: ' + (e as Error).message) }
        leak(Object.getPrototypeOf(Tensor).constructor)
        leak(Function.prototype.toString.call(Tensor))`
    )
    const results = await expectNoGain(callers)
    const out = results.map(everything).join('\n')
    expect(out).toContain('blocked:')
    expect(out).toMatch(/function _?Tensor\(\) \{ \[native code\] \}/)
    expect(out).not.toContain('this.data')
  })

  it('a later module resolves to nothing: no reference solution can be imported or printed', async () => {
    const code = `${starter}
      import * as layers from 'tinytorch/03_layers'
      console.log(String((layers as any).Linear))`
    const [visible] = await expectNoGain(code)
    expect(visible!.compileErrors[0]!.message).toBe('01_tensor does not build on 03_layers: code in 01_tensor may import tinytorch/runtime')
    for (const line of distinctiveLines(referenceSource)) expect(everything(visible!)).not.toContain(line)
  })

  it('one huge log line is capped at 64 KB with a note; the run and the next one go on', async () => {
    const code = starter.replace(
      'constructor(data: NestedNumbers | Float32Array, opts: TensorOptions = {}) {',
      `constructor(data: NestedNumbers | Float32Array, opts: TensorOptions = {}) {
        console.log('x'.repeat(100_000_000))`
    )
    const [visible] = await expectNoGain(code)
    const first = visible!.tests.find((t) => t.output.length > 0)!
    expect(first.output.length).toBeLessThan(66 * 1024)
    // 100,000,000 x's, one space-free line: 65,536 kept, the rest counted, the newline too
    expect(first.output).toContain(`… ${100_000_000 + 1 - 64 * 1024} more characters of output were cut (the limit is 65536 per test)`)
    expect((await grade(starter, 'visible')).score).toBe(0)
  })
})

describe('a grading process that dies takes only its own run with it', () => {
  afterEach(() => setProcessLauncher(forkLauncher))

  it('reports an error result naming the crash, and the next run works', async () => {
    setProcessLauncher((script) => {
      const proc = forkLauncher(script)
      // Stand in for a fatal V8 error: the process aborts as soon as it has a job.
      const send = proc.send
      return {
        ...proc,
        send: (m) => {
          send(m)
          setTimeout(() => proc.kill(), 50)
        }
      }
    })
    const r = await gradeModule({ root, moduleId: '01_tensor', suite: 'visible', useReference: 'all' })
    expect(r.status).toBe('error')
    expect(r.score).toBe(0)
    expect(r.maxScore).toBe(starterScores.visible!.maxScore)
    expect(r.message).toMatch(/the grading process stopped unexpectedly \(signal SIGKILL\)|the run stopped before any test/)
    setProcessLauncher(forkLauncher)
    const again = await gradeModule({ root, moduleId: '01_tensor', suite: 'visible', useReference: 'all' })
    expect(again.status).toBe('pass')
  })

  it('points come from the module itself, not from the sandbox', async () => {
    const mod = loadModule(root, '01_tensor')
    const r = await gradeModule({ root, moduleId: '01_tensor', suite: 'all', useReference: 'all' })
    expect(r.status).toBe('pass')
    expect(new Set(r.tests.map((t) => t.task))).toEqual(new Set(mod.tasks.map((t) => t.id)))
    expect(r.maxScore).toBe(starterScores.visible!.maxScore + starterScores.hidden!.maxScore)
  })
})
