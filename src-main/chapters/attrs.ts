/**
 * Pandoc/Quarto attribute blocks: `{#id .class .other key="value" key=value}`. Also accepts a bare word
 * (`::: callout-note`), which Pandoc reads as a class.
 */
export interface Attrs {
  id: string | null
  classes: string[]
  kv: Record<string, string>
}

export const EMPTY_ATTRS: Attrs = { id: null, classes: [], kv: {} }

/** Parses the inside of `{…}` (braces optional). Never throws: what it cannot read, it skips. */
export function parseAttrs(text: string): Attrs {
  let s = text.trim()
  if (s.startsWith('{') && s.endsWith('}')) s = s.slice(1, -1)
  const attrs: Attrs = { id: null, classes: [], kv: {} }
  const re =
    /\s*(?:#([^\s"'{}=]+)|\.([^\s"'{}=.][^\s"'{}=]*)|([A-Za-z_][\w.:-]*)=(?:"((?:[^"\\]|\\.)*)"|'([^']*)'|([^\s"'}]*))|([A-Za-z][\w-]*)|(\S))/gy
  let m: RegExpExecArray | null
  while (re.lastIndex < s.length && (m = re.exec(s))) {
    if (m[1]) attrs.id = m[1]
    else if (m[2]) attrs.classes.push(m[2])
    else if (m[3]) attrs.kv[m[3]] = (m[4] ?? m[5] ?? m[6] ?? '').replace(/\\(.)/g, '$1')
    else if (m[7]) attrs.classes.push(m[7])
  }
  return attrs
}

/**
 * Finds an attribute block `{…}` at the end of `text` (heading text, a caption): returns the text
 * before it and the attributes, or null when the text does not end in one.
 */
export function splitTrailingAttrs(text: string): { text: string; attrs: Attrs } | null {
  const trimmed = text.trimEnd()
  if (!trimmed.endsWith('}')) return null
  // Walk back to the matching brace, respecting quotes inside the block.
  let depth = 0
  let quote: string | null = null
  for (let i = trimmed.length - 1; i >= 0; i--) {
    const c = trimmed[i]!
    if (quote) {
      if (c === quote && trimmed[i - 1] !== '\\') quote = null
      continue
    }
    if (c === '"' || c === "'") quote = c
    else if (c === '}') depth++
    else if (c === '{') {
      depth--
      if (depth === 0) {
        const inner = trimmed.slice(i + 1, -1).trim()
        // Attribute blocks start with #, . or key=; `{x}` in prose is not one.
        if (!/^(?:[#.]|[A-Za-z_][\w.:-]*=)/.test(inner)) return null
        return { text: trimmed.slice(0, i).trimEnd(), attrs: parseAttrs(inner) }
      }
    }
  }
  return null
}
