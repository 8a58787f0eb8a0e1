import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { gradeModule, type GradeResult } from './index'

const root = join(__dirname, 'fixtures', 'curriculum')
const escapes = readFileSync(join(__dirname, 'fixtures', 'escape-probe.ts.txt'), 'utf8')

function byName(r: GradeResult): Record<string, GradeResult['tests'][number]> {
  return Object.fromEntries(r.tests.map((t) => [t.name, t]))
}

describe('sandbox', () => {
  it('contains every escape attempt as a failed test and keeps running the rest', async () => {
    const r = await gradeModule({ root, moduleId: '02_probe', suite: 'visible', files: { 'probe.ts': escapes } })
    const t = byName(r)
    expect(r.status).toBe('fail')
    expect(r.tests).toHaveLength(17)

    expect(t.first!.status).toBe('pass')
    // an endless loop is stopped by the per-test limit and the next test still runs
    expect(t.loop!.status).toBe('error')
    expect(t.loop!.message).toMatch(/timed out after 400 ms/)
    expect(t.afterLoop!.status).toBe('pass')

    expect(t.exit!.message).toMatch(/ReferenceError: process is not defined \(at probe\.ts:\d+:\d+\)/)
    expect(t.thisCtor!.status).toBe('error')
    expect(t.thisCtor!.message).toMatch(/EvalError: Code generation from strings disallowed/)
    expect(t.objCtor!.message).toMatch(/EvalError: Code generation from strings disallowed/)
    expect(t.fnCtor!.message).toMatch(/EvalError: Code generation from strings disallowed/)
    expect(t.asyncFnCtor!.message).toMatch(/EvalError: Code generation from strings disallowed/)
    expect(t.globalRequire!.message).toMatch(/TypeError: globalThis\.require is not a function/)
    expect(t.throw42!.message).toBe('threw 42 (a number, not an Error)')
    expect(t.dynamicImport!.message).toMatch(/Dynamic require of "node:fs" is not supported/)
    expect(t.asyncNever!.message).toMatch(/never settled/)
    expect(t.asyncLoop!.message).toMatch(/timed out after 400 ms/)
    expect(t.timerLoop!.message).toMatch(/timed out after 400 ms/)
    // Error is frozen: no prepareStackTrace hook can collect stack frames (or hand out a host object)
    expect(t.stackFrames!.message).toMatch(/TypeError: Cannot add property prepareStackTrace, object is not extensible/)
    expect(t.stackOverflow!.message).toMatch(/RangeError: Maximum call stack size exceeded/)
    expect(t.last!.status).toBe('pass')
    expect(r.score).toBe(3)

    // the host is unharmed
    expect(process.exitCode).toBeUndefined()
    expect((globalThis as Record<string, unknown>).__tt).toBeUndefined()
    expect(Function('return 1')()).toBe(1)
  })

  it('a memory bomb ends the run: that test is stopped, the rest are reported as not run', async () => {
    const src = `export function run(name: string): unknown {
      if (name === 'loop') { const keep: number[][] = []; while (true) keep.push(new Array(100000).fill(1.5)) }
      return 'ok'
    }`
    const r = await gradeModule({ root, moduleId: '02_probe', suite: 'visible', files: { 'probe.ts': src }, limits: { maxHeapMb: 64 } })
    const t = byName(r)
    expect(t.first!.status).toBe('pass')
    expect(t.loop!.status).toBe('error')
    expect(t.loop!.message).toMatch(/ran out of memory \(the limit is 64 MB\)/)
    expect(t.afterLoop!.message).toMatch(/^not run: the sandbox was stopped while running "loop"/)
    expect(t.last!.status).toBe('error')
    expect(r.status).toBe('fail')
    expect(r.message).toMatch(/ran out of memory/)
    // and the next run works
    const again = await gradeModule({ root, moduleId: '02_probe', suite: 'visible', useReference: 'all' })
    expect(again.status).toBe('pass')
  })

  it('the whole-run limit stops the worker from outside; the remaining tests are reported as not run', async () => {
    const src = `export function run(name: string): unknown {
      const end = Date.now() + 300
      while (Date.now() < end) {}
      return 'ok'
    }`
    const r = await gradeModule({ root, moduleId: '02_probe', suite: 'visible', files: { 'probe.ts': src }, limits: { maxRunMs: 750 } })
    const t = byName(r)
    expect(t.first!.status).toBe('pass')
    expect(t.loop!.status).toBe('pass')
    expect(t.afterLoop!.message).toBe('stopped: the run took longer than its 0.75 s limit')
    expect(t.exit!.message).toBe('not run: the sandbox was stopped while running "afterLoop" (the run took longer than its 0.75 s limit)')
    expect(r).toMatchObject({ status: 'fail', score: 2, maxScore: 17 })
  })

  it('a huge typed-array allocation fails inside the test', async () => {
    const src = `export function run(name: string): unknown { if (name === 'loop') return new Float64Array(2 ** 40).length; return 'ok' }`
    const r = await gradeModule({ root, moduleId: '02_probe', suite: 'visible', files: { 'probe.ts': src } })
    expect(byName(r).loop!.message).toMatch(/RangeError/)
    expect(byName(r).last!.status).toBe('pass')
  })

  it('an endless loop at the top level is a load error, not a hang', async () => {
    const src = `while (true) {}\nexport const run = () => 'ok'`
    const r = await gradeModule({
      root,
      moduleId: '02_probe',
      suite: 'visible',
      files: { 'probe.ts': src },
      limits: { loadTimeoutMs: 300 }
    })
    expect(r.status).toBe('error')
    expect(r.message).toMatch(/timed out after 300 ms/)
    expect(r.score).toBe(0)
    expect(r.maxScore).toBe(17)
    expect(r.tests.every((t) => t.status === 'error' && t.message === 'not run: the code failed while loading')).toBe(true)
  })

  it('learner code cannot import the harness, and cannot register scored tests of its own', async () => {
    const withHarness = `import { test } from 'tinytorch/harness'
      test('free points', { task: 'probe', points: 1000 }, () => {})
      export function run(): unknown { return 'ok' }`
    const refused = await gradeModule({ root, moduleId: '02_probe', suite: 'visible', files: { 'probe.ts': withHarness } })
    expect(refused).toMatchObject({ status: 'error', score: 0, maxScore: 17 })
    expect(refused.message).toMatch(/the test harness belongs to the tests: code in 02_probe may import tinytorch\/runtime$/)
    const src = `const g = globalThis as any
      g.__tt.markStart('guess', 0); g.__tt.markEnd('guess', [{ name: 'forged', task: 'probe', points: 1000, fn() {} }])
      g.__tt.begin('guess', 0); g.__tt.loadFailed('guess', new Error('forged'))
      export function run(): unknown { return 'ok' }`
    const r = await gradeModule({ root, moduleId: '02_probe', suite: 'visible', files: { 'probe.ts': src } })
    expect(r.maxScore).toBe(17)
    expect(r.score).toBe(17)
    expect(r.tests.map((t) => t.name)).not.toContain('forged')
  })

  it('captures console output per test and leaves no globals beyond the allowed ones', async () => {
    const src = `export function run(name: string): unknown {
      console.log('probe', name, [1, 2], { a: 1 })
      if (name === 'first') {
        const g = globalThis as any
        const names = Object.getOwnPropertyNames(g).filter((k) => !/^[A-Z]/.test(k) && typeof g[k] !== 'undefined')
        console.log(names.sort().join(','))
        console.log(typeof g.process, typeof g.require, typeof g.module, typeof g.Buffer, typeof g.fetch, typeof g.__tt_libs)
      }
      return 'ok'
    }`
    const r = await gradeModule({ root, moduleId: '02_probe', suite: 'visible', files: { 'probe.ts': src } })
    const first = byName(r).first!
    expect(first.output.split('\n')[0]).toBe('probe first [1, 2] { a: 1 }')
    expect(first.output).toMatch(/undefined undefined undefined undefined undefined object/)
    const globals = first.output.split('\n')[1]!.split(',')
    for (const g of globals)
      expect([
        '__tt',
        '__tt_libs',
        'console',
        'performance',
        'setTimeout',
        'clearTimeout',
        'queueMicrotask',
        'globalThis',
        'escape',
        'unescape',
        'eval',
        'isFinite',
        'isNaN',
        'parseFloat',
        'parseInt',
        'decodeURI',
        'decodeURIComponent',
        'encodeURI',
        'encodeURIComponent',
        'undefined'
      ]).toContain(g)
    expect(byName(r).last!.output).toBe('probe last [1, 2] { a: 1 }\n')
  })
})

describe('the runtime inside the sandbox', () => {
  it('runs matmul on the SIMD kernel the grading worker compiled for it, while the realm itself cannot compile WebAssembly', async () => {
    const src = `import { nd } from 'tinytorch/runtime'
      export function run(name: string): unknown {
        if (name !== 'first') return 'ok'
        const g = globalThis as any
        let compile = 'allowed'
        try { new g.WebAssembly.Module(new Uint8Array([0, 97, 115, 109, 1, 0, 0, 0])) } catch (e) { compile = (e as Error).name }
        // 64 x 64 ones @ ones: every entry is 64
        console.log(nd.kernelBackend(), compile, nd.matmul(nd.ones([64, 64]), nd.ones([64, 64])).get(5, 7))
        return 'ok'
      }`
    const r = await gradeModule({ root, moduleId: '02_probe', suite: 'visible', files: { 'probe.ts': src } })
    expect(byName(r).first!.output).toBe('wasm-simd CompileError 64\n')
  })
})
