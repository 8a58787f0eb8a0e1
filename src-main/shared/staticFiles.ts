import { realpathSync, statSync } from 'node:fs'
import { join, normalize, resolve, sep } from 'node:path'

function inside(base: string, full: string): boolean {
  return full === base || full.startsWith(base + sep)
}

/**
 * Maps a URL path to a file inside `root`, or null. Paths that climb out of root (`..`, encoded or not)
 * and symbolic links that lead out of it resolve to null, never to a file elsewhere on disk.
 */
export function resolveStaticFile(root: string, urlPath: string): string | null {
  let decoded: string
  try {
    decoded = decodeURIComponent(urlPath)
  } catch {
    return null
  }
  if (decoded.includes('\0')) return null
  const relative = normalize(decoded === '/' || decoded === '' ? '/index.html' : decoded).replace(/^([/\\])+/, '')
  const base = resolve(root)
  const full = resolve(join(base, relative))
  if (!inside(base, full)) return null
  try {
    const real = realpathSync(full)
    if (!inside(realpathSync(base), real) || !statSync(real).isFile()) return null
    return real
  } catch {
    return null
  }
}
