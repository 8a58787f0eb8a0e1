// Shared vitest checks for a TinyTorch module against its reference solution (used by each module's
// reference.test.ts; not part of any learner-facing bundle).
import { beforeAll, describe, expect, it } from 'vitest'
import { registeredTests, type RegisteredTest } from 'tinytorch/harness'

export interface ModuleMeta {
  id: string
  title: string
  order: number
  summary: string
  prerequisites: string[]
  files: string[]
  tasks: { id: string; title: string }[]
}

export interface ModuleCheck {
  meta: ModuleMeta
  hints: Record<string, string[]>
  loadVisible: () => Promise<unknown>
  loadHidden: () => Promise<unknown>
  /** Calls something unimplemented in the starter; must throw an Error whose message starts with TODO(. */
  starterThrows: (() => unknown)[]
  systems: () => { rows: { label: string; measured: number; estimate: number | null; unit: string }[]; note?: string }
}

export function checkModule({ meta, hints, loadVisible, loadHidden, starterThrows, systems }: ModuleCheck): void {
  describe(`${meta.id} with the reference solution`, () => {
    let visible: RegisteredTest[] = []
    let hidden: RegisteredTest[] = []
    // Each test below reads the registered tests, loaded once here rather than by an earlier test.
    beforeAll(async () => {
      const before = registeredTests().length
      await loadVisible()
      const mid = registeredTests().length
      await loadHidden()
      const all = registeredTests()
      visible = all.slice(before, mid)
      hidden = all.slice(mid)
    })

    it('registers visible and hidden tests', () => {
      expect(visible.length).toBeGreaterThanOrEqual(5)
      expect(hidden.length).toBeGreaterThanOrEqual(5)
    })

    it('every test passes with the reference', async () => {
      const failures: string[] = []
      for (const t of [...visible, ...hidden]) {
        try {
          await t.fn()
        } catch (e) {
          failures.push(`${t.name}: ${e instanceof Error ? e.message : String(e)}`)
        }
      }
      expect(failures).toEqual([])
    })

    it('tests, tasks and hints agree', () => {
      const taskIds = new Set(meta.tasks.map((t) => t.id))
      const names = new Set<string>()
      for (const t of [...visible, ...hidden]) {
        expect(taskIds.has(t.task), `test "${t.name}" has unknown task ${t.task}`).toBe(true)
        expect(t.points).toBeGreaterThan(0)
        expect(t.hint, `test "${t.name}" has no hint`).toBeTruthy()
        expect(names.has(t.name), `duplicate test name ${t.name}`).toBe(false)
        names.add(t.name)
      }
      for (const task of meta.tasks) {
        expect(hints[task.id]?.length, `hints for ${task.id}`).toBe(3)
        expect(
          visible.some((t) => t.task === task.id),
          `visible test for ${task.id}`
        ).toBe(true)
        expect(
          hidden.some((t) => t.task === task.id),
          `hidden test for ${task.id}`
        ).toBe(true)
      }
      expect(Object.keys(hints).sort()).toEqual([...taskIds].sort())
      expect(meta.files.length).toBeGreaterThan(0)
    })

    it('the starter throws TODO errors', () => {
      for (const f of starterThrows) expect(f).toThrow(/^TODO\(/)
    })

    it('systems() reports finite measurements', () => {
      const { rows } = systems()
      expect(rows.length).toBeGreaterThan(0)
      for (const r of rows) {
        expect(Number.isFinite(r.measured), r.label).toBe(true)
        expect(['bytes', 'FLOP', 'seconds', 'count']).toContain(r.unit)
      }
    })
  })
}

/**
 * Runs every registered test against the untouched starter and returns what went wrong: a test that
 * passed (free points) or failed without a TODO error. An empty list is the goal.
 */
export async function starterProblems(loadTests: () => Promise<unknown>): Promise<string[]> {
  await loadTests()
  const problems: string[] = []
  for (const t of registeredTests()) {
    try {
      await t.fn()
      problems.push(`${t.name}: passed on the starter`)
    } catch (e) {
      const message = e instanceof Error ? e.message : String(e)
      if (!/TODO\(/.test(message)) problems.push(`${t.name}: failed without a TODO error: ${message}`)
    }
  }
  return problems
}
