/** A small BibTeX reader: enough to show citations as "(Author Year)" with the full reference on hover. */
export interface BibEntry {
  key: string
  authors: string[]
  year: string
  title: string
  venue: string
}

const ACCENTS: Record<string, Record<string, string>> = {
  '"': { a: 'ä', o: 'ö', u: 'ü', A: 'Ä', O: 'Ö', U: 'Ü', e: 'ë', i: 'ï' },
  "'": { a: 'á', e: 'é', i: 'í', o: 'ó', u: 'ú', E: 'É', c: 'ć', n: 'ń' },
  '`': { a: 'à', e: 'è', i: 'ì', o: 'ò', u: 'ù' },
  '^': { a: 'â', e: 'ê', i: 'î', o: 'ô', u: 'û' },
  '~': { n: 'ñ', a: 'ã', o: 'õ', N: 'Ñ' },
  c: { c: 'ç', C: 'Ç' }
}

/** BibTeX markup to plain text: accents, braces and simple commands removed. */
export function bibText(s: string): string {
  return s
    .replace(/\{?\\([`'"^~c])\s*\{?([A-Za-z])\}?\}?/g, (m, accent: string, letter: string) => ACCENTS[accent]?.[letter] ?? m)
    .replace(/\\(?:textit|textbf|emph|texttt)\{([^{}]*)\}/g, '$1')
    .replace(/\\&/g, '&')
    .replace(/\\[A-Za-z]+\s*/g, '')
    .replace(/[{}]/g, '')
    .replace(/\s+/g, ' ')
    .trim()
}

function readValue(src: string, pos: number): { value: string; end: number } {
  while (/\s/.test(src[pos] ?? '')) pos++
  const c = src[pos]
  if (c === '{') {
    let depth = 0
    for (let i = pos; i < src.length; i++) {
      if (src[i] === '\\') {
        i++
        continue
      }
      if (src[i] === '{') depth++
      else if (src[i] === '}' && --depth === 0) return { value: src.slice(pos + 1, i), end: i + 1 }
    }
    return { value: src.slice(pos + 1), end: src.length }
  }
  if (c === '"') {
    let depth = 0
    for (let i = pos + 1; i < src.length; i++) {
      if (src[i] === '{') depth++
      else if (src[i] === '}') depth--
      else if (src[i] === '"' && depth === 0) return { value: src.slice(pos + 1, i), end: i + 1 }
    }
    return { value: src.slice(pos + 1), end: src.length }
  }
  const m = /^[^,}\s]*/.exec(src.slice(pos))!
  return { value: m[0], end: pos + m[0].length }
}

function lastName(author: string): string {
  const a = author.trim()
  if (a.includes(',')) return a.split(',')[0]!.trim()
  const parts = a.split(/\s+/)
  return parts[parts.length - 1] ?? a
}

/** Parses a .bib file; malformed entries are skipped, never fatal. */
export function parseBib(src: string): Map<string, BibEntry> {
  const out = new Map<string, BibEntry>()
  const re = /@([A-Za-z]+)\s*\{\s*([^,\s{}]+)\s*,/g
  let m: RegExpExecArray | null
  while ((m = re.exec(src))) {
    if (['comment', 'string', 'preamble'].includes(m[1]!.toLowerCase())) continue
    const fields: Record<string, string> = {}
    let pos = re.lastIndex
    for (let guard = 0; guard < 200; guard++) {
      while (/[\s,]/.test(src[pos] ?? '')) pos++
      if (src[pos] === '}' || pos >= src.length) break
      const name = /^([A-Za-z_-]+)\s*=/.exec(src.slice(pos, pos + 60))
      if (!name) break
      const { value, end } = readValue(src, pos + name[0].length)
      fields[name[1]!.toLowerCase()] = value
      pos = end
    }
    re.lastIndex = pos
    const authors = bibText(fields.author ?? fields.editor ?? '')
      .split(/\s+and\s+/)
      .map((a) => a.trim())
      .filter(Boolean)
    out.set(m[2]!, {
      key: m[2]!,
      authors,
      year: bibText(fields.year ?? fields.date ?? '').slice(0, 4),
      title: bibText(fields.title ?? ''),
      venue: bibText(fields.journal ?? fields.booktitle ?? fields.publisher ?? fields.howpublished ?? '')
    })
  }
  return out
}

/** "Smith", "Smith and Jones", "Smith et al." (organisation names in braces stay whole). */
export function authorShort(e: BibEntry): string {
  const names = e.authors.map(lastName)
  if (names.length === 0) return e.title ? e.title.split(/\s+/).slice(0, 3).join(' ') : e.key
  if (names.length === 1) return names[0]!
  if (names.length === 2) return `${names[0]} and ${names[1]}`
  return `${names[0]} et al.`
}

export function fullReference(e: BibEntry): string {
  return [e.authors.join(', '), e.year && `(${e.year})`, e.title && `${e.title}.`, e.venue].filter(Boolean).join(' ')
}
