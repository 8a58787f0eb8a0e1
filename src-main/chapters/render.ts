/**
 * From a chapter's Markdown to the HTML the reader shows, in two steps:
 * `parseChapter` (markdown → sanitised HTML with placeholders, outline, labels, text; cacheable per file)
 * and `finishChapter` (placeholders → KaTeX, live numbers, cross-reference and citation text, with what
 * is known only once every chapter is loaded). Both are pure.
 */
import { randomBytes } from 'node:crypto'
import katex from 'katex'
import { parse as parseYaml } from 'yaml'
import { authorShort, fullReference, type BibEntry } from './bib'
import { evaluateLive, linkHref, type LiveEngine, type LiveResult } from './live'
import {
  _sectionTexts,
  countWords,
  escapeHtml,
  renderInlineRaw,
  renderRaw,
  type Deferred,
  type Label,
  type ParseOptions,
  type ParsedChapter
} from './quarto'
import { sanitizeChapterHtml } from './sanitize'

export function parseChapter(source: string, opts: ParseOptions): ParsedChapter {
  const nonce = randomBytes(6).toString('hex')
  const raw = renderRaw(source, opts, nonce)
  const env = raw.env
  let frontMatter: Record<string, unknown> = {}
  if (raw.frontMatterText !== null) {
    try {
      const parsed = parseYaml(raw.frontMatterText, { maxAliasCount: 50 }) as unknown
      if (parsed && typeof parsed === 'object' && !Array.isArray(parsed)) frontMatter = parsed as Record<string, unknown>
    } catch (e) {
      env.warnings.push(`the front matter is not valid YAML: ${(e as Error).message.split('\n')[0]}`)
    }
  }
  const sectionText = _sectionTexts(raw.tokens, env)
  return {
    html: sanitizeChapterHtml(raw.html),
    nonce,
    deferred: env.deferred,
    frontMatter,
    title: env.title ?? (typeof frontMatter.title === 'string' ? frontMatter.title : null),
    sections: env.sections,
    labels: env.labels,
    sectionText,
    words: countWords(sectionText.map((s) => s.text).join(' ')),
    warnings: env.warnings,
    figures: [...env.figures],
    hiddenPythonCells: env.hiddenPythonCells
  }
}

export interface LabelRef {
  chapterId: string
  label: Label
}

export interface FinishContext {
  chapterId: string
  /** Looks up a label by id across every loaded chapter. */
  resolveLabel(id: string): LabelRef | null
  bib: ReadonlyMap<string, BibEntry>
  /** Null for chapters that have no live numbers (imported ones): shortcodes then show as errors. */
  live: LiveEngine | null
}

const KIND_WORD: Record<Label['kind'], string> = {
  chapter: 'Chapter',
  sec: 'Section',
  fig: 'Figure',
  tbl: 'Table',
  eq: 'Equation',
  lst: 'Listing',
  other: ''
}

/** "Section 3.2", "Figure 1.4", "Chapter 5", or the quoted title when unnumbered. */
export function xrefText(label: Label): string {
  const word = KIND_WORD[label.kind]
  if (label.number && word) return label.kind === 'eq' ? `Equation (${label.number})` : `${word} ${label.number}`
  if (label.title) return word ? `${word} “${label.title}”` : `“${label.title}”`
  return word || label.id
}

export function chapterHref(chapterId: string, anchor?: string): string {
  return `#/chapters/${chapterId}${anchor ? `/${anchor}` : ''}`
}

function liveHtml(r: LiveResult): string {
  if (!r.ok) {
    return `<span class="live-error" role="note" title="${escapeHtml(r.source)}">⚠ live number failed: ${escapeHtml(r.error)}</span>`
  }
  const title = `${r.formula} = ${r.value} ${r.unit}`
  if (!r.link) return `<span class="live-number" title="${escapeHtml(title)}">${escapeHtml(r.text)}</span>`
  return `<a class="live-number" href="${escapeHtml(linkHref(r.link))}" title="${escapeHtml(`${title} · open the ${r.link.dashboard} dashboard`)}">${escapeHtml(r.text)}</a>`
}

function citationHtml(ctx: FinishContext, items: { key: string; prefix: string; locator: string }[], narrative: boolean): string {
  const parts = items.map((item) => {
    const e = ctx.bib.get(item.key)
    const pre = item.prefix ? `${item.prefix} ` : ''
    const loc = item.locator ? `, ${item.locator}` : ''
    if (!e) return { text: `${pre}${item.key}${loc}`, title: `No bibliography entry for ${item.key}`, missing: true, e }
    return {
      text: narrative ? `${authorShort(e)} (${e.year || 'n.d.'}${loc})` : `${pre}${authorShort(e)} ${e.year || 'n.d.'}${loc}`,
      title: fullReference(e),
      missing: false,
      e
    }
  })
  const inner = parts
    .map((p) => `<span class="cite${p.missing ? ' cite-missing' : ''}" title="${escapeHtml(p.title)}">${escapeHtml(p.text)}</span>`)
    .join('; ')
  return narrative ? inner : `(${inner})`
}

/**
 * Quarto's own shortcodes: a page break means nothing on screen; in an imported chapter any other one
 * (video, include, meta, …) becomes a marked placeholder naming it, since only Quarto can expand it.
 * Null for `sim` and `catalog`, which are live numbers.
 */
function quartoShortcode(body: string, imported: boolean): string | null {
  const name = body.trim().split(/\s+/)[0] ?? ''
  if (name === 'sim' || name === 'catalog') return null
  if (name === 'pagebreak') return ''
  if (!imported) return null
  const arg = body.trim().slice(name.length).trim()
  const shown = arg && name.includes('video') ? `: ${arg.replace(/^"|"$/g, '').slice(0, 80)}` : ''
  return `<span class="py-value" title="${escapeHtml(`Quarto shortcode {{< ${body.trim()} >}}: not expanded here`)}">⟨${escapeHtml(name || 'shortcode')}${escapeHtml(shown)}⟩</span>`
}

const katexCache = new Map<string, string>()

export function renderMath(tex: string, display: boolean): string {
  const key = `${display ? 'D' : 'I'}${tex}`
  let html = katexCache.get(key)
  if (html === undefined) {
    html = katex.renderToString(tex, {
      displayMode: display,
      throwOnError: false,
      trust: false,
      strict: 'ignore',
      maxSize: 20,
      maxExpand: 300,
      output: 'html'
    })
    if (katexCache.size > 20_000) katexCache.clear()
    katexCache.set(key, html)
  }
  return html
}

export interface FinishedChapter {
  html: string
  liveNumbers: { ok: number; failed: { source: string; error: string }[] }
  missingRefs: string[]
}

/** Replaces the placeholders `parseChapter` left with trusted HTML generated here (all text escaped). */
export function finishChapter(parsed: ParsedChapter, ctx: FinishContext): FinishedChapter {
  return finishHtml(parsed.html, parsed.nonce, parsed.deferred, ctx)
}

function finishHtml(source: string, nonce: string, deferred: Deferred, ctx: FinishContext): FinishedChapter {
  const parsed = { deferred }
  const failed: { source: string; error: string }[] = []
  const missingRefs: string[] = []
  let ok = 0
  const re = new RegExp(`\\u0002${nonce}([MLXC])(\\d+)\\u0003`, 'g')
  const html = source.replace(re, (_m, kind: string, n: string) => {
    const i = Number(n)
    switch (kind) {
      case 'M': {
        const m = parsed.deferred.math[i]
        return m ? renderMath(m.tex, m.display) : ''
      }
      case 'L': {
        const body = parsed.deferred.live[i] ?? ''
        const other = quartoShortcode(body, ctx.live === null)
        if (other !== null) return other
        const r: LiveResult = ctx.live
          ? evaluateLive(ctx.live, body)
          : { ok: false, error: 'live numbers are not evaluated in imported chapters', source: body }
        if (r.ok) ok++
        else failed.push({ source: r.source, error: r.error })
        return liveHtml(r)
      }
      case 'X': {
        const x = parsed.deferred.xrefs[i]
        if (!x) return ''
        const ref = ctx.resolveLabel(x.id)
        if (!ref) {
          missingRefs.push(x.id)
          return `<span class="xref-missing" title="Nothing is labelled ${escapeHtml(x.id)}">?@${escapeHtml(x.id)}</span>`
        }
        const other = ref.chapterId !== ctx.chapterId
        return `<a class="xref${other ? ' xref-other' : ''}" href="${escapeHtml(chapterHref(ref.chapterId, ref.label.id))}">${escapeHtml(xrefText(ref.label))}</a>`
      }
      case 'C': {
        const c = parsed.deferred.cites[i]
        return c ? citationHtml(ctx, c.items, c.narrative) : ''
      }
    }
    return ''
  })
  return { html, liveNumbers: { ok, failed }, missingRefs }
}

/** Inline Markdown (quiz prompts, options, explanations) through the same parser, sanitiser and finishing. */
export function renderInlineText(text: string, ctx: FinishContext): string {
  const nonce = randomBytes(6).toString('hex')
  const raw = renderInlineRaw(text, nonce)
  return finishHtml(sanitizeChapterHtml(raw.html), nonce, raw.deferred, ctx).html
}
