// Grades the real curriculum through the real CLI (`mlsys grade`), as a learner or CI would: every
// reference solution gets full marks on the visible and the hidden tests, and every untouched starter
// scores zero on both without the grader crashing.
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../testing/fixtures'
import { curriculumRoot, listModuleIds, type GradeResult } from './index'

const repo = resolve(__dirname, '../..')
const ids = listModuleIds(curriculumRoot())

function grade(...args: string[]): GradeResult {
  // A fresh data folder: no workspace copy, so "the learner's code" is the untouched starter.
  const r = spawnSync(process.execPath, [join(repo, 'scripts/mlsys.mjs'), 'grade', ...args, '--data-dir', tempDir()], {
    cwd: repo,
    encoding: 'utf8'
  })
  if (r.status !== 0) throw new Error(`mlsys grade ${args.join(' ')} exited ${r.status}: ${r.stderr}`)
  return JSON.parse(r.stdout) as GradeResult
}

function explain(r: GradeResult): string {
  const bad = r.tests.filter((t) => t.status !== 'pass').map((t) => `  ${t.name}: ${t.message}`)
  return [
    `${r.moduleId} ${r.suite}: ${r.status} ${r.score}/${r.maxScore} ${r.message ?? ''}`,
    ...r.compileErrors.map((e) => `  ${e.file}:${e.line}:${e.column} ${e.message}`),
    ...bad
  ].join('\n')
}

describe('the TinyTorch curriculum through mlsys grade', () => {
  it('has modules 01 to 07', () => {
    expect(ids.slice(0, 7)).toEqual([
      '01_tensor',
      '02_activations',
      '03_layers',
      '04_losses',
      '05_autograd',
      '06_optimizers',
      '07_training'
    ])
  })
  for (const id of ids) {
    it(`${id}: the reference gets full marks on visible and hidden tests`, { timeout: 60_000 }, () => {
      for (const suite of [[], ['--hidden']]) {
        const r = grade(id, '--reference', ...suite)
        expect(r.maxScore, explain(r)).toBeGreaterThan(0)
        expect(r.score, explain(r)).toBe(r.maxScore)
        expect(r.status).toBe('pass')
      }
    })
    it(`${id}: the untouched starter scores zero without crashing`, { timeout: 60_000 }, () => {
      for (const suite of [[], ['--hidden']]) {
        const r = grade(id, ...suite)
        expect(r.score, explain(r)).toBe(0)
        expect(r.status).toBe('fail')
        expect(r.compileErrors, explain(r)).toEqual([])
        expect(r.tests.length).toBeGreaterThan(0)
      }
    })
  }
})
