/**
 * Import of the textbook from a learner's local clone: finds the `vol1/` and `vol2/` chapter folders
 * (`<chapter>/<chapter>.qmd`), parses each chapter with the one parser, reads `<chapter>_quizzes.json` and
 * `<chapter>.bib`, copies referenced figures, and writes everything into <data>/book. Nothing is written
 * into the clone or into this repository. Every problem is a warning for that item; the rest imports.
 * Re-importing replaces the previous import in one rename, so the reader never sees half of one.
 */
import { copyFileSync, existsSync, lstatSync, mkdirSync, readdirSync, renameSync, rmSync, statSync, writeFileSync } from 'node:fs'
import { dirname, join, relative, resolve } from 'node:path'
import { inside, readJson, readText, resolveImagePath } from './files'
import { parseChapter } from './render'
import { bookQuiz } from './quiz'
import { MANIFEST, MANIFEST_FORMAT, type BookManifest } from './bookStore'

export interface ImportResult {
  chapters: number
  sections: number
  quizQuestions: number
  figures: number
  warnings: string[]
}

export class ImportError extends Error {}

const MAX_CHAPTERS_PER_VOLUME = 80
const NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]{0,100}$/

function isDir(path: string): boolean {
  try {
    return lstatSync(path).isDirectory()
  } catch {
    return false
  }
}

/** The folders holding chapter folders: `<folder>/vol1`, `<folder>/vol2`, or those of the book inside a clone. */
export function findVolumes(folder: string): { volume: 1 | 2; dir: string }[] {
  const candidates = [folder, join(folder, 'book', 'quarto', 'contents'), join(folder, 'quarto', 'contents'), join(folder, 'contents')]
  for (const base of candidates) {
    const found = ([1, 2] as const).map((volume) => ({ volume, dir: join(base, `vol${volume}`) })).filter((v) => isDir(v.dir))
    if (found.length > 0) return found
  }
  return []
}

/** Chapter order from the book's Quarto config when the clone has it (`…/vol1/<name>/<name>.qmd` lines). */
function configOrder(volDir: string, volume: 1 | 2): string[] {
  const configDir = join(dirname(dirname(volDir)), 'config')
  if (!isDir(configDir)) return []
  for (const file of [`_quarto-html-vol${volume}.yml`, `_quarto-pdf-vol${volume}.yml`]) {
    const text = readText(join(configDir, file), 2_000_000)
    if ('error' in text) continue
    const names: string[] = []
    for (const m of text.text.matchAll(new RegExp(`vol${volume}/([A-Za-z0-9_.-]+)/\\1\\.qmd`, 'g'))) {
      if (!names.includes(m[1]!)) names.push(m[1]!)
    }
    if (names.length) return names
  }
  return []
}

interface Found {
  volume: 1 | 2
  name: string
  dir: string
}

function listChapters(volume: 1 | 2, volDir: string, warnings: string[]): Found[] {
  const found: Found[] = []
  let entries: string[]
  try {
    entries = readdirSync(volDir).sort()
  } catch (e) {
    warnings.push(`vol${volume}/: cannot be read (${(e as NodeJS.ErrnoException).code ?? 'error'})`)
    return []
  }
  for (const name of entries) {
    const dir = join(volDir, name)
    if (!NAME.test(name) || !isDir(dir)) continue
    if (existsSync(join(dir, `${name}.qmd`))) found.push({ volume, name, dir })
  }
  if (found.length === 0) {
    warnings.push(`vol${volume}/: no chapter folders (a chapter is <name>/<name>.qmd)`)
    return []
  }
  // The book's own table of contents, when the clone has it, decides which folders are chapters and their
  // order; folders it does not list (drafts, retired chapters) are left out.
  const order = configOrder(volDir, volume)
  let chapters = found
  if (order.length) {
    const listed = found.filter((f) => order.includes(f.name))
    if (listed.length > 0) {
      const left = found.length - listed.length
      if (left > 0) {
        warnings.push(
          `vol${volume}/: ${left} folder${left === 1 ? '' : 's'} not in the book's table of contents left out (${found
            .filter((f) => !order.includes(f.name))
            .map((f) => f.name)
            .join(', ')})`
        )
      }
      chapters = listed.sort((a, b) => order.indexOf(a.name) - order.indexOf(b.name))
    }
  }
  if (chapters.length > MAX_CHAPTERS_PER_VOLUME) {
    warnings.push(`vol${volume}/: ${chapters.length} chapter folders; only the first ${MAX_CHAPTERS_PER_VOLUME} are imported`)
    chapters = chapters.slice(0, MAX_CHAPTERS_PER_VOLUME)
  }
  return chapters
}

export interface ImportOptions {
  /** Called after each chapter: done, total, the chapter just finished. */
  onProgress?: (done: number, total: number, label: string) => void
  /** Lets other work run between chapters. */
  yieldBetween?: () => Promise<void>
  /** Stops the import between chapters; the previous import stays as it was. */
  signal?: AbortSignal
}

/** Imports the book at `folder` into `<bookDir>`; throws ImportError when the folder holds no chapters at all. */
export async function importBook(folder: string, bookDir: string, options: ImportOptions = {}): Promise<ImportResult> {
  const root = resolve(folder)
  if (!existsSync(root)) throw new ImportError(`${root} does not exist`)
  if (!statSync(root).isDirectory()) throw new ImportError(`${root} is not a folder`)
  const volumes = findVolumes(root)
  if (volumes.length === 0)
    throw new ImportError(`${root} has no vol1/ or vol2/ folder (choose the book's clone, or a folder holding vol1/ and vol2/)`)
  const warnings: string[] = []
  const chapters = volumes.flatMap((v) => listChapters(v.volume, v.dir, warnings))
  if (chapters.length === 0) throw new ImportError(`${root}: no chapters found (${warnings.join('; ')})`)

  const staging = `${bookDir}.importing`
  rmSync(staging, { recursive: true, force: true })
  mkdirSync(join(staging, 'chapters'), { recursive: true })
  const manifest: BookManifest = { format: MANIFEST_FORMAT, version: 1, importedAt: new Date().toISOString(), source: root, chapters: [] }
  const result: ImportResult = { chapters: 0, sections: 0, quizQuestions: 0, figures: 0, warnings }
  const numbers: Record<1 | 2, number> = { 1: 0, 2: 0 }

  const taken = new Set<string>()
  for (const [i, ch] of chapters.entries()) {
    if (options.signal?.aborted) {
      rmSync(staging, { recursive: true, force: true })
      throw new ImportError('the import was cancelled; the chapters imported before are unchanged')
    }
    // Both volumes have an introduction and a conclusion: the second of a name gets its volume appended.
    let key = ch.name
    if (taken.has(key)) {
      key = `${ch.name}-vol${ch.volume}`
      warnings.push(
        `vol${ch.volume}/${ch.name}: volume ${ch.volume === 1 ? 'II' : 'I'} has a chapter of the same name; this one is book/${key}`
      )
    }
    taken.add(key)
    const id = `book/${key}`
    const where = `vol${ch.volume}/${ch.name}`
    const source = readText(join(ch.dir, `${ch.name}.qmd`))
    if ('error' in source) {
      warnings.push(`${where}: skipped: ${source.error.replace(ch.dir, where)}`)
      options.onProgress?.(i + 1, chapters.length, ch.name)
      continue
    }
    const out = join(staging, 'chapters', key)
    mkdirSync(join(out, 'figures'), { recursive: true })
    const copies = new Map<string, string>()
    const number = ++numbers[ch.volume]
    let parsed: ReturnType<typeof parseChapter>
    try {
      parsed = parseChapter(source.text, {
        chapterId: id,
        chapterNumber: number,
        dropTitleHeading: true,
        resolveImage: (src) => {
          const r = resolveImagePath(ch.dir, src)
          if ('error' in r) {
            warnings.push(`${where}: ${r.error}`)
            return null
          }
          copies.set(r.relative, r.path)
          return `${id}/${r.relative}`
        }
      })
    } catch (e) {
      warnings.push(`${where}: skipped: the chapter could not be parsed (${(e as Error).message})`)
      continue
    }
    for (const [rel, from] of copies) {
      const to = join(out, 'figures', rel)
      mkdirSync(dirname(to), { recursive: true })
      copyFileSync(from, to)
    }
    let questions: ReturnType<typeof bookQuiz>['questions'] = []
    const quizName =
      typeof parsed.frontMatter.quiz === 'string' && NAME.test(parsed.frontMatter.quiz)
        ? parsed.frontMatter.quiz
        : `${ch.name}_quizzes.json`
    const quizPath = join(ch.dir, quizName)
    if (existsSync(quizPath)) {
      const raw = readJson(quizPath)
      if ('error' in raw) warnings.push(`${where}: ${quizName}: ${raw.error.replace(quizPath, quizName)}`)
      else {
        const q = bookQuiz(raw.value, `${where}/${quizName}`)
        questions = q.questions
        warnings.push(...q.warnings)
      }
    }
    // The chapter's own .bib, those its front matter names, and its volume's shared references.
    const bibs: string[] = []
    const named = parsed.frontMatter.bibliography
    const candidates = [
      join(ch.dir, `${ch.name}.bib`),
      ...(Array.isArray(named) ? named : [named]).filter((b): b is string => typeof b === 'string').map((b) => resolve(ch.dir, b)),
      join(dirname(ch.dir), 'backmatter', 'references.bib')
    ]
    for (const bib of [...new Set(candidates)]) {
      const label = relative(root, bib)
      if (!bib.endsWith('.bib') || !inside(root, bib) || !existsSync(bib)) continue
      const text = readText(bib)
      if ('error' in text) warnings.push(`${where}: ${text.error.replace(bib, label)}`)
      else bibs.push(text.text)
    }
    writeFileSync(join(out, 'chapter.qmd'), source.text)
    writeFileSync(join(out, 'quiz.json'), JSON.stringify(questions))
    writeFileSync(join(out, 'refs.bib'), bibs.join('\n'))
    writeFileSync(join(out, 'text.json'), JSON.stringify(parsed.sectionText))
    for (const w of parsed.warnings) if (!w.startsWith('image not found')) warnings.push(`${where}: ${w}`)
    const title = parsed.title ?? ch.name.replace(/_/g, ' ')
    manifest.chapters.push({
      id,
      name: key,
      volume: ch.volume,
      number,
      title,
      sections: parsed.sections.length,
      words: parsed.words,
      quizQuestions: questions.length,
      labels: parsed.labels
    })
    result.chapters++
    result.sections += parsed.sections.length
    result.quizQuestions += questions.length
    result.figures += copies.size
    options.onProgress?.(i + 1, chapters.length, title)
    await options.yieldBetween?.()
  }

  writeFileSync(join(staging, MANIFEST), JSON.stringify(manifest))
  const previous = `${bookDir}.previous`
  rmSync(previous, { recursive: true, force: true })
  if (existsSync(bookDir)) renameSync(bookDir, previous)
  renameSync(staging, bookDir)
  rmSync(previous, { recursive: true, force: true })
  return result
}
