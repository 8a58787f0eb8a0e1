import { cpSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { gradeResultSchema } from '../../src-preload/contract'
import {
  CurriculumError,
  curriculumRoot,
  gradeModule,
  listModules,
  loadModule,
  runMilestone,
  runScript,
  runSystems,
  type MilestoneProgress
} from './index'

const root = join(__dirname, 'fixtures', 'curriculum')
const temps: string[] = []
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'grader-test-'))
  temps.push(dir)
  return dir
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true })
})

describe('curriculum', () => {
  it('finds the repository curriculum and loads fixture modules in order', () => {
    expect(curriculumRoot()).toMatch(/curriculum[\\/]tinytorch$/)
    const mods = listModules(root)
    expect(mods.map((m) => m.id)).toEqual(['00_demo', '01_next', '02_probe'])
    const demo = loadModule(root, '00_demo')
    expect(demo.entry).toBe('demo.ts')
    expect(Object.keys(demo.starter)).toEqual(['demo.ts', 'util.ts'])
    expect(demo.hints.add).toHaveLength(3)
    expect(demo.lesson).toMatch(/# Demo/)
    expect(demo.referenceEntry).toMatch(/reference[\\/]00_demo[\\/]index\.ts$/)
    expect(demo.tests.visible).toMatch(/visible\.ts$/)
  })

  it('names the file and field of an invalid module.json, and lists known modules for an unknown id', () => {
    const dir = temp()
    mkdirSync(join(dir, '05_bad'))
    writeFileSync(
      join(dir, '05_bad', 'module.json'),
      JSON.stringify({ id: '05_bad', title: 'Bad', order: 5, summary: '', files: ['../x.ts'], tasks: [{ id: 't', title: 'T' }] })
    )
    expect(() => loadModule(dir, '05_bad')).toThrow(/05_bad[\\/]module\.json: field "files\[0\]" must be a plain \.ts file name/)
    writeFileSync(
      join(dir, '05_bad', 'module.json'),
      JSON.stringify({ id: '05_bad', title: 'Bad', summary: '', files: ['a.ts'], tasks: [] })
    )
    expect(() => loadModule(dir, '05_bad')).toThrow(/field "order"/)
    expect(() => loadModule(root, '09_nope')).toThrow(/unknown module "09_nope"; known modules: 00_demo, 01_next, 02_probe/)
  })
})

describe('gradeModule', () => {
  it('gives the reference full marks and a well-formed result', async () => {
    const r = await gradeModule({ root, moduleId: '00_demo', suite: 'all', useReference: 'all' })
    expect(gradeResultSchema.parse(r)).toEqual(r)
    expect(r).toMatchObject({ moduleId: '00_demo', suite: 'all', status: 'pass', score: 7, maxScore: 7, message: null, compileErrors: [] })
    expect(r.usedReference).toEqual(['00_demo'])
    expect(r.tests.map((t) => [t.name, t.task, t.status, t.points])).toEqual([
      ['add two vectors', 'add', 'pass', 1],
      ['scale a vector', 'scale', 'pass', 2],
      ['add broadcasts', 'add', 'pass', 2],
      ['scale by zero', 'scale', 'pass', 1],
      ['scale after a timer', 'scale', 'pass', 1]
    ])
    expect(r.tests[0]!.output).toBe('adding\n')
    expect(r.tests.every((t) => t.hint === null && t.message === null)).toBe(true)
  })

  it('gives the starter zero, with the learner location of the TODO and a hint', async () => {
    const r = await gradeModule({ root, moduleId: '00_demo', suite: 'visible' })
    expect(gradeResultSchema.parse(r)).toEqual(r)
    expect(r).toMatchObject({ status: 'fail', score: 0, maxScore: 3, usedReference: [] })
    expect(r.tests[0]).toMatchObject({ status: 'error', message: 'Error: TODO: implement add (at demo.ts:9:9)', hint: 'Use a.add(b).' })
    expect(r.tests[1]).toMatchObject({ status: 'error', hint: 'Multiply' }) // no test hint: the task's first hint
  })

  it('runs the chosen suite only', async () => {
    const hidden = await gradeModule({ root, moduleId: '00_demo', suite: 'hidden', useReference: 'all' })
    expect(hidden.tests.map((t) => t.name)).toEqual(['add broadcasts', 'scale by zero', 'scale after a timer'])
  })

  it('grades given files: a correct solution passes, a partial one scores partially', async () => {
    const good = `import type { NDArray } from 'tinytorch/runtime'\nimport { check } from './util'\nexport function add(a: NDArray, b: NDArray) { check(a); return a.add(b) }\nexport function scale(a: NDArray, k: number) { return a.mul(k) }\n`
    const r = await gradeModule({ root, moduleId: '00_demo', suite: 'all', files: { 'demo.ts': good } })
    expect(r).toMatchObject({ status: 'pass', score: 7 })
    const partial = good.replace('return a.mul(k)', 'return a.mul(k + 1)')
    const p = await gradeModule({ root, moduleId: '00_demo', suite: 'visible', files: { 'demo.ts': partial } })
    expect(p).toMatchObject({ status: 'fail', score: 1, maxScore: 3 })
    expect(p.tests[1]).toMatchObject({ status: 'fail', message: expect.stringMatching(/^tensor: shape \[2\] matches, but values differ/) })
    await expect(gradeModule({ root, moduleId: '00_demo', suite: 'visible', files: { 'other.ts': good } })).rejects.toThrow(CurriculumError)
  })

  it('reports compile errors at the learner file, line and column', async () => {
    const src = `import { nd } from 'tinytorch/runtime'\nimport { readFileSync } from 'node:fs'\nexport const add = () => [nd, readFileSync]\n`
    const r = await gradeModule({ root, moduleId: '00_demo', suite: 'visible', files: { 'demo.ts': src } })
    expect(gradeResultSchema.parse(r)).toEqual(r)
    // every test is listed, none run: the learner sees 0 of 3 points, not 0/0
    expect(r).toMatchObject({ status: 'error', score: 0, maxScore: 3 })
    expect(r.tests.map((t) => [t.name, t.status, t.message])).toEqual([
      ['add two vectors', 'error', 'not run: the code did not compile'],
      ['scale a vector', 'error', 'not run: the code did not compile']
    ])
    expect(r.compileErrors[0]).toEqual({
      file: 'demo.ts',
      line: 2,
      column: 30,
      message:
        "imports are limited to tinytorch/*: 'node:fs' is not available in the sandbox (code in 00_demo may import tinytorch/runtime)"
    })
    expect(r.message).toBe(
      "compile error in demo.ts:2:30: imports are limited to tinytorch/*: 'node:fs' is not available in the sandbox (code in 00_demo may import tinytorch/runtime)"
    )
    // an export the tests need is missing: reported in the test file, naming the learner's file
    const missing = await gradeModule({ root, moduleId: '00_demo', suite: 'visible', files: { 'demo.ts': 'export const add = 1\n' } })
    expect(missing.compileErrors).toEqual([
      { file: '00_demo/tests/visible.ts', line: 4, column: 15, message: 'No matching export in demo.ts for import "scale"' }
    ])
    const syntax = await gradeModule({
      root,
      moduleId: '00_demo',
      suite: 'visible',
      files: { 'util.ts': 'export function check(a) {\n  return a +;\n}\n' }
    })
    expect(syntax.compileErrors[0]).toMatchObject({ file: 'util.ts', line: 2, column: 13 })
    const dyn = await gradeModule({
      root,
      moduleId: '00_demo',
      suite: 'visible',
      files: { 'demo.ts': `export async function add() {\n  return import('node:fs')\n}\n` }
    })
    expect(dyn.compileErrors[0]).toMatchObject({
      file: 'demo.ts',
      line: 2,
      message: expect.stringMatching(/'node:fs' is not available in the sandbox/)
    })
  })

  it('takes an earlier module from the reference only when asked, and says so', async () => {
    // nothing in the workspace and no reference asked for: the learner's (starter) 00_demo runs
    const plain = await gradeModule({ root, moduleId: '01_next', suite: 'visible' })
    expect(plain.usedReference).toEqual([])
    const r = await gradeModule({ root, moduleId: '01_next', suite: 'visible', useReference: ['00_demo'] })
    expect(r.usedReference).toEqual(['00_demo'])
    expect(r.tests[0]!.message).toMatch(/TODO: implement double \(at next\.ts:\d+:\d+\)/)
    // with the learner's own (starter) 00_demo in the workspace, it is used instead
    const ws = temp()
    cpSync(join(root, '00_demo'), join(ws, '00_demo'), { recursive: true })
    const own = await gradeModule({
      root,
      moduleId: '01_next',
      suite: 'visible',
      workspaceDir: ws,
      files: { 'next.ts': `import { add } from 'tinytorch/00_demo'\nexport const double = (a) => add(a, a)\n` }
    })
    expect(own.usedReference).toEqual([])
    expect(own.tests[0]!.message).toMatch(/TODO: implement add \(at demo\.ts:/)
    const listed = await gradeModule({
      root,
      moduleId: '01_next',
      suite: 'visible',
      workspaceDir: ws,
      useReference: ['00_demo'],
      files: { 'next.ts': `import { add } from 'tinytorch/00_demo'\nexport const double = (a) => add(a, a)\n` }
    })
    expect(listed).toMatchObject({ status: 'pass', usedReference: ['00_demo'] })
  })

  it('reports progress as each test finishes', async () => {
    const seen: [number, number][] = []
    await gradeModule({ root, moduleId: '00_demo', suite: 'visible', useReference: 'all', onProgress: (d, t) => seen.push([d, t]) })
    expect(seen).toEqual([
      [1, 2],
      [2, 2]
    ])
  })
})

describe('systems and milestones', () => {
  it('runs systems.ts against the chosen code', async () => {
    const ok = await runSystems({ root, moduleId: '00_demo', useReference: 'all' })
    expect(ok).toMatchObject({ status: 'ok', note: 'demo', usedReference: ['00_demo'] })
    expect(ok.rows).toEqual([
      { label: 'output bytes', measured: 1024, estimate: 1024, unit: 'bytes' },
      { label: 'elements', measured: 256, estimate: null, unit: 'count' }
    ])
    const starter = await runSystems({ root, moduleId: '00_demo' })
    expect(starter).toMatchObject({ status: 'error', rows: [], message: expect.stringMatching(/TODO: implement add \(at demo\.ts/) })
  })

  it('streams milestone progress and returns its result', async () => {
    const progress: MilestoneProgress[] = []
    const output: string[] = []
    const r = await runMilestone({
      root,
      milestoneId: 'demo_train',
      useReference: ['00_demo', '01_next'],
      onProgress: (p) => progress.push(p),
      onOutput: (o) => output.push(o)
    })
    expect(r).toMatchObject({
      status: 'ok',
      achieved: true,
      summary: 'reached 32',
      metrics: { value: 32 },
      usedReference: ['00_demo', '01_next']
    })
    expect(progress.map((p) => p.step)).toEqual([1, 2, 3, 4, 5])
    expect(progress[4]).toEqual({ step: 5, total: 5, metrics: { value: 32 } })
    expect(output).toEqual(['finished\n'])
    await expect(runMilestone({ root, milestoneId: 'nope' })).rejects.toThrow(/unknown milestone "nope"; known milestones: demo_train/)
  })
})

describe('scripts with input (runScript)', () => {
  it('passes JSON input to the default export, with the learner modules, and returns its value', async () => {
    const progress: number[] = []
    const r = await runScript({
      root,
      script: 'devices/echo.ts',
      useReference: 'all',
      input: { values: [1, 2.5, -3], label: 'tilt', __proto__: { polluted: true } },
      onProgress: (p) => progress.push(p.step)
    })
    expect(r.status).toBe('ok')
    expect(r.value).toEqual({ doubled: [2, 5, -6], label: 'tilt', escaped: 'refused: EvalError', polluted: false })
    expect(progress).toEqual([1, 2])
    expect(r.usedReference).toContain('01_next')
  })

  it('refuses paths outside the curriculum and scripts that do not exist', async () => {
    await expect(runScript({ root, script: '../escape.ts' })).rejects.toThrow('is not a curriculum script')
    await expect(runScript({ root, script: 'devices/nope.ts' })).rejects.toThrow('there is no curriculum script devices/nope.ts')
  })
})
