/**
 * The chapter library: our study notes (curriculum/chapters/volN/NN-slug), the textbook chapters a learner
 * imported (<data>/book), and the TinyTorch lessons for search. Thin I/O around the pure parser: folders are
 * read and validated once and kept; a bad chapter is listed with its error and never stops the others.
 */
import { existsSync, readdirSync } from 'node:fs'
import { join } from 'node:path'
import type { BibEntry } from './bib'
import { readJson, readText, resolveImagePath } from './files'
import type { LiveEngine } from './live'
import type { Label, ParsedChapter, SectionInfo } from './quarto'
import { notesQuiz, type QuizQuestion } from './quiz'
import { finishChapter, parseChapter, renderInlineText, type FinishContext, type LabelRef } from './render'
import { chapterJsonSchema, describeIssues, quizJsonSchema, type ChapterJson } from './schema'
import { SearchIndex, type SearchDoc, type SearchHit } from './search'
import { loadImported, readManifest, type ImportedChapter } from './bookStore'

export type ChapterSourceKind = 'notes' | 'imported'

export interface ChapterSummary {
  id: string
  volume: 1 | 2
  number: number | null
  title: string
  source: ChapterSourceKind
  sections: number
  words: number
  quizQuestions: number
  /** Why the chapter cannot be shown (a schema error), or null. */
  error: string | null
}

export interface ChapterDocument {
  summary: ChapterSummary
  meta: ChapterJson | null
  parsed: ParsedChapter
  quiz: QuizQuestion[]
  bib: ReadonlyMap<string, BibEntry>
  /** Figure key → absolute file. */
  figures: ReadonlyMap<string, string>
  /** Problems found while reading the chapter (shown to the writer, not fatal). */
  warnings: string[]
}

interface NotesEntry {
  summary: ChapterSummary
  doc: ChapterDocument | null
}

const NOTES_FOLDER = /^(\d\d)-[a-z0-9][a-z0-9-]*$/

export interface LibraryOptions {
  /** curriculum/chapters */
  notesRoot: string
  /** curriculum/tinytorch (lessons for search); null to leave them out. */
  lessonsRoot: string | null
  /** The learner's data folder; imported chapters live in <dataDir>/book. */
  dataDir: string
  engine: LiveEngine
}

export class ChapterLibrary {
  private notes: Map<string, NotesEntry> | null = null
  private imported: Map<string, ImportedChapter> | null = null
  private importedDocs = new Map<string, ChapterDocument>()
  private index: SearchIndex | null = null
  private building: Promise<SearchIndex> | null = null
  private labels: Map<string, LabelRef> | null = null

  constructor(readonly options: LibraryOptions) {}

  /** Forgets everything read, so the next call reads the folders again (after an import). */
  invalidate(): void {
    this.notes = null
    this.imported = null
    this.importedDocs.clear()
    this.index = null
    this.building = null
    this.labels = null
  }

  get bookDir(): string {
    return join(this.options.dataDir, 'book')
  }

  /** Where the imported textbook came from and when, or null before any import. */
  importInfo(): { source: string; at: string; chapters: number } | null {
    const m = readManifest(this.bookDir)
    return m ? { source: m.source, at: m.importedAt, chapters: m.chapters.length } : null
  }

  private loadNotes(): Map<string, NotesEntry> {
    if (this.notes) return this.notes
    const out = new Map<string, NotesEntry>()
    for (const volume of [1, 2] as const) {
      const volDir = join(this.options.notesRoot, `vol${volume}`)
      if (!existsSync(volDir)) continue
      for (const name of readdirSync(volDir).sort()) {
        const m = NOTES_FOLDER.exec(name)
        if (!m) continue
        const id = `vol${volume}/${name}`
        out.set(id, this.readNotesChapter(id, join(volDir, name), volume, Number(m[1])))
      }
    }
    this.notes = out
    return out
  }

  private readNotesChapter(id: string, dir: string, volume: 1 | 2, number: number): NotesEntry {
    const summary: ChapterSummary = {
      id,
      volume,
      number,
      title: id,
      source: 'notes',
      sections: 0,
      words: 0,
      quizQuestions: 0,
      error: null
    }
    const fail = (error: string): NotesEntry => ({ summary: { ...summary, error }, doc: null })
    const metaRaw = readJson(join(dir, 'chapter.json'))
    if ('error' in metaRaw) return fail(`${id}/chapter.json: ${metaRaw.error}`)
    const meta = chapterJsonSchema.safeParse(metaRaw.value)
    if (!meta.success) return fail(describeIssues(`${id}/chapter.json`, meta.error))
    summary.title = meta.data.title
    const quizRaw = readJson(join(dir, 'quiz.json'))
    if ('error' in quizRaw) return fail(`${id}/quiz.json: ${quizRaw.error}`)
    const quiz = quizJsonSchema.safeParse(quizRaw.value)
    if (!quiz.success) return fail(describeIssues(`${id}/quiz.json`, quiz.error))
    const source = readText(join(dir, 'notes.qmd'))
    if ('error' in source) return fail(`${id}/notes.qmd: ${source.error}`)
    const figures = new Map<string, string>()
    const warnings: string[] = []
    const parsed = parseChapter(source.text, {
      chapterId: id,
      chapterNumber: number,
      resolveImage: (src) => {
        const r = resolveImagePath(dir, src)
        if ('error' in r) {
          warnings.push(`${id}/notes.qmd: ${r.error}`)
          return null
        }
        const key = `${id}/${r.relative}`
        figures.set(key, r.path)
        return key
      }
    })
    const questions = notesQuiz(quiz.data, this.options.engine)
    for (const q of questions) if (q.type === 'numeric' && q.expectedError) warnings.push(`${id}/quiz.json: ${q.id}: ${q.expectedError}`)
    const doc: ChapterDocument = {
      summary: { ...summary, sections: parsed.sections.length, words: parsed.words, quizQuestions: questions.length },
      meta: meta.data,
      parsed,
      quiz: questions,
      bib: new Map(),
      figures,
      warnings: [...parsed.warnings.map((w) => `${id}/notes.qmd: ${w}`), ...warnings]
    }
    return { summary: doc.summary, doc }
  }

  private loadImported(): Map<string, ImportedChapter> {
    this.imported ??= loadImported(this.bookDir)
    return this.imported
  }

  /** Every chapter: our notes first (volume I, then II), then imported ones in book order. */
  list(): ChapterSummary[] {
    const notes = [...this.loadNotes().values()].map((e) => e.summary)
    const imported = [...this.loadImported().values()].map((c) => c.summary)
    const order = (a: ChapterSummary, b: ChapterSummary) =>
      a.volume - b.volume || (a.number ?? 999) - (b.number ?? 999) || a.id.localeCompare(b.id)
    return [...notes.sort(order), ...imported]
  }

  /** Study-notes chapters whose chapter.json links the given drill topic, in reading order. */
  chaptersForTopic(topic: string): { id: string; title: string }[] {
    const out: { summary: ChapterSummary; title: string }[] = []
    for (const e of this.loadNotes().values()) {
      if (e.doc?.meta?.links.drillTopics.includes(topic as never)) out.push({ summary: e.summary, title: e.summary.title })
    }
    return out
      .sort((a, b) => a.summary.volume - b.summary.volume || (a.summary.number ?? 999) - (b.summary.number ?? 999))
      .map((c) => ({ id: c.summary.id, title: c.title }))
  }

  /** The chapter's document (parsed, with its quiz), or null when there is no such chapter. Throws its schema error. */
  document(id: string): ChapterDocument | null {
    const note = this.loadNotes().get(id)
    if (note) {
      if (!note.doc) throw new ChapterUnavailable(note.summary.error ?? 'unreadable')
      return note.doc
    }
    const imp = this.loadImported().get(id)
    if (!imp) return null
    let doc = this.importedDocs.get(id)
    if (!doc) {
      doc = imp.load()
      // Keep a few parsed book chapters; they are large.
      if (this.importedDocs.size >= 6) this.importedDocs.delete(this.importedDocs.keys().next().value!)
      this.importedDocs.set(id, doc)
    }
    return doc
  }

  /** Every label of every readable chapter, for cross-references (also across chapters). */
  private labelRegistry(): Map<string, LabelRef> {
    if (this.labels) return this.labels
    const map = new Map<string, LabelRef>()
    const add = (chapterId: string, labels: readonly Label[]) => {
      for (const label of labels) if (!map.has(label.id)) map.set(label.id, { chapterId, label })
    }
    for (const [id, e] of this.loadNotes()) if (e.doc) add(id, e.doc.parsed.labels)
    for (const [id, c] of this.loadImported()) add(id, c.labels)
    this.labels = map
    return map
  }

  finishContext(doc: ChapterDocument): FinishContext {
    const registry = this.labelRegistry()
    return {
      chapterId: doc.summary.id,
      resolveLabel: (labelId) => registry.get(labelId) ?? null,
      bib: doc.bib,
      live: doc.summary.source === 'notes' ? this.options.engine : null
    }
  }

  /** The HTML the reader shows: live numbers evaluated now, cross-references resolved across chapters. */
  render(id: string): {
    doc: ChapterDocument
    html: string
    liveNumbers: { ok: number; failed: { source: string; error: string }[] }
    missingRefs: string[]
  } | null {
    const doc = this.document(id)
    if (!doc) return null
    const finished = finishChapter(doc.parsed, this.finishContext(doc))
    return { doc, ...finished }
  }

  /** Inline Markdown of a quiz question or answer, rendered like the chapter text. */
  inline(doc: ChapterDocument, text: string): string {
    return renderInlineText(text, this.finishContext(doc))
  }

  /** The readable chapters in reading order, for previous/next. */
  neighbours(id: string): { previous: string | null; next: string | null } {
    const list = this.list().filter((c) => c.error === null)
    const group = list.filter((c) => c.source === list.find((x) => x.id === id)?.source)
    const i = group.findIndex((c) => c.id === id)
    return { previous: i > 0 ? group[i - 1]!.id : null, next: i >= 0 && i < group.length - 1 ? group[i + 1]!.id : null }
  }

  /** The bytes of a figure a chapter references (only figures the parser registered). */
  figurePath(key: string): string | null {
    const chapterId = key.split('/').slice(0, 2).join('/')
    let doc: ChapterDocument | null
    try {
      doc = this.document(chapterId)
    } catch {
      return null
    }
    return doc?.figures.get(key) ?? null
  }

  private lessonDocs(): SearchDoc[] {
    const root = this.options.lessonsRoot
    if (!root || !existsSync(root)) return []
    const docs: SearchDoc[] = []
    for (const name of readdirSync(root).sort()) {
      if (!/^\d\d_[a-z0-9_]+$/.test(name)) continue
      const lesson = readText(join(root, name, 'lesson.md'))
      if ('error' in lesson) continue
      const manifest = readJson(join(root, name, 'module.json'))
      const title =
        'value' in manifest && typeof (manifest.value as { title?: unknown }).title === 'string'
          ? (manifest.value as { title: string }).title
          : name
      const parsed = parseChapter(lesson.text, { chapterId: `tinytorch/${name}`, chapterNumber: null })
      for (const s of parsed.sectionText) {
        docs.push({
          chapterId: `tinytorch/${name}`,
          sectionId: s.sectionId,
          chapterTitle: `TinyTorch ${name.slice(0, 2)}: ${title}`,
          title: s.title || title,
          text: s.text,
          kind: 'lesson'
        })
      }
    }
    return docs
  }

  private searchDocs(): SearchDoc[] {
    const docs: SearchDoc[] = []
    for (const [id, e] of this.loadNotes()) {
      if (!e.doc) continue
      for (const s of e.doc.parsed.sectionText) {
        docs.push({
          chapterId: id,
          sectionId: s.sectionId,
          chapterTitle: e.summary.title,
          title: s.title || e.summary.title,
          text: s.text,
          kind: 'chapter'
        })
      }
    }
    for (const [id, c] of this.loadImported()) {
      for (const s of c.sectionText())
        docs.push({
          chapterId: id,
          sectionId: s.sectionId,
          chapterTitle: c.summary.title,
          title: s.title || c.summary.title,
          text: s.text,
          kind: 'chapter'
        })
    }
    docs.push(...this.lessonDocs())
    return docs
  }

  /** The search index, built on first use and kept until the content changes. */
  searchIndex(): SearchIndex {
    this.index ??= SearchIndex.build(this.searchDocs())
    return this.index
  }

  /** The same, built in chunks so a request for something else is not held up for seconds. */
  searchIndexAsync(): Promise<SearchIndex> {
    if (this.index) return Promise.resolve(this.index)
    if (!this.building) {
      const building = SearchIndex.buildInChunks(this.searchDocs()).then((index) => {
        // An import may have replaced the content while this was building.
        if (this.building === building) {
          this.index = index
          this.building = null
        }
        return index
      })
      this.building = building
    }
    return this.building
  }

  search(query: string, limit = 20): SearchHit[] {
    return this.searchIndex().search(query, limit)
  }

  async searchAsync(query: string, limit = 20): Promise<SearchHit[]> {
    return (await this.searchIndexAsync()).search(query, limit)
  }
}

export class ChapterUnavailable extends Error {}

export type { SectionInfo }
