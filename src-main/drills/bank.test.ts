// The bank's consistency: every template draws many instances whose numbers come from the engine, whose
// napkin math reproduces the engine's answer, and whose own conclusion grades exact.
import { describe, expect, it } from 'vitest'
import { loadBank } from './bank'
import { gradeAnswer } from './grader'
import { instanceScope, instantiate } from './template'
import { AREAS, LEVELS, TRACKS } from './vocabulary'

const bank = loadBank()
const SEEDS = Array.from({ length: 30 }, (_, i) => i * 7919 + 1)

describe('the bank', () => {
  it('meets the counts of issue 9', () => {
    const ts = bank.templates.map((c) => c.template)
    expect(ts.length).toBeGreaterThanOrEqual(150)
    expect(new Set(ts.map((t) => t.track))).toEqual(new Set(TRACKS))
    expect(new Set(ts.map((t) => t.level))).toEqual(new Set(LEVELS))
    expect(new Set(ts.map((t) => t.area)).size).toBeGreaterThanOrEqual(12)
    for (const area of new Set(ts.map((t) => t.area))) expect(AREAS).toContain(area)
    const themes = new Set(ts.flatMap((t) => (t.chain ? [t.chain.theme] : [])))
    expect(themes.size).toBeGreaterThanOrEqual(10)
    for (const theme of themes) expect(ts.filter((t) => t.chain?.theme === theme).length).toBeGreaterThanOrEqual(3)
    // at least a few of each kind
    for (const kind of ['numeric', 'choice', 'open'] as const) expect(ts.filter((t) => t.kind === kind).length).toBeGreaterThanOrEqual(5)
  })

  describe.each(bank.templates.map((c) => [c.template.id, c] as const))('%s', (_id, c) => {
    const t = c.template
    it('instantiates for many seeds, reproducibly', () => {
      const texts = new Set<string>()
      for (const seed of SEEDS) {
        const a = instantiate(c, seed)
        expect(instantiate(c, seed)).toEqual(a)
        texts.add(a.question + a.scenario)
        if (t.kind === 'numeric') {
          expect(Number.isFinite(a.answer!.value)).toBe(true)
          expect(a.answer!.unit).toBe(t.answer!.unit)
        }
        if (a.options) {
          expect(a.options.length).toBeGreaterThanOrEqual(t.kind === 'choice' ? 2 : 3)
          expect(new Set(a.options.map((o) => o.text)).size).toBe(a.options.length)
          expect(a.options.filter((o) => o.why === null)).toHaveLength(1)
          expect(a.options[a.correctIndex!]!.why).toBeNull()
        }
        // a filled-in hole never shows NaN, Infinity, undefined or an object (unless the template's own words say so)
        const raw = JSON.stringify(t)
        for (const text of [a.scenario, a.question, ...(a.napkin?.calculations ?? []), a.napkin?.conclusion ?? '']) {
          for (const bad of ['NaN', 'Infinity', 'undefined', '[object']) if (!raw.includes(bad)) expect(text).not.toContain(bad)
        }
      }
      if (Object.keys(t.params).length > 0) expect(texts.size).toBeGreaterThan(1)
      // a choice whose parameters vary must not always have the same right answer
      if (t.kind === 'choice' && Object.keys(t.params).length > 0) {
        const right = new Set(
          SEEDS.map((seed) => {
            const a = instantiate(c, seed)
            return a.options![a.correctIndex!]!.text
          })
        )
        expect(right.size).toBeGreaterThan(1)
      }
    })
    if (t.kind === 'numeric') {
      it('its napkin math equals the engine, and its conclusion grades exact', () => {
        for (const seed of SEEDS) {
          const scope = instanceScope(c, seed)
          const engine = scope.answer as number
          const hand = scope.result as number
          // the hand calculation shown to the learner reproduces the engine's number (to 1e-6: 1 − (1 − p) loses digits)
          expect(Math.abs(hand - engine)).toBeLessThanOrEqual(1e-6 * Math.abs(engine))
          const a = instantiate(c, seed)
          const graded = gradeAnswer(a.napkin!.conclusion, { value: a.answer!.value, unit: a.answer!.unit }, a.track)
          expect(graded.grade, `${a.id}: "${a.napkin!.conclusion}" vs ${a.answer!.value} ${a.answer!.unit}: ${graded.message}`).toBe(
            'exact'
          )
          // the displayed answer grades exact too
          expect(gradeAnswer(a.answer!.display, { value: a.answer!.value, unit: a.answer!.unit }, a.track).grade).toBe('exact')
        }
      })
    }
  })
})
