/**
 * Imported textbook chapters as kept in the learner's data folder (<data>/book): a manifest with each
 * chapter's summary and labels, and per chapter its source, quiz, bibliography, figures and section text.
 */
import { existsSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { parseBib } from './bib'
import { readJson, readText, resolveImagePath } from './files'
import type { ChapterDocument, ChapterSummary } from './library'
import type { Label } from './quarto'
import type { QuizQuestion } from './quiz'
import { parseChapter } from './render'

export const MANIFEST = 'manifest.json'
export const MANIFEST_FORMAT = 'mlsys-book-import'

const labelSchema = z.object({
  id: z.string(),
  kind: z.enum(['chapter', 'sec', 'fig', 'tbl', 'eq', 'lst', 'other']),
  number: z.string().nullable(),
  title: z.string()
})

export const manifestSchema = z.object({
  format: z.literal(MANIFEST_FORMAT),
  version: z.literal(1),
  importedAt: z.string(),
  source: z.string(),
  chapters: z.array(
    z.object({
      id: z.string().regex(/^book\/[A-Za-z0-9_.-]+$/),
      name: z.string().regex(/^[A-Za-z0-9_.-]+$/),
      volume: z.union([z.literal(1), z.literal(2)]),
      number: z.number().int().nullable(),
      title: z.string(),
      sections: z.number().int(),
      words: z.number().int(),
      quizQuestions: z.number().int(),
      labels: z.array(labelSchema)
    })
  )
})
export type BookManifest = z.infer<typeof manifestSchema>

export interface ImportedChapter {
  summary: ChapterSummary
  labels: Label[]
  sectionText(): { sectionId: string; title: string; text: string }[]
  load(): ChapterDocument
}

export function readManifest(bookDir: string): BookManifest | null {
  const raw = readJson(join(bookDir, MANIFEST))
  if ('error' in raw) return null
  const manifest = manifestSchema.safeParse(raw.value)
  return manifest.success ? manifest.data : null
}

/** The imported chapters, in book order; an unreadable manifest reads as none imported. */
export function loadImported(bookDir: string): Map<string, ImportedChapter> {
  const out = new Map<string, ImportedChapter>()
  const manifest = readManifest(bookDir)
  if (!manifest) return out
  for (const c of manifest.chapters) {
    const dir = join(bookDir, 'chapters', c.name)
    const summary: ChapterSummary = {
      id: c.id,
      volume: c.volume,
      number: c.number,
      title: c.title,
      source: 'imported',
      sections: c.sections,
      words: c.words,
      quizQuestions: c.quizQuestions,
      error: existsSync(join(dir, 'chapter.qmd')) ? null : `${c.id}: its imported files are missing; import the book again`
    }
    out.set(c.id, {
      summary,
      labels: c.labels,
      sectionText: () => {
        const t = readJson(join(dir, 'text.json'))
        return 'value' in t && Array.isArray(t.value) ? (t.value as { sectionId: string; title: string; text: string }[]) : []
      },
      load: () => loadChapterDocument(dir, summary)
    })
  }
  return out
}

function loadChapterDocument(dir: string, summary: ChapterSummary): ChapterDocument {
  const source = readText(join(dir, 'chapter.qmd'))
  if ('error' in source) throw new Error(`${summary.id}: ${source.error}`)
  const figuresDir = join(dir, 'figures')
  const figures = new Map<string, string>()
  const parsed = parseChapter(source.text, {
    chapterId: summary.id,
    chapterNumber: summary.number,
    dropTitleHeading: true,
    resolveImage: (src) => {
      const r = resolveImagePath(figuresDir, src)
      if ('error' in r) return null
      const key = `${summary.id}/${r.relative}`
      figures.set(key, r.path)
      return key
    }
  })
  const quizRaw = readJson(join(dir, 'quiz.json'))
  const quiz = 'value' in quizRaw && Array.isArray(quizRaw.value) ? (quizRaw.value as QuizQuestion[]) : []
  const bibText = readText(join(dir, 'refs.bib'))
  return {
    summary,
    meta: null,
    parsed,
    quiz,
    bib: 'text' in bibText ? parseBib(bibText.text) : new Map(),
    figures,
    warnings: parsed.warnings
  }
}
