import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { loadCatalog, models, runSim } from '../sim'
import { tempDir } from '../testing/fixtures'
import { ChapterLibrary } from './library'
import { simLiveEngine } from './live'

/** The shipped study notes, held to curriculum/chapters/README.md by the same code the reader uses. */
describe('the shipped chapters', () => {
  const library = new ChapterLibrary({
    notesRoot: join(__dirname, '../../curriculum/chapters'),
    lessonsRoot: null,
    dataDir: tempDir(),
    engine: simLiveEngine({ runSim, loadCatalog, models })
  })
  const list = library.list()

  it('are 33 (16 + 17) and every one validates', () => {
    expect(list.filter((c) => c.volume === 1)).toHaveLength(16)
    expect(list.filter((c) => c.volume === 2)).toHaveLength(17)
    expect(list.filter((c) => c.error).map((c) => c.error)).toEqual([])
  })

  it('render with every live number computed, every cross-reference resolved, and enough of each part', () => {
    const problems: string[] = []
    const ids = new Map<string, string>()
    for (const c of list) {
      const r = library.render(c.id)!
      for (const f of r.liveNumbers.failed) problems.push(`${c.id}: live number ${f.source}: ${f.error}`)
      for (const ref of r.missingRefs) problems.push(`${c.id}: @${ref} points nowhere`)
      for (const w of r.doc.warnings) problems.push(w)
      if (r.liveNumbers.ok < 3) problems.push(`${c.id}: ${r.liveNumbers.ok} live numbers (at least 3)`)
      if (c.words < 1200) problems.push(`${c.id}: ${c.words} words (at least 1,200)`)
      if (c.quizQuestions < 8) problems.push(`${c.id}: ${c.quizQuestions} quiz questions (at least 8)`)
      const examples = (r.html.match(/class="callout callout-example"/g) ?? []).length
      const lenses = (r.html.match(/class="callout callout-systems"/g) ?? []).length
      if (examples < 2) problems.push(`${c.id}: ${examples} napkin-math examples (at least 2)`)
      if (lenses !== 1) problems.push(`${c.id}: ${lenses} systems-lens boxes (exactly 1)`)
      for (const l of r.doc.parsed.labels) {
        if (ids.has(l.id)) problems.push(`${c.id}: #${l.id} is also used in ${ids.get(l.id)}`)
        ids.set(l.id, c.id)
      }
      for (const q of r.doc.quiz) if (q.type === 'numeric' && !q.expected) problems.push(`${c.id}: ${q.id}: ${q.expectedError}`)
    }
    expect(problems).toEqual([])
  })
})
