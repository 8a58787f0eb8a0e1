/**
 * The allow-list every chapter's HTML passes through before it reaches the renderer. Anything not named
 * here is removed: script and style elements, event-handler attributes, inline styles (except table cell
 * alignment), SVG and MathML from files, forms, frames, and every URL scheme but http(s) and in-page links.
 * KaTeX output, live numbers and cross-references are inserted after this step by our own code.
 */
import sanitizeHtml from 'sanitize-html'
import { CHAPTER_ID as ID } from './quarto'

const TAGS = [
  'p',
  'h1',
  'h2',
  'h3',
  'h4',
  'h5',
  'h6',
  'ul',
  'ol',
  'li',
  'blockquote',
  'pre',
  'code',
  'span',
  'div',
  'aside',
  'figure',
  'figcaption',
  'img',
  'table',
  'thead',
  'tbody',
  'tfoot',
  'tr',
  'th',
  'td',
  'caption',
  'a',
  'em',
  'strong',
  'del',
  's',
  'sup',
  'sub',
  'br',
  'hr',
  'details',
  'summary',
  'kbd',
  'dl',
  'dt',
  'dd',
  'abbr',
  'i',
  'b',
  'u',
  'small',
  'mark',
  'cite',
  'q'
]

const CLASSES = [
  'footnote',
  'fn-ref',
  'fn-body',
  'fn-missing',
  'callout',
  'callout-*',
  'callout-title',
  'callout-body',
  'margin-note',
  'figure',
  'figure-*',
  'caption-label',
  'table-wrap',
  'math-display',
  'eq-number',
  'sec-number',
  'code-block',
  'hljs',
  'hljs-*',
  'language-*',
  'py-value',
  'diagram-placeholder',
  'missing-image',
  'div',
  'unnumbered',
  'unlisted'
]

const options: sanitizeHtml.IOptions = {
  allowedTags: TAGS,
  allowedAttributes: {
    '*': ['id', 'class', 'title'],
    a: ['href'],
    img: ['alt', 'data-figure'],
    ol: ['start'],
    th: ['style', 'colspan', 'rowspan'],
    td: ['style', 'colspan', 'rowspan'],
    span: ['role', 'aria-label'],
    details: ['open']
  },
  allowedClasses: { '*': CLASSES },
  allowedStyles: { th: { 'text-align': [/^(left|right|center)$/] }, td: { 'text-align': [/^(left|right|center)$/] } },
  allowedSchemes: ['http', 'https'],
  allowedSchemesAppliedToAttributes: ['href'],
  allowProtocolRelative: false,
  disallowedTagsMode: 'discard',
  // Content of these is dropped with the element, never shown as text.
  nonTextTags: ['script', 'style', 'textarea', 'option', 'noscript', 'title', 'svg', 'math', 'iframe', 'object', 'template'],
  enforceHtmlBoundary: false,
  // An image from raw HTML (no figure key) would show as a broken icon: drop it.
  exclusiveFilter: (frame) => frame.tag === 'img' && !frame.attribs['data-figure'],
  parser: { lowerCaseTags: true, lowerCaseAttributeNames: true },
  transformTags: {
    '*': (tagName, attribs) => {
      const out = { ...attribs }
      if (out.id !== undefined && !ID.test(out.id)) delete out.id
      return { tagName, attribs: out }
    },
    a: (tagName, attribs) => {
      const out: Record<string, string> = { ...attribs }
      const href = out.href ?? ''
      // In-page and app links ("#sec-x", "#/chapters/…") and web links stay; relative file links go.
      if (!/^(#|https?:\/\/)/i.test(href.trim())) delete out.href
      if (out.id !== undefined && !ID.test(out.id)) delete out.id
      return { tagName, attribs: out }
    },
    img: (tagName, attribs) => {
      const out: Record<string, string> = {}
      if (attribs.alt !== undefined) out.alt = attribs.alt
      if (attribs['data-figure'] !== undefined && /^[\w./ -]{1,400}$/.test(attribs['data-figure']))
        out['data-figure'] = attribs['data-figure']
      return { tagName, attribs: out }
    }
  }
}

export function sanitizeChapterHtml(html: string): string {
  return sanitizeHtml(html, options)
}
