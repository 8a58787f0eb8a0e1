import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { ProgressStore } from '../store'
import { HelpRequested, UsageError } from './command'
import { makeGradeCommand } from './grade'

const root = join(__dirname, '..', 'grader', 'fixtures', 'curriculum')
const temps: string[] = []
function temp(): string {
  const dir = mkdtempSync(join(tmpdir(), 'grade-cli-test-'))
  temps.push(dir)
  return dir
}
afterAll(() => {
  for (const d of temps) rmSync(d, { recursive: true, force: true })
})

describe('grade command', () => {
  const run = async (argv: string[], dataDir: string): Promise<unknown> => {
    const lines: string[] = []
    await makeGradeCommand(root).run(argv.slice(1), { dataDir, io: { out: (l) => lines.push(l), err: () => {}, isTTY: false } })
    expect(lines).toHaveLength(1)
    return JSON.parse(lines[0]!)
  }

  it('grades the reference, the starter, the workspace copy and --file', async () => {
    const data = temp()
    expect(await run(['grade', '00_demo', '--reference'], data)).toMatchObject({ status: 'pass', score: 3, suite: 'visible' })
    expect(await run(['grade', '00_demo', '--reference', '--hidden'], data)).toMatchObject({ status: 'pass', score: 4, suite: 'hidden' })
    expect(await run(['grade', '00_demo'], data)).toMatchObject({ status: 'fail', score: 0 })
    const good = `import type { NDArray } from 'tinytorch/runtime'\nexport const add = (a: NDArray, b: NDArray) => a.add(b)\nexport const scale = (a: NDArray, k: number) => a.mul(k)\n`
    const file = join(data, 'mine.ts')
    writeFileSync(file, good)
    expect(await run(['grade', '00_demo', '--file', file], data)).toMatchObject({ status: 'pass', score: 3 })
    mkdirSync(join(data, 'workspace', 'tinytorch', '00_demo'), { recursive: true })
    writeFileSync(join(data, 'workspace', 'tinytorch', '00_demo', 'demo.ts'), good)
    expect(await run(['grade', '00_demo'], data)).toMatchObject({ status: 'pass', score: 3 })
    expect(await run(['grade', '01_next', '--reference'], data)).toMatchObject({ status: 'pass', usedReference: ['00_demo', '01_next'] })
    // earlier modules are the learner's own unless they ask for the reference where they have not passed
    expect(await run(['grade', '01_next'], data)).toMatchObject({ status: 'fail', usedReference: [] })
    const withRef = (await run(['grade', '01_next', '--reference-for-unpassed'], data)) as { usedReference: string[] }
    // 00_demo passed only on Run, never on Submit: it still counts as not passed
    expect(withRef.usedReference).toEqual(['00_demo'])
    // runs and submits are recorded like the app's; --reference and --hidden runs are not
    const store = ProgressStore.open(data)
    const attempts = store.recent(50).filter((a) => a.kind === 'exercise_attempt')
    expect(attempts.map((a) => a.summary)).toEqual([
      'Ran 01_next: 0/1 points',
      'Ran 01_next: 0/1 points',
      'Ran 00_demo: 3/3 points',
      'Ran 00_demo: 3/3 points',
      'Ran 00_demo: 0/3 points'
    ])
    await run(['grade', '00_demo', '--submit'], data)
    expect(store.exerciseStates().get('00_demo')?.status).toBe('passed')
    store.close()
  })

  it('rejects bad usage with a UsageError; --help is not an error', async () => {
    const data = temp()
    await expect(run(['grade'], data)).rejects.toThrow(UsageError)
    await expect(run(['grade', '00_demo', '--help'], data)).rejects.toBeInstanceOf(HelpRequested)
    await expect(run(['grade', '00_demo', '--bogus'], data)).rejects.toThrow(/Unknown option '--bogus'/)
    await expect(run(['grade', '00_demo', '--submit', '--hidden'], data)).rejects.toThrow(/use one of --submit and --hidden/)
    await expect(run(['grade', '07_nope'], data)).rejects.toThrow(/unknown module "07_nope"; known modules: 00_demo, 01_next, 02_probe/)
    await expect(run(['grade', '07_nope'], data)).rejects.toBeInstanceOf(UsageError)
    await expect(run(['grade', '00_demo', '--file', join(data, 'missing.ts')], data)).rejects.toThrow(/cannot read/)
    await expect(run(['grade', '00_demo', '--file'], data)).rejects.toThrow(/--file <value>' argument missing/)
  })
})
