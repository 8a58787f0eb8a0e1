// Grades the real curriculum (when it is there): the reference of every module gets full marks on all tests,
// and every starter scores zero without the grader throwing. Modules not written yet are skipped.
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { curriculumRoot, gradeModule, listModuleIds, loadModule, type GradeResult } from './index'

const root = curriculumRoot()
const present = existsSync(join(root, '01_tensor', 'module.json'))
const ids = present ? listModuleIds(root) : []

function ready(id: string, needReference: boolean): boolean {
  try {
    const mod = loadModule(root, id)
    return (mod.tests.visible !== null || mod.tests.hidden !== null) && (!needReference || mod.referenceEntry !== null)
  } catch {
    return false
  }
}

function explain(r: GradeResult): string {
  const bad = r.tests.filter((t) => t.status !== 'pass').map((t) => `  ${t.name}: ${t.message}`)
  return [`${r.moduleId}: ${r.status} ${r.score}/${r.maxScore} ${r.message ?? ''}`, ...r.compileErrors.map((e) => `  ${e.file}:${e.line}:${e.column} ${e.message}`), ...bad].join('\n')
}

describe.skipIf(!present)('the TinyTorch curriculum', () => {
  for (const id of ids) {
    it.skipIf(!ready(id, true))(`${id}: the reference gets full marks`, { timeout: 120_000 }, async () => {
      const r = await gradeModule({ root, moduleId: id, suite: 'all', useReference: 'all' })
      expect(r.maxScore, explain(r)).toBeGreaterThan(0)
      expect(r.score, explain(r)).toBe(r.maxScore)
      expect(r.status).toBe('pass')
    })
    it.skipIf(!ready(id, false))(`${id}: the starter scores zero`, { timeout: 120_000 }, async () => {
      const r = await gradeModule({ root, moduleId: id, suite: 'all' })
      expect(r.score, explain(r)).toBe(0)
      expect(r.status).not.toBe('pass')
      expect(r.compileErrors, explain(r)).toEqual([])
    })
  }
})
