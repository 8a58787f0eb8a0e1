// `mlsys drills …` through the real CLI, the way `npm run -s mlsys -- drills …` runs it.
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../testing/fixtures'

const root = resolve(__dirname, '../..')
function mlsys(...args: string[]) {
  const r = spawnSync(process.execPath, ['--import', 'tsx', join(root, 'src-main/cli.ts'), ...args], { cwd: root, encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('mlsys drills', () => {
  it('lists the bank, then imported questions after an import', () => {
    const data = tempDir()
    const before = JSON.parse(mlsys('drills', 'list', '--data-dir', data).stdout) as Record<string, string>[]
    expect(before.length).toBeGreaterThanOrEqual(150)
    expect(Object.keys(before[0]!).sort()).toEqual(['area', 'id', 'level', 'source', 'title', 'topic', 'track', 'zone'])
    const imported = mlsys('drills', 'import', join(root, 'src-main/drills/fixtures/vault-repo'), '--data-dir', data)
    expect(imported.code).toBe(0)
    expect(JSON.parse(imported.stdout)).toMatchObject({ questions: 3, skipped: 3 })
    expect(imported.stderr).toContain('read 7 of 7 files')
    const after = JSON.parse(mlsys('drills', 'list', '--data-dir', data).stdout) as Record<string, string>[]
    expect(
      after
        .filter((e) => e.source === 'imported')
        .map((e) => e.id)
        .sort()
    ).toEqual(['vault:cloud-9001', 'vault:edge-9002', 'vault:tinyml-9003'])
  })

  it('samples the same instances for the same seed', () => {
    const a = mlsys('drills', 'sample', '--seed', '11', '--n', '5')
    const b = mlsys('drills', 'sample', '--seed', '11', '--n', '5')
    expect(a.code).toBe(0)
    expect(a.stdout).toBe(b.stdout)
    const items = JSON.parse(a.stdout) as { id: string; templateId: string; answer: { value: number; unit: string } | null }[]
    expect(items).toHaveLength(5)
    for (const i of items) {
      expect(i.id.startsWith(`${i.templateId}@`)).toBe(true)
      if (i.answer) expect(Number.isFinite(i.answer.value)).toBe(true)
    }
    expect(mlsys('drills', 'sample', '--seed', '12', '--n', '5').stdout).not.toBe(a.stdout)
  })

  it('grades an answer with units and reports the value in SI', () => {
    const r = mlsys('drills', 'grade', '--track', 'tinyml', '--expected', '160 GB', 'KV = 2 × 40 × 2 GB ≈ 160 GiB')
    expect(r.code).toBe(0)
    // 160 GiB = 171.8e9 B against 160e9: 7.4 % off, past tinyml's 5 % tolerance but within 100 %
    expect(JSON.parse(r.stdout)).toMatchObject({ grade: 'ballpark', score: 2, value: 160 * 2 ** 30, unit: 'B', expected: { unit: 'GiB' } })
  })

  it('refuses bad usage with exit code 2 and a message', () => {
    expect(mlsys('drills', 'grade', '--track', 'moon', '--expected', '1 GB', 'x').code).toBe(2)
    expect(mlsys('drills', 'grade', '--track', 'cloud', '--expected', '1 parsec', 'x').stderr).toContain(
      '"parsec" is not one the napkin-math grader reads'
    )
    expect(mlsys('drills', 'sample', '--seed', '-1', '--n', '2').code).toBe(2)
    expect(mlsys('drills', 'import', '/nonexistent/folder').stderr).toContain('is not a folder')
    expect(mlsys('drills', 'frobnicate').code).toBe(2)
  })
})
