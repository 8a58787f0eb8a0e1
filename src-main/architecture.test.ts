/**
 * The layer rules, checked on every file in the repository (docs/architecture.md explains them):
 * - the renderer never imports src-main; curriculum code imports nothing from src-*;
 * - only src-main/electron/, the Electron entry (src-main/index.ts) and the preload import `electron`;
 * - outside its own folder, a domain (a folder of src-main or src-preload) is imported only through its
 *   index.ts. src-main/shared (small cross-domain utilities) and src-main/testing (test helpers) are
 *   libraries, imported file by file.
 */
import { execFileSync } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { dirname, join, normalize, relative } from 'node:path'
import { describe, expect, it } from 'vitest'

const root = join(__dirname, '..')
const files = execFileSync('git', ['ls-files', '--cached', '--others', '--exclude-standard', '*.ts', '*.tsx', '*.mts', '*.mjs'], {
  cwd: root,
  encoding: 'utf8'
})
  .split('\n')
  .filter((f) => f && !f.startsWith('node_modules/'))

const IMPORT =
  /(?:^|[^\w.])(?:import|export)\s[^'";]*?from\s*['"]([^'"]+)['"]|(?:^|[^\w.])import\s*\(\s*['"]([^'"]+)['"]\s*\)|(?:^|[^\w.])require\(\s*['"]([^'"]+)['"]\s*\)|^\s*import\s+['"]([^'"]+)['"]/gm

/** Comments out of the way, so an example in a comment is not an import. */
function code(text: string): string {
  return text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:'"`\\])\/\/.*$/gm, '$1')
}

interface Edge {
  from: string
  spec: string
  /** Repository-relative path the relative import points at (no extension), or null for a package. */
  target: string | null
}

const edges: Edge[] = files.flatMap((from) => {
  const text = code(readFileSync(join(root, from), 'utf8'))
  return [...text.matchAll(IMPORT)].map((m) => {
    const spec = (m[1] ?? m[2] ?? m[3] ?? m[4])!
    const target = spec.startsWith('.')
      ? relative(root, normalize(join(root, dirname(from), spec))).replace(/\.(ts|tsx|mjs|js)$/, '')
      : null
    return { from, spec, target }
  })
})

/** `src-main/<domain>` or `src-preload/<domain>` for a path inside one, else null. */
function domainOf(path: string): string | null {
  const parts = path.split('/')
  if ((parts[0] === 'src-main' || parts[0] === 'src-preload') && parts.length > 2) return `${parts[0]}/${parts[1]}`
  return null
}

const LIBRARIES = new Set(['src-main/shared', 'src-main/testing'])
/** Files that may import `electron`: the Electron side of main, the main entry, the preload. */
const ELECTRON_ALLOWED = (f: string) => f.startsWith('src-main/electron/') || f === 'src-main/index.ts' || f === 'src-preload/index.ts'
/** The launcher checks for the Electron binary by running `require('electron')` in a child process. */
const ELECTRON_LAUNCHER = 'scripts/start.mjs'

describe('layers', () => {
  it('finds the imports it checks', () => {
    expect(edges.length).toBeGreaterThan(500)
    expect(edges.some((e) => e.from === 'src-main/index.ts' && e.spec === 'electron')).toBe(true)
  })

  it('the renderer never imports src-main', () => {
    expect(edges.filter((e) => e.from.startsWith('src-renderer/') && e.target?.startsWith('src-main/'))).toEqual([])
  })

  it('curriculum code imports nothing from src-*', () => {
    expect(edges.filter((e) => e.from.startsWith('curriculum/') && e.target?.startsWith('src-'))).toEqual([])
  })

  it('only src-main/electron, the Electron entry and the preload import electron', () => {
    const bad = edges.filter((e) => e.spec === 'electron' && !ELECTRON_ALLOWED(e.from) && e.from !== ELECTRON_LAUNCHER)
    expect(bad).toEqual([])
  })

  it('a domain is imported from elsewhere only through its index.ts', () => {
    const bad = edges.filter((e) => {
      if (!e.target) return false
      const to = domainOf(e.target)
      if (!to || LIBRARIES.has(to) || to === domainOf(e.from)) return false
      return e.target !== to && e.target !== `${to}/index`
    })
    expect(bad.map((e) => `${e.from} imports ${e.spec}`)).toEqual([])
  })
})
