/** Careful file reading for chapter folders: paths stay inside their folder (symlinks included). */
import { existsSync, lstatSync, readFileSync, realpathSync, statSync } from 'node:fs'
import { extname, isAbsolute, relative, resolve, sep } from 'node:path'

export const IMAGE_TYPES: Record<string, string> = {
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.webp': 'image/webp',
  '.jpg': 'image/jpeg',
  '.jpeg': 'image/jpeg',
  '.gif': 'image/gif'
}

export const MAX_IMAGE_BYTES = 8 * 1024 * 1024
export const MAX_TEXT_BYTES = 8 * 1024 * 1024

/** True when `child` is `dir` itself or inside it. */
export function inside(dir: string, child: string): boolean {
  const rel = relative(dir, child)
  return rel === '' || (!rel.startsWith('..') && !isAbsolute(rel) && !rel.startsWith(`..${sep}`))
}

/**
 * Resolves an image path written in a chapter against the chapter folder. Null (with the reason) when it is
 * a URL, absolute, climbs out of the folder (also through a symlink), is missing, is not an image type we
 * show, or is too large.
 */
export function resolveImagePath(dir: string, src: string): { path: string; relative: string } | { error: string } {
  const clean = src.trim().split(/[?#]/)[0]!
  let decoded = clean
  try {
    decoded = decodeURIComponent(clean)
  } catch {
    return { error: `bad image path ${src}` }
  }
  if (!decoded || /^[a-z][a-z0-9+.-]*:/i.test(decoded) || isAbsolute(decoded) || decoded.includes('\0')) {
    return { error: `image ${src} is not a path inside the chapter folder` }
  }
  const abs = resolve(dir, decoded)
  if (!inside(dir, abs)) return { error: `image ${src} points outside the chapter folder` }
  if (!IMAGE_TYPES[extname(abs).toLowerCase()]) return { error: `image ${src} is not an svg, png, webp, jpeg or gif` }
  if (!existsSync(abs)) return { error: `missing image ${src}` }
  let real: string
  try {
    real = realpathSync(abs)
    if (!inside(realpathSync(dir), real)) return { error: `image ${src} is a link to outside the chapter folder` }
    const st = statSync(real)
    if (!st.isFile()) return { error: `image ${src} is not a file` }
    if (st.size > MAX_IMAGE_BYTES) return { error: `image ${src} is larger than ${MAX_IMAGE_BYTES / 1024 / 1024} MB` }
  } catch (e) {
    return { error: `image ${src} cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})` }
  }
  return { path: real, relative: relative(dir, abs).split(sep).join('/') }
}

/** Reads a UTF-8 text file; invalid byte sequences and oversize files are errors, not surprises. */
export function readText(path: string, maxBytes = MAX_TEXT_BYTES): { text: string } | { error: string } {
  try {
    const st = lstatSync(path)
    if (st.isSymbolicLink()) return { error: `${path} is a symbolic link` }
    if (!st.isFile()) return { error: `${path} is not a file` }
    if (st.size > maxBytes) return { error: `${path} is ${Math.round(st.size / 1024 / 1024)} MB, larger than ${maxBytes / 1024 / 1024} MB` }
    const bytes = readFileSync(path)
    try {
      return { text: new TextDecoder('utf-8', { fatal: true }).decode(bytes) }
    } catch {
      return { error: `${path} is not valid UTF-8 text` }
    }
  } catch (e) {
    return { error: `${path} cannot be read (${(e as NodeJS.ErrnoException).code ?? (e as Error).message})` }
  }
}

export function readJson(path: string): { value: unknown } | { error: string } {
  const r = readText(path)
  if ('error' in r) return r
  try {
    return { value: JSON.parse(r.text) }
  } catch (e) {
    return { error: `${path} is not valid JSON: ${(e as Error).message}` }
  }
}
