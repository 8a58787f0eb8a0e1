import { describe, it, expect } from 'vitest'
import list from './milestones.json'
import perceptron from './01_perceptron'
import xor from './02_xor'

describe('milestones with the reference modules', () => {
  it('milestones.json lists both milestones', () => {
    expect(list.map((m) => m.id)).toEqual(['01_perceptron', '02_xor'])
    for (const m of list) expect(m.requires.length).toBeGreaterThan(0)
  })

  for (const [id, run] of [
    ['01_perceptron', perceptron],
    ['02_xor', xor]
  ] as const) {
    it(`${id} is achieved quickly and reports progress`, async () => {
      const reports: { step: number; total: number; metrics: Record<string, number> }[] = []
      const start = performance.now()
      const result = await run((p) => reports.push(p))
      const seconds = (performance.now() - start) / 1000
      console.log(id, result.summary, JSON.stringify(result.metrics), `${seconds.toFixed(2)} s, ${reports.length} reports`)
      expect(result.achieved).toBe(true)
      expect(seconds).toBeLessThan(10)
      expect(reports.length).toBeGreaterThan(10)
      // Signs read as a person writes them: "0.52·x₀ − 0.13·x₁ − 0.01 = 0", never "+ -0.01".
      expect(result.summary).not.toMatch(/[+−-] -|\+ −/)
      if (id === '01_perceptron') expect(result.summary).toMatch(/line −?\d+\.\d\d·x₀ [+−] \d+\.\d\d·x₁ [+−] \d+\.\d\d = 0:/)
      for (const r of reports) {
        expect(r.step).toBeLessThanOrEqual(r.total)
        for (const v of Object.values(r.metrics)) expect(Number.isFinite(v)).toBe(true)
      }
    })
  }
})
