/**
 * One source per TinyTorch module (as nbgrader does for notebooks): `curriculum/tinytorch/reference/NN_x/index.ts`
 * is the reference solution with marked regions, and the learner's starter `NN_x/<entry>.ts` is generated
 * from it. The source compiles and runs as the reference, because starter-only lines are comments.
 *
 *   //# solution          lines only the reference has (the solution), until //# starter or //# end
 *   //# starter           lines only the starter has, written as `// ` comments (the prefix is removed)
 *   //# end
 *
 * A block opens with `//# solution` or `//# starter`, may switch once to the other side, and closes with
 * `//# end`. Blocks do not nest. Marker lines may be indented; they never appear in either output.
 */
import { readFileSync } from 'node:fs'
import { join, relative } from 'node:path'

export class SingleSourceError extends Error {}

type Side = 'both' | 'solution' | 'starter'

const MARKER = /^\s*\/\/#\s*(solution|starter|end)\s*$/

function split(source: string, file: string): { text: string; side: Side; line: number }[] {
  const out: { text: string; side: Side; line: number }[] = []
  let side: Side = 'both'
  let switched = false
  let opened = 0
  source.split('\n').forEach((text, i) => {
    const line = i + 1
    const m = MARKER.exec(text)
    if (!m) {
      out.push({ text, side, line })
      return
    }
    const kind = m[1] as 'solution' | 'starter' | 'end'
    if (kind === 'end') {
      if (side === 'both') throw new SingleSourceError(`${file}:${line}: //# end without an open block`)
      side = 'both'
      return
    }
    if (side === 'both') {
      side = kind
      switched = false
      opened = line
      return
    }
    if (side === kind || switched) {
      throw new SingleSourceError(`${file}:${line}: //# ${kind} inside a block opened at line ${opened} (close it with //# end first)`)
    }
    side = kind
    switched = true
  })
  if (side !== 'both') throw new SingleSourceError(`${file}: the block opened at line ${opened} is never closed with //# end`)
  return out
}

const COMMENTED = /^(\s*)\/\/ ?(.*)$/

/** The learner's starter: shared lines, plus starter-only lines with their `// ` removed. */
export function starterOf(source: string, file = 'source'): string {
  return split(source, file)
    .filter((l) => l.side !== 'solution')
    .map((l) => {
      if (l.side !== 'starter' || l.text.trim() === '') return l.side === 'starter' ? '' : l.text
      const m = COMMENTED.exec(l.text)
      if (!m) throw new SingleSourceError(`${file}:${l.line}: a starter-only line must be a // comment (got "${l.text.trim()}")`)
      return m[2] === '' ? '' : `${m[1]}${m[2]}`
    })
    .join('\n')
}

/** The reference as a learner sees it once unlocked: shared and solution lines, no markers. */
export function referenceOf(source: string, file = 'source'): string {
  return split(source, file)
    .filter((l) => l.side !== 'starter')
    .map((l) => l.text)
    .join('\n')
}

/** True when the source has any marked region (modules not yet converted have none). */
export function hasMarkers(source: string): boolean {
  return source.split('\n').some((l) => MARKER.test(l))
}

/** The starter each module's single source generates, for modules whose source has markers. */
export function generatedStarters(
  root: string,
  modules: readonly { id: string; dir: string; entry: string; referenceEntry: string | null }[]
): { moduleId: string; path: string; text: string }[] {
  const out: { moduleId: string; path: string; text: string }[] = []
  for (const m of modules) {
    if (!m.referenceEntry) continue
    const source = readFileSync(m.referenceEntry, 'utf8')
    if (!hasMarkers(source)) continue
    out.push({ moduleId: m.id, path: join(m.dir, m.entry), text: starterOf(source, relative(root, m.referenceEntry)) })
  }
  return out
}
