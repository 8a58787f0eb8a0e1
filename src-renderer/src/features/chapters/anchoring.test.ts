import { describe, expect, it } from 'vitest'
import { anchorQuote, describeRange, sentenceAround, similarity } from './anchoring'

const TEXT =
  'The roofline model asks which limit a kernel hits first. An H100 streams 3.35 TB/s from HBM, so its ridge point sits at 295 FLOP/B. ' +
  'A kernel left of the ridge point is memory-bound; right of it, compute-bound. The ridge point moves with precision.'

function quoteOf(text: string, words: string, occurrence = 0) {
  let at = -1
  for (let i = 0; i <= occurrence; i++) at = text.indexOf(words, at + 1)
  return describeRange(text, at, at + words.length)
}

describe('anchoring highlights (quote + prefix + suffix)', () => {
  it('finds the same occurrence again, not just the first', () => {
    const q = quoteOf(TEXT, 'ridge point', 1)
    const r = anchorQuote(TEXT, q)!
    expect(r).toMatchObject({ start: q.start, exact: true })
  })

  it('survives edits elsewhere that shift every offset', () => {
    const q = quoteOf(TEXT, 'ridge point', 1)
    const edited = `Preface added in a new edition. ${TEXT.replace('roofline model', 'roofline model (Williams et al. 2009)')}`
    const r = anchorQuote(edited, q)!
    expect(edited.slice(r.start, r.end)).toBe('ridge point')
    // It is still the second one: followed by " is memory-bound".
    expect(edited.slice(r.end, r.end + 16)).toBe(' is memory-bound')
  })

  it('survives a small edit inside the quote itself', () => {
    const q = quoteOf(TEXT, 'A kernel left of the ridge point is memory-bound')
    const edited = TEXT.replace('A kernel left of the ridge point is memory-bound', 'A kernel left of the ridge point is bandwidth-bound')
    const r = anchorQuote(edited, q)!
    expect(r.exact).toBe(false)
    expect(edited.slice(r.start, r.end)).toBe('A kernel left of the ridge point is bandwidth-bound')
  })

  it('gives up when the text is gone instead of guessing', () => {
    const q = quoteOf(TEXT, 'A kernel left of the ridge point is memory-bound')
    expect(anchorQuote('Entirely different chapter text about data pipelines and storage.', q)).toBeNull()
    expect(anchorQuote(TEXT, { quote: '', prefix: '', suffix: '', start: 0 })).toBeNull()
  })

  it('measures similarity by edit distance', () => {
    expect(similarity('memory-bound', 'memory-bound')).toBe(1)
    // one substitution in 6 characters
    expect(similarity('kernel', 'kernal')).toBeCloseTo(5 / 6, 9)
    expect(similarity('a', 'a much longer string')).toBe(0)
  })

  it('cuts the sentence around a selection for a cloze card', () => {
    const at = TEXT.indexOf('ridge point')
    expect(sentenceAround(TEXT, at, at + 11)).toBe('An H100 streams 3.35 TB/s from HBM, so its ridge point sits at 295 FLOP/B.')
  })
})
