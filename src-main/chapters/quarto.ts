/**
 * The one parser from Quarto-flavoured Markdown to HTML, for our study notes and for imported textbook
 * chapters alike. markdown-it does CommonMark and pipe tables; the rules below add what Quarto adds:
 * fenced divs (callouts, margin notes, PDF-only blocks, div figures), attributes on headings, images and
 * table captions, display and inline math, cross-references and citations, footnotes shown in place,
 * live-number shortcodes, hidden Python cells, inline Python placeholders, and removal of raw LaTeX.
 *
 * Pure: no I/O. Things only known later (KaTeX output, live numbers, cross-reference text, citation text)
 * leave placeholders carrying a per-render nonce, which `finish.ts` replaces after the HTML is sanitised,
 * so nothing in a file can forge one.
 */
import markdownIt, { type MarkdownIt, type StateBlock, type StateCore, type StateInline, type Token } from 'markdown-it'
import { parseAttrs, splitTrailingAttrs, type Attrs } from './attrs'
import { highlightCode } from './highlight'

export type LabelKind = 'chapter' | 'sec' | 'fig' | 'tbl' | 'eq' | 'lst' | 'other'

/** Something a cross-reference can point at. */
export interface Label {
  id: string
  kind: LabelKind
  /** "3.2" for section 2 of chapter 3; null when unnumbered. */
  number: string | null
  /** Plain text title or caption (first 200 characters). */
  title: string
}

export interface SectionInfo {
  id: string
  title: string
  level: number
  number: string | null
}

export interface Citation {
  key: string
  prefix: string
  locator: string
}

/** The placeholders a render leaves for `finish`. */
export interface Deferred {
  math: { tex: string; display: boolean }[]
  live: string[]
  xrefs: { id: string; capital: boolean }[]
  cites: { items: Citation[]; narrative: boolean }[]
}

export interface ParseOptions {
  chapterId: string
  /** Chapter number used in section/figure/table/equation numbers; null numbers them without it. */
  chapterNumber: number | null
  /** Maps an image path as written to a figure key the reader can ask for, or null when it is missing. */
  resolveImage?: (src: string) => string | null
  /** Drop the first level-1 heading (the reader shows the chapter title itself). */
  dropTitleHeading?: boolean
}

export interface ParsedChapter {
  /** Sanitised HTML with placeholders (see finish.ts). */
  html: string
  nonce: string
  deferred: Deferred
  frontMatter: Record<string, unknown>
  /** The first level-1 heading's text, if any. */
  title: string | null
  sections: SectionInfo[]
  labels: Label[]
  /** Plain text per section (for search); the key '' holds text before the first section. */
  sectionText: { sectionId: string; title: string; text: string }[]
  words: number
  warnings: string[]
  /** Figure keys referenced by images. */
  figures: string[]
  hiddenPythonCells: number
}

interface Env {
  [key: string | symbol]: unknown
  opts: ParseOptions
  deferred: Deferred
  nonce: string
  footnotes: Map<string, string>
  footnoteNumbers: Map<string, number>
  footnoteDepth: number
  labels: Label[]
  sections: SectionInfo[]
  counters: { fig: number; tbl: number; eq: number; lst: number; sec: number[] }
  warnings: string[]
  figures: Set<string>
  hiddenPythonCells: number
  title: string | null
}

/** Upper bound on the source size the parser accepts (bytes of text); larger input is cut with a warning. */
export const MAX_SOURCE_CHARS = 4_000_000
const MAX_NESTING = 40

const CROSSREF_KINDS: Record<string, LabelKind> = { sec: 'sec', fig: 'fig', tbl: 'tbl', eq: 'eq', lst: 'lst' }
export const CROSSREF_PREFIX = /^(sec|fig|tbl|eq|lst|dfn|thm|lem|cor|prp|cnj|def|exm|exr|nte|tip|wrn|imp|cau|lhs|psp|apx)-/

export function placeholder(nonce: string, kind: 'M' | 'L' | 'X' | 'C', index: number): string {
  return `\u0002${nonce}${kind}${index}\u0003`
}

function escapeHtml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;').replace(/"/g, '&quot;')
}

function chapterPrefix(env: Env): string {
  return env.opts.chapterNumber === null ? '' : `${env.opts.chapterNumber}.`
}

function addLabel(env: Env, id: string, kind: LabelKind, number: string | null, title: string): void {
  if (env.labels.some((l) => l.id === id)) {
    env.warnings.push(`the id #${id} is used twice`)
    return
  }
  env.labels.push({ id, kind, number, title: title.slice(0, 200) })
}

function labelKind(id: string): LabelKind {
  const prefix = /^([a-z]+)-/.exec(id)?.[1] ?? ''
  return CROSSREF_KINDS[prefix] ?? 'other'
}

/**
 * Ids a chapter may put on the page: a cross-reference prefix and a name (`sec-…`, `fig-…`), so no file can
 * clobber an id the app itself uses (`root`, `main`).
 */
export const CHAPTER_ID = /^(?:sec|fig|tbl|eq|lst|dfn|thm|lem|cor|prp|cnj|def|exm|exr|nte|tip|wrn|imp|cau|lhs|psp|apx)-[\w.:-]{1,150}$/

function safeId(id: string | null): string | null {
  return id && CHAPTER_ID.test(id) ? id : null
}

function slug(text: string): string {
  return (
    text
      .toLowerCase()
      .replace(/<[^>]*>/g, '')
      .replace(/[^a-z0-9]+/g, '-')
      .replace(/^-+|-+$/g, '')
      .slice(0, 60) || 'section'
  )
}

// ---------------------------------------------------------------------------------------------------
// Pre-pass: front matter, footnote definitions (collected so references anywhere can show them in place).

interface Prepared {
  body: string
  frontMatterText: string | null
  footnotes: Map<string, string>
  warnings: string[]
}

const FENCE_RE = /^ {0,3}(`{3,}|~{3,})/

// biome-ignore lint/suspicious/noControlCharactersInRegex: removing control characters is the point
const CONTROL = /[\u0000-\u0008\u000B\u000C\u000E-\u001F\u007F]/g

/** Control characters never belong in text; \u0002/\u0003 are also our placeholder brackets. */
export function stripControl(text: string): string {
  return text.replace(CONTROL, '')
}

export function prepareSource(raw: string): Prepared {
  const warnings: string[] = []
  let text = raw.replace(/^\uFEFF/, '').replace(/\r\n?/g, '\n')
  text = stripControl(text)
  if (text.length > MAX_SOURCE_CHARS) {
    warnings.push(`the file is ${text.length} characters long; only the first ${MAX_SOURCE_CHARS} are shown`)
    text = text.slice(0, MAX_SOURCE_CHARS)
  }
  let frontMatterText: string | null = null
  const fm = /^---[ \t]*\n([\s\S]*?)\n(?:---|\.\.\.)[ \t]*(?:\n|$)/.exec(text)
  if (fm) {
    frontMatterText = fm[1]!
    text = text.slice(fm[0].length)
  }
  const footnotes = new Map<string, string>()
  const out: string[] = []
  const lines = text.split('\n')
  let fence: string | null = null
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!
    const f = FENCE_RE.exec(line)
    if (fence) {
      if (f && f[1]!.startsWith(fence[0]!) && f[1]!.length >= fence.length && line.trim() === f[1]) fence = null
      out.push(line)
      continue
    }
    if (f) {
      fence = f[1]!
      out.push(line)
      continue
    }
    const def = /^\[\^([^\]\s]{1,100})\]:[ \t]?(.*)$/.exec(line)
    if (!def) {
      out.push(line)
      continue
    }
    const parts = [def[2]!]
    // Continuation: following non-blank lines, and indented paragraphs after blank lines.
    while (i + 1 < lines.length) {
      const next = lines[i + 1]!
      if (next.trim() === '') {
        const after = lines[i + 2]
        if (after !== undefined && /^( {4}|\t)/.test(after)) {
          parts.push('')
          i++
          continue
        }
        break
      }
      if (/^\[\^[^\]\s]+\]:/.test(next) || /^ {0,3}(#{1,6}\s|:{3,}|`{3,}|~{3,})/.test(next)) break
      parts.push(next.trim())
      i++
    }
    const id = def[1]!
    if (footnotes.has(id)) warnings.push(`footnote [^${id}] is defined twice`)
    else
      footnotes.set(
        id,
        parts
          .join(' ')
          .replace(/\s{2,}/g, ' ')
          .trim()
      )
    out.push('')
  }
  return { body: out.join('\n'), frontMatterText, footnotes, warnings }
}

// ---------------------------------------------------------------------------------------------------
// Block rules

function lineText(state: StateBlock, line: number): string {
  return state.src.slice(state.bMarks[line]! + state.tShift[line]!, state.eMarks[line]!)
}

const DIV_OPEN = /^(:{3,})\s*(\{[^\n]*\}|[A-Za-z][\w-]*)\s*:*\s*$/
const DIV_CLOSE = /^:{3,}\s*$/

/** Where the div opened at startLine closes (its `:::` line), honouring nesting and code fences. */
function findDivClose(state: StateBlock, startLine: number, endLine: number): number {
  let depth = 1
  let fence: string | null = null
  for (let line = startLine + 1; line < endLine; line++) {
    if (state.sCount[line]! < state.blkIndent) return line
    const text = lineText(state, line)
    const f = /^(`{3,}|~{3,})/.exec(text)
    if (fence) {
      if (f && f[1]![0] === fence[0] && f[1]!.length >= fence.length && text.trim() === f[1]) fence = null
      continue
    }
    if (f) {
      fence = f[1]!
      continue
    }
    if (DIV_OPEN.test(text)) depth++
    else if (DIV_CLOSE.test(text)) {
      depth--
      if (depth === 0) return line
    }
  }
  return endLine
}

/** `when-format="pdf"` and friends: content only a printed book shows. */
function printOnly(a: Attrs): boolean {
  const formats = (v: string | undefined) => (v ?? '').split(/[\s,]+/).filter(Boolean)
  const isPrint = (f: string) => ['pdf', 'latex', 'beamer', 'typst', 'docx', 'epub'].includes(f)
  if (a.classes.includes('content-visible')) {
    const when = formats(a.kv['when-format'])
    if (when.length && when.every(isPrint)) return true
    const unless = formats(a.kv['unless-format'])
    if (unless.includes('html')) return true
  }
  if (a.classes.includes('content-hidden')) {
    const unless = formats(a.kv['unless-format'])
    if (unless.length && unless.every(isPrint)) return true
    const when = formats(a.kv['when-format'])
    if (when.includes('html')) return true
  }
  return false
}

function fencedDiv(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false
  const m = DIV_OPEN.exec(lineText(state, startLine))
  if (!m) return false
  if (silent) return true
  const closeLine = findDivClose(state, startLine, endLine)
  const attrs = parseAttrs(m[2]!)
  const next = closeLine < endLine && DIV_CLOSE.test(lineText(state, closeLine)) ? closeLine + 1 : closeLine
  if (printOnly(attrs) || state.level >= MAX_NESTING) {
    state.line = next
    return true
  }
  const oldParent = state.parentType
  const oldLineMax = state.lineMax
  // biome-ignore lint/suspicious/noExplicitAny: markdown-it types parentType as a fixed union
  state.parentType = 'fenced_div' as any
  state.lineMax = closeLine
  const open = state.push('fenced_div_open', 'div', 1)
  open.meta = attrs as unknown as Record<string, unknown>
  open.block = true
  open.map = [startLine, closeLine]
  state.md.block.tokenize(state, startLine + 1, closeLine)
  const close = state.push('fenced_div_close', 'div', -1)
  close.block = true
  close.meta = attrs as unknown as Record<string, unknown>
  state.parentType = oldParent
  state.lineMax = oldLineMax
  state.line = next
  return true
}

/** `$$ … $$` display math, optionally followed by `{#eq-…}`. */
function mathBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false
  const first = lineText(state, startLine)
  if (!first.startsWith('$$')) return false
  const rest = first.slice(2)
  let tex = ''
  let line = startLine
  let tail: string | null = null
  const closeAt = rest.indexOf('$$')
  if (closeAt >= 0) {
    tex = rest.slice(0, closeAt)
    tail = rest.slice(closeAt + 2)
  } else {
    const body: string[] = rest.trim() ? [rest] : []
    for (line = startLine + 1; line < endLine; line++) {
      if (state.sCount[line]! < state.blkIndent && lineText(state, line).trim() !== '') break
      const t = lineText(state, line)
      const at = t.indexOf('$$')
      if (at >= 0) {
        body.push(t.slice(0, at))
        tail = t.slice(at + 2)
        break
      }
      body.push(t)
    }
    if (tail === null) return false
    tex = body.join('\n')
  }
  const trailing = tail.trim()
  const attrs = trailing ? splitTrailingAttrs(trailing) : null
  if (trailing && !attrs) return false
  if (silent) return true
  const token = state.push('math_block', 'div', 0)
  token.content = tex.trim()
  token.meta = (attrs?.attrs ?? null) as unknown as Record<string, unknown> | null
  token.block = true
  token.map = [startLine, line + 1]
  state.line = line + 1
  return true
}

const LATEX_LINE = /^(?:\\[A-Za-z@]+\*?(?:\[[^\]\n]*\])*(?:\{[^{}\n]*(?:\{[^{}\n]*\}[^{}\n]*)*\})*\s*)+$/
const MATH_ENVS = new Set(['equation', 'equation*', 'align', 'align*', 'gather', 'gather*', 'multline', 'multline*'])

/** Raw LaTeX blocks: `\begin{env} … \end{env}` (math environments become display math) and lines of commands. */
function latexBlock(state: StateBlock, startLine: number, endLine: number, silent: boolean): boolean {
  if (state.sCount[startLine]! - state.blkIndent >= 4) return false
  const text = lineText(state, startLine)
  if (text[0] !== '\\') return false
  const begin = /^\\begin\{([^}]{1,40})\}/.exec(text)
  if (begin) {
    const env = begin[1]!
    const endMark = `\\end{${env}}`
    let line = startLine
    let found = text.includes(endMark) ? startLine : -1
    for (line = startLine + 1; found < 0 && line < endLine; line++) {
      if (lineText(state, line).includes(endMark)) found = line
    }
    if (found < 0) return false
    if (silent) return true
    if (MATH_ENVS.has(env)) {
      const lines: string[] = []
      for (let l = startLine; l <= found; l++) lines.push(lineText(state, l))
      const token = state.push('math_block', 'div', 0)
      token.content = lines
        .join('\n')
        .replace(/^\\begin\{equation\*?\}|\\end\{equation\*?\}$/g, '')
        .trim()
      token.meta = null
      token.map = [startLine, found + 1]
    }
    state.line = found + 1
    return true
  }
  if (!LATEX_LINE.test(text)) return false
  if (silent) return true
  state.line = startLine + 1
  return true
}

// ---------------------------------------------------------------------------------------------------
// Inline rules

function mathInline(state: StateInline, silent: boolean): boolean {
  const src = state.src
  const start = state.pos
  if (src.charCodeAt(start) !== 0x24 /* $ */) return false
  const display = src.charCodeAt(start + 1) === 0x24
  const open = display ? 2 : 1
  if (!display) {
    const next = src[start + 1]
    // Pandoc: the opening $ has a non-space right after it; "$5 and $6" is money, not math.
    if (next === undefined || /\s/.test(next)) return false
  }
  let end = start + open
  while (end < state.posMax) {
    const at = src.indexOf(display ? '$$' : '$', end)
    if (at < 0 || at >= state.posMax) return false
    if (src[at - 1] === '\\') {
      end = at + 1
      continue
    }
    if (!display && (/\s/.test(src[at - 1] ?? ' ') || /\d/.test(src[at + 1] ?? ''))) {
      end = at + 1
      continue
    }
    end = at
    break
  }
  if (end >= state.posMax || end <= start + open) return false
  // An unescaped $ cannot sit inside TeX math: "$5 and $6; $x$" is money first, then math.
  if (/(^|[^\\])\$/.test(src.slice(start + open, end))) return false
  if (!silent) {
    const token = state.push('math_inline', 'span', 0)
    token.content = src.slice(start + open, end)
    token.meta = { display }
  }
  state.pos = end + open
  return true
}

function shortcode(state: StateInline, silent: boolean): boolean {
  const src = state.src
  if (!src.startsWith('{{<', state.pos)) return false
  const end = src.indexOf('>}}', state.pos + 3)
  if (end < 0 || end > state.posMax || end - state.pos > 2000) return false
  if (!silent) {
    const token = state.push('live_number', 'span', 0)
    token.content = src.slice(state.pos + 3, end)
  }
  state.pos = end + 3
  return true
}

/** Reads balanced `{…}` starting at `pos` (which must be `{`); returns the index after it, or -1. */
function balanced(src: string, pos: number, max: number): number {
  let depth = 0
  for (let i = pos; i < max && i - pos < 5000; i++) {
    const c = src[i]
    if (c === '\\') i++
    else if (c === '{') depth++
    else if (c === '}' && --depth === 0) return i + 1
  }
  return -1
}

/** LaTeX commands whose argument is text worth keeping; all others disappear with their arguments. */
const KEEP_ARGUMENT = new Set([
  'textbf',
  'textit',
  'emph',
  'texttt',
  'text',
  'mbox',
  'underline',
  'textsc',
  'textrm',
  'textsf',
  'url',
  'hl',
  'mathrm'
])

function latexInline(state: StateInline, silent: boolean): boolean {
  const src = state.src
  if (src.charCodeAt(state.pos) !== 0x5c /* \ */) return false
  const m = /^\\([A-Za-z@]+)\*?/.exec(src.slice(state.pos, state.pos + 60))
  if (!m) return false
  let pos = state.pos + m[0].length
  const args: string[] = []
  for (;;) {
    if (src[pos] === '[') {
      const close = src.indexOf(']', pos)
      if (close < 0 || close > state.posMax || close - pos > 200) break
      pos = close + 1
    } else if (src[pos] === '{') {
      const after = balanced(src, pos, state.posMax)
      if (after < 0) break
      args.push(src.slice(pos + 1, after - 1))
      pos = after
    } else break
  }
  if (!silent && KEEP_ARGUMENT.has(m[1]!) && args.length > 0) {
    const token = state.push('text', '', 0)
    token.content = args[args.length - 1]!.replace(/\\([{}_%&$#])/g, '$1')
  }
  state.pos = pos
  return true
}

const CITE_KEY = /[A-Za-z0-9_][\w:.#$%&\-+?<>~/]*/y

function readKey(src: string, pos: number): string | null {
  CITE_KEY.lastIndex = pos
  const m = CITE_KEY.exec(src)
  if (!m) return null
  // Trailing punctuation belongs to the sentence: "see @fig-x." or "@smith2020:".
  return m[0].replace(/[:.#$%&\-+?<>~/]+$/, '')
}

function pushRef(state: StateInline, key: string, capital: boolean, narrative: boolean, items?: Citation[]): void {
  const env = state.env as unknown as Env
  const lower = key[0]!.toLowerCase() + key.slice(1)
  if (!items && CROSSREF_PREFIX.test(lower)) {
    const t = state.push('xref', 'a', 0)
    t.meta = { index: env.deferred.xrefs.push({ id: lower, capital }) - 1 }
    return
  }
  const t = state.push('citation', 'span', 0)
  t.meta = { index: env.deferred.cites.push({ items: items ?? [{ key, prefix: '', locator: '' }], narrative }) - 1 }
}

/** Narrative `@key` and cross-references `@sec-x` / `@Sec-x` in running text. */
function atRef(state: StateInline, silent: boolean): boolean {
  const src = state.src
  if (src.charCodeAt(state.pos) !== 0x40 /* @ */) return false
  const before = state.pos > 0 ? src[state.pos - 1]! : ' '
  if (/[\w.@]/.test(before)) return false
  const key = readKey(src, state.pos + 1)
  if (!key || key.length > 150) return false
  if (!silent) {
    const capital = /^[A-Z]/.test(key) && CROSSREF_PREFIX.test(key[0]!.toLowerCase() + key.slice(1))
    pushRef(state, key, capital, true)
  }
  state.pos += 1 + key.length
  return true
}

/** `[@a; @b, p. 3]`, `[see @a]`, `[@sec-x]`, `[-@a]`: a bracketed citation group (or bracketed cross-reference). */
function bracketRef(state: StateInline, silent: boolean): boolean {
  const src = state.src
  if (src.charCodeAt(state.pos) !== 0x5b /* [ */ || src[state.pos + 1] === '^') return false
  const close = src.indexOf(']', state.pos + 1)
  if (close < 0 || close > state.posMax || close - state.pos > 1000) return false
  const inner = src.slice(state.pos + 1, close)
  if (!inner.includes('@') || inner.includes('[')) return false
  const after = src[close + 1]
  if (after === '(' || after === '[') return false
  const parts = inner.split(';')
  const items: Citation[] = []
  for (const part of parts) {
    const m = /^\s*(.*?)-?@([A-Za-z0-9_][\w:.#$%&\-+?<>~/]*)(.*)$/s.exec(part)
    if (!m) return false
    const key = m[2]!.replace(/[:.#$%&\-+?<>~/]+$/, '')
    const rest = m[2]!.slice(key.length) + m[3]!
    items.push({ key, prefix: m[1]!.trim(), locator: rest.replace(/^\s*,\s*/, '').trim() })
  }
  if (!silent) {
    const lower = (k: string) => k[0]!.toLowerCase() + k.slice(1)
    if (items.every((i) => CROSSREF_PREFIX.test(lower(i.key)))) {
      items.forEach((i, n) => {
        if (n > 0) state.push('text', '', 0).content = '; '
        pushRef(state, i.key, /^[A-Z]/.test(i.key), false)
      })
    } else {
      pushRef(state, items[0]!.key, false, false, items)
    }
  }
  state.pos = close + 1
  return true
}

function footnoteRef(state: StateInline, silent: boolean): boolean {
  const src = state.src
  if (!src.startsWith('[^', state.pos)) return false
  const close = src.indexOf(']', state.pos + 2)
  if (close < 0 || close > state.posMax || close - state.pos > 105) return false
  const id = src.slice(state.pos + 2, close)
  if (!id || /\s/.test(id)) return false
  if (!silent) {
    const token = state.push('footnote_ref', 'span', 0)
    token.meta = { id }
  }
  state.pos = close + 1
  return true
}

/** `{width="50%" fig-alt="…"}` right after an image: attributes for that image. */
function imageAttrs(state: StateInline, silent: boolean): boolean {
  const src = state.src
  if (src.charCodeAt(state.pos) !== 0x7b /* { */) return false
  const last = state.tokens[state.tokens.length - 1]
  if (last?.type !== 'image') return false
  const end = balanced(src, state.pos, state.posMax)
  if (end < 0) return false
  if (!silent) last.meta = { ...(last.meta ?? {}), attrs: parseAttrs(src.slice(state.pos, end)) }
  state.pos = end
  return true
}

// ---------------------------------------------------------------------------------------------------
// Core rules

function inlineText(tokens: Token[] | null): string {
  let out = ''
  for (const t of tokens ?? []) {
    if (t.type === 'text' || t.type === 'code_inline') out += t.content
    else if (t.type === 'math_inline') out += t.content
    // Computed later (a live number, a cross-reference's text): a gap the reader of a snippet can see.
    else if (t.type === 'live_number' || t.type === 'xref' || t.type === 'citation') out += '…'
    else if (t.type === 'softbreak' || t.type === 'hardbreak') out += ' '
    else if (t.children) out += inlineText(t.children)
  }
  return out
}

/** Heading ids and classes from `{#sec-x .unnumbered}`; section numbering; the outline. */
function headingAttrs(state: StateCore): void {
  const env = state.env as unknown as Env
  const used = new Set<string>()
  for (let i = 0; i < state.tokens.length; i++) {
    const t = state.tokens[i]!
    if (t.type !== 'heading_open') continue
    const inline = state.tokens[i + 1]!
    const split = splitTrailingAttrs(inline.content)
    const attrs = split?.attrs ?? { id: null, classes: [], kv: {} }
    if (split) inline.content = split.text
    const level = Number(t.tag.slice(1))
    const plain = inline.content
      .replace(/\\index\{[^}]*\}/g, '')
      .replace(/[*_`]/g, '')
      .trim()
    let id = safeId(attrs.id)
    if (!id) {
      id = `sec-auto-${slug(plain)}`
      let n = 2
      while (used.has(id)) id = `sec-auto-${slug(plain)}-${n++}`
    }
    used.add(id)
    t.attrSet('id', id)
    const unnumbered = attrs.classes.includes('unnumbered') || attrs.classes.includes('-')
    if (level === 1) {
      if (env.title === null) {
        env.title = plain
        if (env.opts.dropTitleHeading) t.meta = { drop: true }
        addLabel(env, id, 'chapter', env.opts.chapterNumber === null ? null : String(env.opts.chapterNumber), plain)
        continue
      }
    }
    let number: string | null = null
    if (!unnumbered && level >= 2 && level <= 4) {
      const depth = level - 2
      env.counters.sec.length = depth + 1
      env.counters.sec[depth] = (env.counters.sec[depth] ?? 0) + 1
      for (let d = 0; d < depth; d++) env.counters.sec[d] ??= 1
      number = chapterPrefix(env) + env.counters.sec.join('.')
      if (env.opts.chapterNumber === null && depth === 0) number = String(env.counters.sec[0])
    }
    if (level >= 2 && level <= 3) env.sections.push({ id, title: plain, level, number })
    addLabel(env, id, 'sec', number, plain)
    t.meta = { ...(t.meta ?? {}), classes: attrs.classes.filter((c) => c !== '-'), number }
  }
  // The reader shows the chapter title itself: drop the heading (open, inline, close) from the body.
  const drop = state.tokens.findIndex((t) => t.type === 'heading_open' && (t.meta as unknown as { drop?: boolean } | null)?.drop)
  if (drop >= 0) state.tokens.splice(drop, 3)
}

/** `: Caption {#tbl-x}` (or `Table: …`) right after or right before a pipe table. */
function tableCaptions(state: StateCore): void {
  const env = state.env as unknown as Env
  const tokens = state.tokens
  const isCaption = (i: number) =>
    tokens[i]?.type === 'paragraph_open' && tokens[i + 1]?.type === 'inline' && /^(?::|Table:)\s/.test(tokens[i + 1]!.content)
  for (let i = 0; i < tokens.length; i++) {
    if (tokens[i]!.type !== 'table_open') continue
    let closeIdx = i
    while (closeIdx < tokens.length && tokens[closeIdx]!.type !== 'table_close') closeIdx++
    const capIdx = isCaption(closeIdx + 1) ? closeIdx + 1 : isCaption(i - 3) ? i - 3 : -1
    if (capIdx < 0) continue
    const inline = tokens[capIdx + 1]!
    const text = inline.content.replace(/^(?::|Table:)\s*/, '')
    const split = splitTrailingAttrs(text)
    inline.content = split ? split.text : text
    const id = safeId(split?.attrs.id ?? null)
    env.counters.tbl++
    const number = chapterPrefix(env) + env.counters.tbl
    tokens[capIdx]!.type = 'table_caption_open'
    tokens[capIdx]!.tag = 'figcaption'
    tokens[capIdx + 2]!.type = 'table_caption_close'
    tokens[capIdx + 2]!.tag = 'figcaption'
    tokens[capIdx]!.meta = { number }
    const open = new state.Token('table_figure_open', 'figure', 1)
    open.meta = { id, number }
    const close = new state.Token('table_figure_close', 'figure', -1)
    if (id) addLabel(env, id, 'tbl', number, inline.content)
    if (capIdx > closeIdx) {
      const caption = tokens.splice(capIdx, 3)
      tokens.splice(i, 0, open, ...caption)
      // table moved right by 4 tokens; its close is now at closeIdx + 4
      tokens.splice(closeIdx + 5, 0, close)
    } else {
      tokens.splice(closeIdx + 1, 0, close)
      tokens.splice(capIdx, 0, open)
    }
    i = closeIdx + 4
  }
}

/** A div with a #fig-/#tbl- id is a figure: its last paragraph is the caption. */
function divFigures(state: StateCore): void {
  const env = state.env as unknown as Env
  const tokens = state.tokens
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t.type !== 'fenced_div_open') continue
    const attrs = t.meta as unknown as Attrs
    const kind = attrs.id ? labelKind(attrs.id) : 'other'
    if (kind !== 'fig' && kind !== 'tbl' && kind !== 'lst') continue
    let depth = 0
    let end = i
    for (let j = i; j < tokens.length; j++) {
      if (tokens[j]!.type === 'fenced_div_open') depth++
      if (tokens[j]!.type === 'fenced_div_close' && --depth === 0) {
        end = j
        break
      }
    }
    let cap = -1
    for (let j = end - 1; j > i; j--) {
      if (tokens[j]!.type === 'paragraph_close' && tokens[j]!.level === t.level + 1) {
        cap = j - 2
        break
      }
      if (tokens[j]!.level <= t.level + 1 && tokens[j]!.nesting !== 0) break
    }
    env.counters[kind]++
    const number = chapterPrefix(env) + env.counters[kind]
    t.meta = { ...attrs, figureKind: kind, number }
    if (cap >= 0 && tokens[cap]!.type === 'paragraph_open') {
      tokens[cap]!.type = 'div_caption_open'
      tokens[cap]!.tag = 'figcaption'
      tokens[cap]!.meta = { kind, number }
      tokens[cap + 2]!.type = 'div_caption_close'
      tokens[cap + 2]!.tag = 'figcaption'
      addLabel(env, safeId(attrs.id) ?? attrs.id!, kind, number, tokens[cap + 1]!.content)
    } else {
      addLabel(env, safeId(attrs.id) ?? attrs.id!, kind, number, '')
    }
  }
}

/** A paragraph holding only an image with a caption is a figure (Pandoc's implicit figures). */
function implicitFigures(state: StateCore): void {
  const env = state.env as unknown as Env
  const tokens = state.tokens
  let insideDivFigure = 0
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t.type === 'fenced_div_open' && (t.meta as unknown as { figureKind?: string })?.figureKind) insideDivFigure++
    if (t.type === 'fenced_div_close' && (t.meta as unknown as Attrs)?.id && labelKind((t.meta as unknown as Attrs).id!) !== 'other')
      insideDivFigure--
    if (t.type !== 'paragraph_open') continue
    const inline = tokens[i + 1]!
    const kids = (inline.children ?? []).filter((k) => !(k.type === 'text' && k.content.trim() === '') && k.type !== 'softbreak')
    if (kids.length !== 1 || kids[0]!.type !== 'image') continue
    const img = kids[0]!
    const attrs: Attrs = (img.meta as unknown as { attrs?: Attrs })?.attrs ?? { id: null, classes: [], kv: {} }
    const caption = inlineText(img.children)
    const id = safeId(attrs.id)
    let number: string | null = null
    if (id || (caption && !insideDivFigure)) {
      if (caption && !insideDivFigure) {
        env.counters.fig++
        number = chapterPrefix(env) + env.counters.fig
      }
      if (id) addLabel(env, id, 'fig', number, caption)
    }
    t.type = 'image_figure'
    t.tag = 'figure'
    t.nesting = 0
    t.meta = { id, number, caption: !insideDivFigure && caption ? img.children : null, attrs }
    t.children = [img]
    tokens.splice(i + 1, 2)
  }
}

// ---------------------------------------------------------------------------------------------------
// Rendering

function numberedEquation(env: Env, attrs: Attrs | null): { id: string | null; number: string | null } {
  const id = safeId(attrs?.id ?? null)
  if (!id) return { id: null, number: null }
  env.counters.eq++
  const number = chapterPrefix(env) + env.counters.eq
  addLabel(env, id, 'eq', number, '')
  return { id, number }
}

const CALLOUT_TITLES: Record<string, string> = {
  note: 'Note',
  tip: 'Tip',
  warning: 'Warning',
  important: 'Important',
  caution: 'Caution',
  example: 'Example',
  systems: 'Systems lens',
  definition: 'Definition',
  'learning-objectives': 'Learning objectives',
  'chapter-connection': 'Connection',
  checkpoint: 'Checkpoint',
  notebook: 'Worked example',
  perspective: 'Perspective',
  lighthouse: 'Lighthouse example',
  'quiz-question': 'Self-check',
  'quiz-answer': 'Answer'
}

function calloutType(classes: string[]): string | null {
  for (const c of classes) {
    const m = /^callout-([a-z0-9-]+)$/.exec(c)
    if (m) return m[1]!
  }
  return null
}

function titleCase(s: string): string {
  const t = s.replace(/-/g, ' ')
  return t[0]!.toUpperCase() + t.slice(1)
}

function footnoteHtml(md: MarkdownIt, env: Env, id: string): string {
  const body = env.footnotes.get(id)
  if (body === undefined) {
    env.warnings.push(`footnote [^${id}] has no definition`)
    return `<sup class="fn-missing" title="No footnote text">[${escapeHtml(id)}]</sup>`
  }
  let n = env.footnoteNumbers.get(id)
  if (n === undefined) {
    n = env.footnoteNumbers.size + 1
    env.footnoteNumbers.set(id, n)
  }
  // A footnote may cite and cross-reference; it may not contain itself.
  let inner = ''
  if (env.footnoteDepth < 2) {
    env.footnoteDepth++
    inner = md.renderInline(body, env)
    env.footnoteDepth--
  }
  return `<span class="footnote"><sup class="fn-ref">${n}</sup><span class="fn-body">${inner}</span></span>`
}

function pythonLabel(expr: string): string {
  const last = expr.trim().split('.').pop() ?? expr
  return last
    .replace(/_(str|md|txt|fmt|val|value)$/, '')
    .replace(/_/g, ' ')
    .trim()
    .slice(0, 60)
}

function createMarkdown(): MarkdownIt {
  const md = markdownIt({ html: true, linkify: false, typographer: true, maxNesting: MAX_NESTING })
  md.block.ruler.before('fence', 'fenced_div', fencedDiv, { alt: ['paragraph', 'reference', 'blockquote', 'list'] })
  md.block.ruler.before('fence', 'math_block', mathBlock, { alt: ['paragraph', 'reference', 'blockquote', 'list'] })
  md.block.ruler.before('paragraph', 'latex_block', latexBlock, { alt: ['paragraph'] })
  md.inline.ruler.before('escape', 'latex_inline', latexInline)
  md.inline.ruler.before('escape', 'math_inline', mathInline)
  md.inline.ruler.before('link', 'footnote_ref', footnoteRef)
  md.inline.ruler.before('link', 'bracket_ref', bracketRef)
  md.inline.ruler.before('emphasis', 'at_ref', atRef)
  md.inline.ruler.before('emphasis', 'shortcode', shortcode)
  md.inline.ruler.before('emphasis', 'image_attrs', imageAttrs)
  md.core.ruler.before('inline', 'heading_attrs', headingAttrs)
  md.core.ruler.before('inline', 'table_captions', tableCaptions)
  md.core.ruler.before('inline', 'div_figures', divFigures)
  md.core.ruler.after('inline', 'implicit_figures', implicitFigures)

  const r = md.renderer.rules
  r.heading_open = (tokens, idx) => {
    const t = tokens[idx]!
    const meta = t.meta as unknown as { classes?: string[]; number?: string | null } | null
    const cls = meta?.classes?.length ? ` class="${escapeHtml(meta.classes.join(' '))}"` : ''
    const num = meta?.number ? `<span class="sec-number">${escapeHtml(meta.number)}</span> ` : ''
    return `<${t.tag} id="${escapeHtml(String(t.attrGet('id') ?? ''))}"${cls}>${num}`
  }
  r.heading_close = (tokens, idx) => `</${tokens[idx]!.tag}>\n`
  r.fenced_div_open = (tokens, idx, _o, envArg) => {
    const env = envArg as unknown as Env
    const a = tokens[idx]!.meta as unknown as Attrs & { figureKind?: string; number?: string }
    const id = safeId(a.id)
    const idAttr = id ? ` id="${escapeHtml(id)}"` : ''
    if (a.figureKind) return `<figure class="figure figure-${a.figureKind}"${idAttr}>\n`
    const type = calloutType(a.classes)
    if (type) {
      const title = a.kv.title ? md.renderInline(a.kv.title, env) : escapeHtml(CALLOUT_TITLES[type] ?? titleCase(type))
      const collapse = a.kv.collapse === 'true'
      if (id) addLabel(env, id, 'other', null, a.kv.title ?? CALLOUT_TITLES[type] ?? type)
      return collapse
        ? `<details class="callout callout-${type}"${idAttr}><summary class="callout-title">${title}</summary><div class="callout-body">\n`
        : `<aside class="callout callout-${type}"${idAttr}><div class="callout-title">${title}</div><div class="callout-body">\n`
    }
    if (a.classes.includes('column-margin') || a.classes.includes('aside') || a.classes.includes('column-page-right')) {
      return `<aside class="margin-note"${idAttr}>\n`
    }
    return `<div class="div"${idAttr}>\n`
  }
  r.fenced_div_close = (tokens, idx) => {
    // Find the matching open to close with the same element.
    let depth = 0
    for (let j = idx; j >= 0; j--) {
      const t = tokens[j]!
      if (t.type === 'fenced_div_close') depth++
      if (t.type === 'fenced_div_open' && --depth === 0) {
        const a = t.meta as unknown as Attrs & { figureKind?: string }
        if (a.figureKind) return '</figure>\n'
        if (calloutType(a.classes)) return a.kv.collapse === 'true' ? '</div></details>\n' : '</div></aside>\n'
        if (a.classes.includes('column-margin') || a.classes.includes('aside') || a.classes.includes('column-page-right'))
          return '</aside>\n'
        return '</div>\n'
      }
    }
    return '</div>\n'
  }
  r.div_caption_open = (tokens, idx) => {
    const m = tokens[idx]!.meta as unknown as { kind: string; number: string }
    const word = m.kind === 'tbl' ? 'Table' : m.kind === 'lst' ? 'Listing' : 'Figure'
    return `<figcaption><span class="caption-label">${word} ${escapeHtml(m.number)}:</span> `
  }
  r.div_caption_close = () => '</figcaption>\n'
  r.table_figure_open = (tokens, idx) => {
    const id = (tokens[idx]!.meta as unknown as { id: string | null }).id
    return `<figure class="figure figure-tbl"${id ? ` id="${escapeHtml(id)}"` : ''}>\n`
  }
  r.table_figure_close = () => '</figure>\n'
  r.table_caption_open = (tokens, idx) =>
    `<figcaption><span class="caption-label">Table ${escapeHtml((tokens[idx]!.meta as unknown as { number: string }).number)}:</span> `
  r.table_caption_close = () => '</figcaption>\n'
  r.table_open = () => '<div class="table-wrap"><table>\n'
  r.table_close = () => '</table></div>\n'
  r.math_block = (tokens, idx, _o, envArg) => {
    const env = envArg as unknown as Env
    const t = tokens[idx]!
    const { id, number } = numberedEquation(env, t.meta as unknown as Attrs | null)
    const index = env.deferred.math.push({ tex: t.content, display: true }) - 1
    const num = number ? `<span class="eq-number">(${escapeHtml(number)})</span>` : ''
    return `<div class="math-display"${id ? ` id="${escapeHtml(id)}"` : ''}>${placeholder(env.nonce, 'M', index)}${num}</div>\n`
  }
  r.math_inline = (tokens, idx, _o, envArg) => {
    const env = envArg as unknown as Env
    const t = tokens[idx]!
    const display = (t.meta as unknown as { display: boolean }).display
    return placeholder(env.nonce, 'M', env.deferred.math.push({ tex: t.content, display }) - 1)
  }
  r.live_number = (tokens, idx, _o, envArg) => {
    const env = envArg as unknown as Env
    return placeholder(env.nonce, 'L', env.deferred.live.push(tokens[idx]!.content) - 1)
  }
  r.xref = (tokens, idx, _o, envArg) =>
    placeholder((envArg as unknown as Env).nonce, 'X', (tokens[idx]!.meta as unknown as { index: number }).index)
  r.citation = (tokens, idx, _o, envArg) =>
    placeholder((envArg as unknown as Env).nonce, 'C', (tokens[idx]!.meta as unknown as { index: number }).index)
  r.footnote_ref = (tokens, idx, _o, envArg) =>
    footnoteHtml(md, envArg as unknown as Env, (tokens[idx]!.meta as unknown as { id: string }).id)
  r.code_inline = (tokens, idx) => {
    const content = tokens[idx]!.content
    const py = /^\{(python|r|ojs)\}\s*(.*)$/s.exec(content)
    if (py) {
      const expr = py[2]!.trim()
      return `<span class="py-value" title="${escapeHtml(`Computed by the book's own tools (${expr}); not evaluated here`)}">⟨${escapeHtml(pythonLabel(expr) || 'value')}⟩</span>`
    }
    return `<code>${escapeHtml(content)}</code>`
  }
  r.fence = (tokens, idx, _o, envArg) => {
    const env = envArg as unknown as Env
    const t = tokens[idx]!
    const info = t.info.trim()
    const cell = /^\{([A-Za-z=.]+)[^}]*\}$/.exec(info)
    if (cell) {
      const lang = cell[1]!.replace(/^\./, '').toLowerCase()
      if (['python', 'r', 'julia', 'ojs', 'bash', 'shell'].includes(lang) && !info.startsWith('{.')) {
        env.hiddenPythonCells++
        return ''
      }
      if (lang.startsWith('=')) {
        // Raw output for another format ({=latex}, {=typst}) is dropped; {=html} is kept and sanitised.
        return lang === '=html' ? t.content : ''
      }
      if (['tikz', 'mermaid', 'dot', 'graphviz'].includes(lang)) {
        return `<div class="diagram-placeholder">A ${escapeHtml(lang === 'tikz' ? 'TikZ' : lang)} diagram is drawn here in the book; its source is not rendered in this reader.</div>\n`
      }
      return highlightCode(t.content, lang)
    }
    return highlightCode(t.content, info.split(/\s+/)[0] ?? '')
  }
  r.code_block = (tokens, idx) => highlightCode(tokens[idx]!.content, '')
  r.image_figure = (tokens, idx, options, envArg) => {
    const env = envArg as unknown as Env
    const t = tokens[idx]!
    const meta = t.meta as unknown as { id: string | null; number: string | null; caption: Token[] | null; attrs: Attrs }
    const img = md.renderer.renderInline(t.children!, options, env)
    const caption = meta.caption ? md.renderer.renderInline(meta.caption, options, env) : ''
    const label = meta.number ? `<span class="caption-label">Figure ${escapeHtml(meta.number)}:</span> ` : ''
    return `<figure class="figure figure-img"${meta.id ? ` id="${escapeHtml(meta.id)}"` : ''}>${img}${caption || label ? `<figcaption>${label}${caption}</figcaption>` : ''}</figure>\n`
  }
  r.image = (tokens, idx, _o, envArg) => {
    const env = envArg as unknown as Env
    const t = tokens[idx]!
    const src = String(t.attrGet('src') ?? '')
    const attrs = (t.meta as unknown as { attrs?: Attrs } | null)?.attrs
    const alt = attrs?.kv['fig-alt'] ?? inlineText(t.children)
    const key = env.opts.resolveImage ? env.opts.resolveImage(src) : null
    if (!key) {
      env.warnings.push(`image not found: ${src}`)
      return `<span class="missing-image" role="img" aria-label="${escapeHtml(alt)}">Missing image: ${escapeHtml(src)}</span>`
    }
    env.figures.add(key)
    return `<img data-figure="${escapeHtml(key)}" alt="${escapeHtml(alt)}">`
  }
  return md
}

let shared: MarkdownIt | null = null

/** Word count of prose: runs of letters/digits. */
export function countWords(text: string): number {
  return (text.match(/[\p{L}\p{N}][\p{L}\p{N}'’-]*/gu) ?? []).length
}

/** Plain text of each section, from the token stream (no markup, math as its TeX source). */
function sectionTexts(tokens: Token[], env: Env): { sectionId: string; title: string; text: string }[] {
  const out: { sectionId: string; title: string; text: string }[] = [{ sectionId: '', title: '', text: '' }]
  let current = out[0]!
  for (let i = 0; i < tokens.length; i++) {
    const t = tokens[i]!
    if (t.type === 'heading_open' && (t.tag === 'h2' || t.tag === 'h3')) {
      const id = String(t.attrGet('id') ?? '')
      current = { sectionId: id, title: env.sections.find((s) => s.id === id)?.title ?? '', text: '' }
      out.push(current)
      i += 2
      continue
    }
    if (t.type === 'inline') current.text += `${inlineText(t.children)}\n`
    else if (t.type === 'image_figure') current.text += `${inlineText((t.meta as unknown as { caption: Token[] | null }).caption)}\n`
    else if (t.type === 'fenced_div_open') {
      const title = (t.meta as unknown as Attrs).kv?.title
      if (title) current.text += `${title}\n`
    }
  }
  return out.filter((s) => s.sectionId !== '' || s.text.trim() !== '')
}

export interface RawRender {
  html: string
  env: Env
  tokens: Token[]
  frontMatterText: string | null
}

function newEnv(opts: ParseOptions, nonce: string, footnotes: Map<string, string>, warnings: string[]): Env {
  return {
    opts,
    nonce,
    deferred: { math: [], live: [], xrefs: [], cites: [] },
    footnotes,
    footnoteNumbers: new Map(),
    footnoteDepth: 0,
    labels: [],
    sections: [],
    counters: { fig: 0, tbl: 0, eq: 0, lst: 0, sec: [] },
    warnings,
    figures: new Set(),
    hiddenPythonCells: 0,
    title: null
  }
}

/** Markdown to (unsanitised) HTML with placeholders. Exposed for the sanitiser tests; use parseChapter. */
export function renderRaw(source: string, opts: ParseOptions, nonce: string): RawRender {
  shared ??= createMarkdown()
  const prepared = prepareSource(source)
  const env = newEnv(opts, nonce, prepared.footnotes, [...prepared.warnings])
  const tokens = shared.parse(prepared.body, env)
  const html = shared.renderer.render(tokens, shared.options, env)
  return { html, env, tokens, frontMatterText: prepared.frontMatterText }
}

/** One line of Markdown (a quiz prompt, an option) to unsanitised inline HTML with placeholders. */
export function renderInlineRaw(text: string, nonce: string): { html: string; deferred: Deferred } {
  shared ??= createMarkdown()
  const env = newEnv({ chapterId: '', chapterNumber: null }, nonce, new Map(), [])
  const clean = stripControl(text).slice(0, 20_000)
  return { html: shared.renderInline(clean, env), deferred: env.deferred }
}

export { sectionTexts as _sectionTexts, escapeHtml }
export type { Env as RenderEnv }
