import { spawnSync } from 'node:child_process'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { ProgressStore } from '../store'
import { tempDir } from '../testing/fixtures'

const root = resolve(__dirname, '../..')

/** Runs the real CLI the way `npm run -s mlsys -- …` does. */
function mlsys(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'scripts/mlsys.mjs'), ...args], { cwd: root, encoding: 'utf8' })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('mlsys progress', () => {
  it('exports a profile and imports it into a fresh one with the same summary', () => {
    const a = tempDir()
    const store = ProgressStore.open(a)
    store.record('page_visit', '', { route: 'tinytorch' })
    store.record('scenario_save', 'roofline', { scenarioId: 's1', name: 'A100 prefill', params: { batch: 4 } })
    const summary = store.summary()
    store.close()

    const file = join(tempDir(), 'export.json')
    const exported = mlsys('progress', 'export', file, '--data-dir', a)
    expect(exported.code).toBe(0)
    expect(exported.stdout).toContain(`exported 2 activities to ${file}`)
    expect(JSON.parse(readFileSync(file, 'utf8')).activities).toHaveLength(2)

    const b = tempDir()
    const imported = mlsys('progress', 'import', file, '--data-dir', b)
    expect(imported.code).toBe(0)
    expect(imported.stdout).toContain('imported 2 activities (0 already present, 0 rejected)')
    const copy = ProgressStore.open(b)
    expect(copy.summary().totals).toEqual(summary.totals)
    copy.close()
  })

  it('refuses a file that is not an export, with a clear message and exit code 2', () => {
    const bad = join(tempDir(), 'bad.json')
    writeFileSync(bad, '{"hello": 1}')
    const r = mlsys('progress', 'import', bad, '--data-dir', tempDir())
    expect(r.code).toBe(2)
    expect(r.stderr).toContain('not a valid progress export: format')
    expect(mlsys('progress', 'import', '/nonexistent/file.json', '--data-dir', tempDir()).stderr).toContain(
      'cannot read /nonexistent/file.json: ENOENT'
    )
  })
})

describe('mlsys sim', () => {
  it('prints a function result as JSON', () => {
    // H100-like: ridge = 989e12 / 3.35e12 ≈ 295.2 FLOP/B; intensity 1e12/1e10 = 100 < ridge → memory-bound,
    // time = 1e10 B / 3.35e12 B/s ≈ 2.985 ms.
    const r = mlsys('sim', 'roofline', '{"flops":1e12,"bytes":1e10,"peakFlops":989e12,"bandwidth":3.35e12}')
    expect(r.code).toBe(0)
    const out = JSON.parse(r.stdout)
    expect(out.bound).toBe('memory')
    expect(out.intensity).toBe(100)
    expect(out.seconds).toBeCloseTo(1e10 / 3.35e12, 12)
  })

  it('keeps Infinity visible instead of turning it into null', () => {
    const out = JSON.parse(mlsys('sim', 'mmcQueue', '{"arrivalRate":12,"serviceRate":1,"servers":10}').stdout)
    expect(out.stable).toBe(false)
    expect(out.meanWait).toBe('Infinity')
  })

  it('lists functions and catalog entries', () => {
    const out = JSON.parse(mlsys('sim', '--list').stdout)
    expect(out.functions.map((f: { name: string }) => f.name)).toContain('hierarchicalAllReduce')
    expect(out.catalog.accelerators.length).toBeGreaterThanOrEqual(17)
  })

  it('fails clearly on an unknown function or bad parameters', () => {
    const unknown = mlsys('sim', 'warpDrive', '{}')
    expect(unknown.code).not.toBe(0)
    expect(unknown.stderr).toContain('unknown simulator function "warpDrive"')
    const bad = mlsys('sim', 'ringAllReduce', '{"bytes":1e9,"ranks":8,"bandwidth":0,"latency":1e-6}')
    expect(bad.code).not.toBe(0)
    expect(bad.stderr).toMatch(/bandwidth must be > 0/)
    const notJson = mlsys('sim', 'roofline', '{flops: 1}')
    expect(notJson.code).not.toBe(0)
    expect(notJson.stderr).toContain('parameters must be a JSON object')
  })
})
