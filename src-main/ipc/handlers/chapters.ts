import { randomUUID } from 'node:crypto'
import { existsSync, readFileSync, statSync } from 'node:fs'
import { extname, resolve } from 'node:path'
import type { DomainHandlers } from '.'
import type { HighlightView, QuizView } from '../../../src-preload/contract'
import {
  answerText,
  ChapterUnavailable,
  gradeResponse,
  IMAGE_TYPES,
  ImportError,
  importBook,
  shuffledOrder,
  type ChapterDocument,
  type QuizQuestion
} from '../../chapters'
import { listModules } from '../../grader'
import { addCard, rateCard, type CardInput } from '../../review'
import { AppError } from '../../shared/errors'
import type { HandlerContext } from '../context'

function documentOrThrow(ctx: HandlerContext, id: string): ChapterDocument {
  try {
    const doc = ctx.chapters.document(id)
    if (!doc) throw new AppError('not-found', `There is no chapter ${id}.`)
    return doc
  } catch (e) {
    if (e instanceof ChapterUnavailable) throw new AppError('unavailable', `This chapter cannot be shown: ${e.message}`)
    throw e
  }
}

function chapterState(ctx: HandlerContext, id: string) {
  const s = ctx.store.chapterStates().get(id)
  return { position: s?.position ?? '', percentRead: s?.percentRead ?? 0, readAt: s?.readAt ?? null, secondsSpent: s?.secondsSpent ?? 0 }
}

export function quizCardId(chapterId: string, questionId: string): string {
  return `quiz:${chapterId}:${questionId}`
}

/** The card a quiz question becomes: the prompt (and options) in front, the answer and explanation behind. */
function quizCard(doc: ChapterDocument, q: QuizQuestion): CardInput {
  const options = q.type === 'mcq' ? `\n${q.options.map((o, i) => `${String.fromCharCode(65 + i)}. ${o}`).join('\n')}` : ''
  const hint =
    q.type === 'ordering'
      ? `\n(put in order: ${[...q.items].sort().join('; ')})`
      : q.type === 'numeric' && q.expected
        ? `\n(answer in ${q.expected.unit})`
        : ''
  return {
    id: quizCardId(doc.summary.id, q.id),
    source: 'quiz',
    front: `${q.prompt}${options}${hint}`.slice(0, 5000),
    back: `${answerText(q)}${q.explanation && q.explanation !== answerText(q) ? `\n\n${q.explanation}` : ''}`.slice(0, 20_000),
    chapterId: doc.summary.id,
    link: `#/chapters/${doc.summary.id}${q.section ? `/${q.section}` : ''}`
  }
}

function lastRatings(ctx: HandlerContext, chapterId: string): Map<string, number> {
  const prefix = `quiz:${chapterId}:`
  const out = new Map<string, number>()
  for (const r of ctx.store.reviewHistory()) if (r.cardId.startsWith(prefix)) out.set(r.cardId.slice(prefix.length), r.rating)
  return out
}

function quizView(ctx: HandlerContext, doc: ChapterDocument): QuizView[] {
  const ratings = lastRatings(ctx, doc.summary.id)
  const inline = (t: string) => ctx.chapters.inline(doc, t)
  return doc.quiz.map((q) => {
    const view: QuizView = { id: q.id, type: q.type, section: q.section, prompt: inline(q.prompt), lastRating: ratings.get(q.id) ?? null }
    if (q.type === 'mcq') view.options = q.options.map(inline)
    if (q.type === 'ordering')
      view.items = shuffledOrder(q.id, q.items.length).map((truth, shown) => ({ key: String(shown), html: inline(q.items[truth]!) }))
    if (q.type === 'short') {
      view.modelAnswer = inline(q.modelAnswer)
      view.rubric = q.rubric.map(inline)
    }
    if (q.type === 'numeric') {
      view.unit = q.expected?.unit ?? ''
      view.track = q.track
    }
    return view
  })
}

function moduleTitles(ctx: HandlerContext): Map<string, string> {
  try {
    return new Map(listModules(ctx.curriculumRoot).map((m) => [m.id, m.title]))
  } catch {
    return new Map()
  }
}

function highlightViews(ctx: HandlerContext, chapterId?: string): HighlightView[] {
  const titles = new Map(ctx.chapters.list().map((c) => [c.id, c.title]))
  return ctx.store.highlights(chapterId).map((h) => {
    const card = ctx.store.reviewCard(`highlight:${h.highlightId}`)
    return {
      ...h,
      color: h.color as HighlightView['color'],
      chapterTitle: titles.get(h.chapterId) ?? h.chapterId,
      hasCard: card !== null && !card.removed
    }
  })
}

let importing = false

export const chaptersHandlers: DomainHandlers<'chapters'> = {
  'chapters.list': (_input, ctx) => {
    const chapters = ctx.chapters.list().map((c) => ({ ...c, state: chapterState(ctx, c.id) }))
    // Someone is about to read: build the search index now, in chunks, so the first query finds it ready.
    void ctx.chapters.searchIndexAsync().catch(() => {})
    return { chapters }
  },

  'chapters.open': (input, ctx) => {
    const doc = documentOrThrow(ctx, input.id)
    const rendered = ctx.chapters.render(input.id)!
    const titles = moduleTitles(ctx)
    const { previous, next } = ctx.chapters.neighbours(input.id)
    return {
      summary: { ...doc.summary, state: chapterState(ctx, input.id) },
      purpose: doc.meta?.purpose ?? null,
      objectives: doc.meta?.objectives ?? [],
      keyTerms: doc.meta?.keyTerms ?? [],
      sources: doc.meta?.sources ?? [],
      links: {
        modules: (doc.meta?.links.modules ?? []).map((id) => ({ id, title: titles.get(id) ?? id })),
        dashboards: doc.meta?.links.dashboards ?? [],
        drillTopics: doc.meta?.links.drillTopics ?? []
      },
      html: rendered.html,
      sections: doc.parsed.sections,
      liveNumbers: rendered.liveNumbers,
      warnings: [...doc.warnings, ...rendered.missingRefs.map((r) => `cross-reference @${r} points nowhere`)],
      quiz: quizView(ctx, doc),
      previous,
      next
    }
  },

  'chapters.figure': (input, ctx) => {
    const path = ctx.chapters.figurePath(input.key)
    if (!path || !existsSync(path)) throw new AppError('not-found', `No figure ${input.key}.`)
    const mime = IMAGE_TYPES[extname(path).toLowerCase()]
    if (!mime) throw new AppError('not-found', `No figure ${input.key}.`)
    if (statSync(path).size > 8 * 1024 * 1024) throw new AppError('unavailable', `The figure ${input.key} is too large to show.`)
    return { mime, dataUrl: `data:${mime};base64,${readFileSync(path).toString('base64')}` }
  },

  'chapters.search': (input, ctx) => ctx.chapters.searchAsync(input.query, input.limit),

  'chapters.savePosition': (input, ctx) => {
    documentOrThrow(ctx, input.id)
    ctx.store.record('chapter_position', input.id, { position: input.position, percentRead: input.percentRead })
    return { saved: true }
  },

  'chapters.markRead': (input, ctx) => {
    documentOrThrow(ctx, input.id)
    ctx.store.record('chapter_read', input.id, { read: input.read })
    ctx.emit('progressChanged', { domain: 'chapters' })
    return { readAt: chapterState(ctx, input.id).readAt }
  },

  'chapters.addTime': (input, ctx) => {
    documentOrThrow(ctx, input.id)
    ctx.store.record('chapter_time', input.id, { seconds: input.seconds })
    return { secondsSpent: chapterState(ctx, input.id).secondsSpent }
  },

  'chapters.annotations': (input, ctx) => ({
    highlights: highlightViews(ctx, input.id),
    bookmarks: ctx.store.bookmarks(input.id)
  }),

  'chapters.saveHighlight': (input, ctx) => {
    documentOrThrow(ctx, input.id)
    if (input.highlightId) {
      const existing = ctx.store.highlights(input.id).find((h) => h.highlightId === input.highlightId)
      if (!existing) throw new AppError('not-found', `No highlight ${input.highlightId} in ${input.id}.`)
    }
    const highlightId = input.highlightId ?? randomUUID()
    ctx.store.record('highlight_save', input.id, {
      highlightId,
      color: input.color,
      quote: input.quote,
      prefix: input.prefix,
      suffix: input.suffix,
      start: input.start,
      sectionId: input.sectionId,
      note: input.note
    })
    ctx.emit('progressChanged', { domain: 'chapters' })
    return { highlightId }
  },

  'chapters.deleteHighlight': (input, ctx) => {
    if (!ctx.store.highlights(input.id).some((h) => h.highlightId === input.highlightId)) {
      throw new AppError('not-found', `No highlight ${input.highlightId} in ${input.id}.`)
    }
    ctx.store.record('highlight_delete', input.id, { highlightId: input.highlightId })
    ctx.emit('progressChanged', { domain: 'chapters' })
    return { deleted: true }
  },

  'chapters.addBookmark': (input, ctx) => {
    documentOrThrow(ctx, input.id)
    const bookmarkId = randomUUID()
    ctx.store.record('bookmark_add', input.id, { bookmarkId, anchor: input.anchor, label: input.label })
    ctx.emit('progressChanged', { domain: 'chapters' })
    return { bookmarkId }
  },

  'chapters.removeBookmark': (input, ctx) => {
    if (!ctx.store.bookmarks(input.id).some((b) => b.bookmarkId === input.bookmarkId)) {
      throw new AppError('not-found', `No bookmark ${input.bookmarkId} in ${input.id}.`)
    }
    ctx.store.record('bookmark_remove', input.id, { bookmarkId: input.bookmarkId })
    ctx.emit('progressChanged', { domain: 'chapters' })
    return { removed: true }
  },

  'chapters.answer': (input, ctx) => {
    const doc = documentOrThrow(ctx, input.id)
    const q = doc.quiz.find((x) => x.id === input.questionId)
    if (!q) throw new AppError('not-found', `${input.id} has no question ${input.questionId}.`)
    let grade: ReturnType<typeof gradeResponse>
    try {
      grade = gradeResponse(q, input.response)
    } catch (e) {
      throw new AppError('bad-request', (e as Error).message)
    }
    const card = quizCard(doc, q)
    const outcome = rateCard(ctx.store, card.id, grade.rating, card)
    ctx.emit('progressChanged', { domain: 'review' })
    return {
      correct: grade.correct,
      rating: grade.rating,
      feedback: grade.feedback,
      answerHtml: answerText(q)
        .split('\n')
        .map((line) => ctx.chapters.inline(doc, line))
        .join('<br>'),
      explanationHtml: q.explanation ? ctx.chapters.inline(doc, q.explanation) : null,
      due: outcome.due
    }
  },

  'chapters.quizToDeck': (input, ctx) => {
    const doc = documentOrThrow(ctx, input.id)
    let added = 0
    for (const q of doc.quiz) if (!ctx.store.reviewCard(quizCardId(doc.summary.id, q.id)) && addCard(ctx.store, quizCard(doc, q))) added++
    if (added) ctx.emit('progressChanged', { domain: 'review' })
    return { added }
  },

  'chapters.cardFromHighlight': (input, ctx) => {
    const h = ctx.store.highlights(input.id).find((x) => x.highlightId === input.highlightId)
    if (!h) throw new AppError('not-found', `No highlight ${input.highlightId} in ${input.id}.`)
    const squash = (s: string) => s.replace(/\s+/g, ' ').trim()
    const sentence = squash(input.sentence)
    const quote = squash(h.quote)
    const at = sentence.indexOf(quote)
    if (at < 0) throw new AppError('bad-request', 'The sentence does not contain the highlighted words.')
    const cardId = `highlight:${h.highlightId}`
    addCard(ctx.store, {
      id: cardId,
      source: 'highlight',
      front: `${sentence.slice(0, at)}_____${sentence.slice(at + quote.length)}`,
      back: quote,
      chapterId: input.id,
      link: `#/chapters/${input.id}${h.sectionId ? `/${h.sectionId}` : ''}`
    })
    ctx.emit('progressChanged', { domain: 'review' })
    return { cardId }
  },

  'chapters.exportNotebook': (_input, ctx) => {
    const highlights = highlightViews(ctx)
    const lines = [
      '# Notebook',
      '',
      `Exported ${new Date().toISOString().slice(0, 10)} from MLSys Workstation: ${highlights.length} highlights.`,
      ''
    ]
    let chapter = ''
    for (const h of highlights) {
      if (h.chapterId !== chapter) {
        chapter = h.chapterId
        lines.push(`## ${h.chapterTitle}`, '')
      }
      lines.push(...h.quote.split('\n').map((l) => `> ${l}`), '')
      if (h.note.trim()) lines.push(h.note.trim(), '')
      lines.push(`<small>${h.color} · [open](${`#/chapters/${h.chapterId}${h.sectionId ? `/${h.sectionId}` : ''}`})</small>`, '')
    }
    return { fileName: `mlsys-notebook-${new Date().toISOString().slice(0, 10)}.md`, markdown: lines.join('\n') }
  },

  'chapters.continueReading': (_input, ctx) => {
    const last = ctx.store.lastRead()
    if (!last) return null
    const summary = ctx.chapters.list().find((c) => c.id === last.chapterId)
    if (!summary || summary.error) return null
    return { id: last.chapterId, title: summary.title, position: last.position, percentRead: last.percentRead, at: last.at }
  },

  'chapters.importBook': async (input, ctx) => {
    const folder = resolve(input.folder)
    if (!existsSync(folder)) throw new AppError('not-found', `${folder} does not exist. Choose the folder of your clone of the book.`)
    if (importing) throw new AppError('conflict', 'An import is already running; wait for it to finish.')
    importing = true
    const work = ctx.work.begin('Importing the textbook', ctx.signal)
    try {
      const result = await importBook(folder, ctx.chapters.bookDir, {
        onProgress: (done, total) => work.progress(done / total),
        yieldBetween: () => new Promise((r) => setImmediate(r)),
        signal: work.signal
      })
      ctx.chapters.invalidate()
      ctx.emit('progressChanged', { domain: 'chapters' })
      return result
    } catch (e) {
      if (e instanceof ImportError) throw new AppError('bad-request', e.message)
      throw e
    } finally {
      importing = false
      work.end()
    }
  },

  'chapters.importInfo': (_input, ctx) => ({ canPickFolder: Boolean(ctx.pickFolder), lastImport: ctx.chapters.importInfo() }),

  'chapters.pickFolder': async (_input, ctx) => {
    if (!ctx.pickFolder) throw new AppError('unavailable', 'This window has no folder picker: type the folder path instead.')
    return { folder: await ctx.pickFolder() }
  }
}
