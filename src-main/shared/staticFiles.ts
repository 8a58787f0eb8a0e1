import { existsSync, statSync } from 'node:fs'
import { join, normalize, resolve, sep } from 'node:path'

/**
 * Maps a URL path to a file inside `root`, or null. Paths that climb out of root (`..`, encoded or
 * not) resolve to null, never to a file elsewhere on disk.
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
  if (full !== base && !full.startsWith(base + sep)) return null
  if (!existsSync(full) || !statSync(full).isFile()) return null
  return full
}
