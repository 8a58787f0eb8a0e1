import { forwardRef, useEffect, useImperativeHandle, useLayoutEffect, useRef } from 'react'
import type { HighlightView } from '../../../../src-preload/contract'
import { anchorQuote, describeRange, sentenceAround, type TextQuote } from './anchoring'
import { figureUrl, useChapters } from './chaptersStore'
import { offsetOf, sectionOf, textIndex, unwrapMarks, wrapRange } from './textDom'

export interface Selected extends TextQuote {
  sectionId: string
  sentence: string
  rect: { top: number; left: number; bottom: number }
}

export interface ArticleHandle {
  root(): HTMLDivElement | null
  /** The current selection inside the article as a quote selector, or null. */
  selection(): Selected | null
  /** The sentence around a highlight as it is anchored now. */
  sentenceOf(h: HighlightView): string | null
}

interface Props {
  html: string
  highlights: HighlightView[]
  onSelect(s: Selected | null): void
  onHighlightClick(id: string, rect: DOMRect): void
  onOrphans(ids: string[]): void
}

function enhance(root: HTMLElement, say: (m: string) => void): void {
  for (const ref of root.querySelectorAll<HTMLElement>('.fn-ref')) {
    ref.tabIndex = 0
    ref.setAttribute('role', 'button')
    ref.setAttribute('aria-expanded', 'false')
    ref.title = 'Show the footnote'
  }
  for (const img of root.querySelectorAll<HTMLImageElement>('img[data-figure]')) {
    const key = img.dataset.figure!
    img.loading = 'lazy'
    figureUrl(key)
      .then((url) => {
        img.src = url
      })
      .catch((e: Error) => {
        img.replaceWith(
          Object.assign(document.createElement('span'), { className: 'missing-image', textContent: `Figure unavailable: ${e.message}` })
        )
      })
  }
  for (const a of root.querySelectorAll<HTMLAnchorElement>('a[href^="http"]')) {
    a.classList.add('external')
    a.title = `${a.href} (opens nothing here: the link is copied)`
  }
  root.onclick = (e) => {
    const target = e.target as HTMLElement
    const fn = target.closest<HTMLElement>('.fn-ref')
    if (fn) {
      const box = fn.closest('.footnote')
      const open = !box?.classList.contains('open')
      box?.classList.toggle('open', open)
      fn.setAttribute('aria-expanded', String(open))
      return
    }
    const ext = target.closest<HTMLAnchorElement>('a.external')
    if (ext) {
      e.preventDefault()
      void navigator.clipboard?.writeText(ext.href).catch(() => {})
      say(`External link copied: ${ext.href}`)
    }
  }
  root.onkeydown = (e) => {
    const target = e.target as HTMLElement
    if ((e.key === 'Enter' || e.key === ' ') && target.classList.contains('fn-ref')) {
      e.preventDefault()
      target.click()
    }
  }
}

export const Article = forwardRef<ArticleHandle, Props>(function Article({ html, highlights, onSelect, onHighlightClick, onOrphans }, ref) {
  const root = useRef<HTMLDivElement>(null)
  const say = useChapters((s) => s.say)

  useLayoutEffect(() => {
    const el = root.current
    if (!el) return
    // The HTML comes from main: parsed, sanitised against an allow-list, then KaTeX and our own links added.
    el.innerHTML = html
    enhance(el, say)
  }, [html, say])

  useLayoutEffect(() => {
    const el = root.current
    if (!el) return
    unwrapMarks(el, 'mark.hl')
    const orphans: string[] = []
    const { text } = textIndex(el)
    const placed = highlights
      .map((h) => ({ h, at: anchorQuote(text, h) }))
      .filter((x) => {
        if (!x.at) orphans.push(x.h.highlightId)
        return x.at !== null
      })
      // Paint from the end so earlier offsets stay valid.
      .sort((a, b) => b.at!.start - a.at!.start)
    for (const { h, at } of placed) {
      wrapRange(el, at!.start, at!.end, () => {
        const m = document.createElement('mark')
        m.className = `hl hl-${h.color}${h.note ? ' has-note' : ''}`
        m.dataset.hl = h.highlightId
        m.tabIndex = 0
        m.title = h.note ? `Note: ${h.note}` : 'Highlight: click to change'
        return m
      })
    }
    onOrphans(orphans)
  }, [highlights, html, onOrphans])

  useEffect(() => {
    const el = root.current
    if (!el) return
    const onClick = (e: MouseEvent) => {
      const m = (e.target as HTMLElement).closest<HTMLElement>('mark.hl')
      if (m && window.getSelection()?.isCollapsed) onHighlightClick(m.dataset.hl!, m.getBoundingClientRect())
    }
    const onKey = (e: KeyboardEvent) => {
      const m = (e.target as HTMLElement).closest?.<HTMLElement>('mark.hl')
      if (m && e.key === 'Enter') onHighlightClick(m.dataset.hl!, m.getBoundingClientRect())
    }
    const onUp = () => setTimeout(() => onSelect(current()), 0)
    el.addEventListener('click', onClick)
    el.addEventListener('keydown', onKey)
    el.addEventListener('mouseup', onUp)
    el.addEventListener('keyup', onUp)
    return () => {
      el.removeEventListener('click', onClick)
      el.removeEventListener('keydown', onKey)
      el.removeEventListener('mouseup', onUp)
      el.removeEventListener('keyup', onUp)
    }
  })

  const current = (): Selected | null => {
    const el = root.current
    const sel = window.getSelection()
    if (!el || !sel || sel.isCollapsed || sel.rangeCount === 0) return null
    const range = sel.getRangeAt(0)
    if (!el.contains(range.commonAncestorContainer)) return null
    const index = textIndex(el)
    const start = offsetOf(index, range.startContainer, range.startOffset)
    const end = offsetOf(index, range.endContainer, range.endOffset)
    if (start === null || end === null || end <= start) return null
    // Trim the whitespace a double-click or drag picks up at the edges.
    let s = start
    let e = end
    while (s < e && /\s/.test(index.text[s]!)) s++
    while (e > s && /\s/.test(index.text[e - 1]!)) e--
    if (e - s < 2 || e - s > 5000) return null
    const rect = range.getBoundingClientRect()
    return {
      ...describeRange(index.text, s, e),
      sectionId: sectionOf(el, range.startContainer),
      sentence: sentenceAround(index.text, s, e),
      rect: { top: rect.top, left: rect.left + rect.width / 2, bottom: rect.bottom }
    }
  }

  useImperativeHandle(ref, () => ({
    root: () => root.current,
    selection: current,
    sentenceOf: (h) => {
      const el = root.current
      if (!el) return null
      const { text } = textIndex(el)
      const at = anchorQuote(text, h)
      return at ? sentenceAround(text, at.start, at.end) : null
    }
  }))

  return <div ref={root} className="chapter-body" data-testid="chapter-body" />
})
