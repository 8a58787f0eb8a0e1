/**
 * Full-text search over chapters (ours and imported) and TinyTorch lessons: one MiniSearch index built once
 * from section texts and kept until the content changes. Results are sections, best first, each with a
 * snippet around the matching words and the ranges to highlight in it.
 */
import MiniSearch from 'minisearch'

export interface SearchDoc {
  chapterId: string
  sectionId: string
  chapterTitle: string
  title: string
  text: string
  kind: 'chapter' | 'lesson'
}

export interface SearchHit {
  chapterId: string
  sectionId: string
  chapterTitle: string
  title: string
  kind: 'chapter' | 'lesson'
  snippet: string
  /** [start, end) character ranges of matched words inside `snippet`. */
  highlights: [number, number][]
  score: number
}

const SNIPPET = 180

export class SearchIndex {
  private readonly index: MiniSearch<SearchDoc & { id: number }>
  private readonly docs: (SearchDoc & { id: number })[]

  private constructor(docs: SearchDoc[]) {
    this.docs = docs.map((d, id) => ({ ...d, id }))
    this.index = new MiniSearch({
      fields: ['title', 'chapterTitle', 'text'],
      storeFields: [],
      searchOptions: { boost: { title: 3, chapterTitle: 1.5 } }
    })
  }

  static build(docs: SearchDoc[]): SearchIndex {
    const index = new SearchIndex(docs)
    index.index.addAll(index.docs)
    return index
  }

  /** Builds in chunks, letting other work run between them (a book-sized index takes seconds). */
  static async buildInChunks(docs: SearchDoc[], chunkSize = 20): Promise<SearchIndex> {
    const index = new SearchIndex(docs)
    await index.index.addAllAsync(index.docs, { chunkSize })
    return index
  }

  get size(): number {
    return this.docs.length
  }

  search(query: string, limit = 20): SearchHit[] {
    // Words only: punctuation and markup in a query are separators, repeated words count once.
    const words = [
      ...new Set(
        query
          .slice(0, 200)
          .toLowerCase()
          .match(/[\p{L}\p{N}]+/gu) ?? []
      )
    ]
    const q = words.join(' ')
    if (!q) return []
    const options = {
      prefix: (term: string, i: number, terms: string[]) => i === terms.length - 1 || term.length > 5,
      fuzzy: (term: string) => (term.length > 4 ? 0.2 : false),
      combineWith: 'AND' as const
    }
    let results = this.index.search(q, options)
    if (results.length === 0) results = this.index.search(q, { ...options, combineWith: 'OR' })
    return results.slice(0, limit).map((r) => {
      const doc = this.docs[r.id as number]!
      const { snippet, highlights } = makeSnippet(doc.text, r.terms)
      return {
        chapterId: doc.chapterId,
        sectionId: doc.sectionId,
        chapterTitle: doc.chapterTitle,
        title: doc.title,
        kind: doc.kind,
        snippet,
        highlights,
        score: Math.round(r.score * 1000) / 1000
      }
    })
  }
}

function escapeRegExp(s: string): string {
  return s.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
}

/** A window of the text around the densest cluster of matched terms. */
export function makeSnippet(text: string, terms: string[]): { snippet: string; highlights: [number, number][] } {
  const flat = text.replace(/\s+/g, ' ').trim()
  if (terms.length === 0) return { snippet: flat.slice(0, SNIPPET) + (flat.length > SNIPPET ? '…' : ''), highlights: [] }
  const re = new RegExp(`(?<![\\p{L}\\p{N}])(${terms.map(escapeRegExp).join('|')})[\\p{L}\\p{N}]*`, 'giu')
  const hits: [number, number][] = []
  for (const m of flat.matchAll(re)) {
    hits.push([m.index, m.index + m[0].length])
    if (hits.length > 500) break
  }
  if (hits.length === 0) return { snippet: flat.slice(0, SNIPPET) + (flat.length > SNIPPET ? '…' : ''), highlights: [] }
  // The window start that covers the most hits.
  let best = hits[0]![0]
  let bestCount = 0
  for (let i = 0, j = 0; i < hits.length; i++) {
    while (j < hits.length && hits[j]![1] - hits[i]![0] <= SNIPPET) j++
    if (j - i > bestCount) {
      bestCount = j - i
      best = hits[i]![0]
    }
  }
  let start = Math.max(0, best - 40)
  if (start > 0) {
    const space = flat.indexOf(' ', start)
    if (space >= 0 && space < best) start = space + 1
  }
  let end = Math.min(flat.length, start + SNIPPET)
  if (end < flat.length) {
    const space = flat.lastIndexOf(' ', end)
    if (space > best) end = space
  }
  const prefix = start > 0 ? '…' : ''
  const snippet = prefix + flat.slice(start, end) + (end < flat.length ? '…' : '')
  const highlights = hits
    .filter(([s, e]) => s >= start && e <= end)
    .map(([s, e]) => [s - start + prefix.length, e - start + prefix.length] as [number, number])
  return { snippet, highlights }
}
