/**
 * Anchoring highlights to text that may change: the W3C Web Annotation TextQuoteSelector (the exact quote
 * plus some text before and after it) with a TextPositionSelector hint, resolved the way Hypothesis does:
 * exact match first (the occurrence whose context fits best, nearest the old position), then a fuzzy match
 * between the surviving context when the quote itself was edited a little. Pure: works on a plain string.
 */
export interface TextQuote {
  quote: string
  prefix: string
  suffix: string
  /** Character offset of the quote when it was made: a tiebreak, never trusted alone. */
  start: number
}

export const CONTEXT_CHARS = 32

export function describeRange(text: string, start: number, end: number): TextQuote {
  return {
    quote: text.slice(start, end),
    prefix: text.slice(Math.max(0, start - CONTEXT_CHARS), start),
    suffix: text.slice(end, end + CONTEXT_CHARS),
    start
  }
}

function commonSuffix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[a.length - 1 - n] === b[b.length - 1 - n]) n++
  return n
}

function commonPrefix(a: string, b: string): number {
  let n = 0
  while (n < a.length && n < b.length && a[n] === b[n]) n++
  return n
}

/** Similarity 0–1 (1 − edit distance / longer length), bounded in cost. */
export function similarity(a: string, b: string): number {
  if (a === b) return 1
  const longer = Math.max(a.length, b.length)
  if (longer === 0) return 1
  if (Math.abs(a.length - b.length) / longer > 0.5) return 0
  if (longer > 2000) {
    // Long quotes: compare their ends, which is what edits rarely touch all at once.
    return (commonPrefix(a, b) + commonSuffix(a, b)) / longer
  }
  let prev = Array.from({ length: b.length + 1 }, (_, j) => j)
  for (let i = 1; i <= a.length; i++) {
    const cur = [i]
    for (let j = 1; j <= b.length; j++) {
      cur[j] = Math.min(prev[j]! + 1, cur[j - 1]! + 1, prev[j - 1]! + (a[i - 1] === b[j - 1] ? 0 : 1))
    }
    prev = cur
  }
  return 1 - prev[b.length]! / longer
}

const MIN_SIMILARITY = 0.75
const MAX_OCCURRENCES = 1000

/** Where the quote is now, or null when its text is gone. */
export function anchorQuote(text: string, q: TextQuote): { start: number; end: number; exact: boolean } | null {
  if (!q.quote) return null
  // 1. Exact occurrences of the quote; the one whose context fits best, then the nearest.
  let best: { start: number; score: number } | null = null
  let from = 0
  for (let n = 0; n < MAX_OCCURRENCES; n++) {
    const at = text.indexOf(q.quote, from)
    if (at < 0) break
    const score =
      commonSuffix(text.slice(Math.max(0, at - q.prefix.length), at), q.prefix) +
      commonPrefix(text.slice(at + q.quote.length, at + q.quote.length + q.suffix.length), q.suffix) -
      Math.min(1, Math.abs(at - q.start) / Math.max(1, text.length))
    if (!best || score > best.score) best = { start: at, score }
    from = at + 1
  }
  if (best) return { start: best.start, end: best.start + q.quote.length, exact: true }

  // 2. The quote changed: find its surviving context and compare what lies between.
  const candidates: { start: number; end: number; score: number }[] = []
  const maxSpan = Math.ceil(q.quote.length * 1.5) + 10
  if (q.prefix.length >= 8) {
    let p = 0
    for (let n = 0; n < MAX_OCCURRENCES; n++) {
      const at = text.indexOf(q.prefix, p)
      if (at < 0) break
      const start = at + q.prefix.length
      const end = q.suffix.length >= 8 ? text.indexOf(q.suffix, start) : start + q.quote.length
      if (end >= start && end - start <= maxSpan) candidates.push({ start, end, score: similarity(text.slice(start, end), q.quote) })
      p = at + 1
    }
  }
  if (candidates.length === 0 && q.suffix.length >= 8) {
    let p = 0
    for (let n = 0; n < MAX_OCCURRENCES; n++) {
      const end = text.indexOf(q.suffix, p)
      if (end < 0) break
      const start = Math.max(0, end - q.quote.length)
      candidates.push({ start, end, score: similarity(text.slice(start, end), q.quote) })
      p = end + 1
    }
  }
  // 3. No context either: the quote's opening and closing words, close together.
  if (candidates.length === 0 && q.quote.length >= 24) {
    const head = q.quote.slice(0, Math.floor(q.quote.length / 3))
    const tail = q.quote.slice(-Math.floor(q.quote.length / 3))
    let p = 0
    for (let n = 0; n < MAX_OCCURRENCES; n++) {
      const at = text.indexOf(head, p)
      if (at < 0) break
      const t = text.indexOf(tail, at + head.length)
      if (t >= 0 && t + tail.length - at <= maxSpan)
        candidates.push({ start: at, end: t + tail.length, score: similarity(text.slice(at, t + tail.length), q.quote) })
      p = at + 1
    }
  }
  const good = candidates
    .filter((c) => c.score >= MIN_SIMILARITY)
    .sort((a, b) => b.score - a.score || Math.abs(a.start - q.start) - Math.abs(b.start - q.start))
  const chosen = good[0]
  return chosen ? { start: chosen.start, end: chosen.end, exact: false } : null
}

/** The sentence around [start, end) in `text`, for a cloze card. */
export function sentenceAround(text: string, start: number, end: number): string {
  const before = text.slice(Math.max(0, start - 400), start)
  const after = text.slice(end, end + 400)
  const b = Math.max(before.lastIndexOf('. '), before.lastIndexOf('? '), before.lastIndexOf('! '), before.lastIndexOf('\n'))
  const a = after.search(/[.?!](\s|$)|\n/)
  const head = b >= 0 ? before.slice(b + 1) : before
  const tail = a >= 0 ? after.slice(0, a + 1) : after
  return (head + text.slice(start, end) + tail).replace(/\s+/g, ' ').trim()
}
