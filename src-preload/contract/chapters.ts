/** Chapters: study notes and imported textbook chapters, reading state, highlights, bookmarks, quizzes, search, import. */
import { z } from 'zod'
import { empty, isoTime } from './common'

const chapterId = z
  .string()
  .min(1)
  .max(200)
  .regex(/^(vol[12]\/\d\d-[a-z0-9-]+|book\/[A-Za-z0-9_.-]+)$/, 'a chapter id looks like vol1/01-introduction or book/introduction')
const text = (max: number) => z.string().max(max)

export const highlightColorSchema = z.enum(['yellow', 'green', 'blue', 'pink', 'purple'])

export const chapterSummarySchema = z.object({
  id: z.string(),
  volume: z.union([z.literal(1), z.literal(2)]),
  number: z.number().nullable(),
  title: z.string(),
  source: z.enum(['notes', 'imported']),
  sections: z.number().int(),
  words: z.number().int(),
  quizQuestions: z.number().int(),
  error: z.string().nullable(),
  state: z.object({
    position: z.string(),
    percentRead: z.number(),
    readAt: isoTime.nullable(),
    secondsSpent: z.number()
  })
})
export type ChapterSummaryView = z.infer<typeof chapterSummarySchema>

const quizViewSchema = z.object({
  id: z.string(),
  type: z.enum(['mcq', 'tf', 'ordering', 'short', 'fill', 'numeric']),
  section: z.string().nullable(),
  prompt: z.string(),
  /** mcq: the options as HTML. */
  options: z.array(z.string()).optional(),
  /** ordering: the items shuffled, each with the key to answer with. */
  items: z.array(z.object({ key: z.string(), html: z.string() })).optional(),
  /** short: the model answer and rubric, shown when the learner asks to compare. */
  modelAnswer: z.string().optional(),
  rubric: z.array(z.string()).optional(),
  /** numeric: the unit the answer is expected in, and the tolerance track. */
  unit: z.string().optional(),
  track: z.string().optional(),
  /** The last rating given to this question's review card, if any (1 Again … 4 Easy). */
  lastRating: z.number().nullable()
})
export type QuizView = z.infer<typeof quizViewSchema>

export const quizResponseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('mcq'), choice: z.number().int().min(0).max(20) }).strict(),
  z.object({ type: z.literal('tf'), value: z.boolean() }).strict(),
  z.object({ type: z.literal('ordering'), order: z.array(z.string().max(10)).max(50) }).strict(),
  z.object({ type: z.literal('short'), selfRating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]) }).strict(),
  z
    .object({
      type: z.literal('fill'),
      text: text(500),
      selfRating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]).optional()
    })
    .strict(),
  z.object({ type: z.literal('numeric'), text: text(200) }).strict()
])

export const highlightSchema = z.object({
  highlightId: z.string(),
  chapterId: z.string(),
  chapterTitle: z.string(),
  color: highlightColorSchema,
  quote: z.string(),
  prefix: z.string(),
  suffix: z.string(),
  start: z.number(),
  sectionId: z.string(),
  note: z.string(),
  createdAt: isoTime,
  updatedAt: isoTime,
  /** Whether a review card was made from it. */
  hasCard: z.boolean()
})
export type HighlightView = z.infer<typeof highlightSchema>

export const bookmarkSchema = z.object({
  bookmarkId: z.string(),
  chapterId: z.string(),
  anchor: z.string(),
  label: z.string(),
  createdAt: isoTime
})
export type BookmarkView = z.infer<typeof bookmarkSchema>

export const searchHitSchema = z.object({
  chapterId: z.string(),
  sectionId: z.string(),
  chapterTitle: z.string(),
  title: z.string(),
  kind: z.enum(['chapter', 'lesson']),
  snippet: z.string(),
  highlights: z.array(z.tuple([z.number(), z.number()])),
  score: z.number()
})
export type SearchHitView = z.infer<typeof searchHitSchema>

export const importResultSchema = z.object({
  chapters: z.number().int(),
  sections: z.number().int(),
  quizQuestions: z.number().int(),
  figures: z.number().int(),
  warnings: z.array(z.string())
})

export const chaptersChannels = {
  /** Every chapter with its reading state; a chapter whose files do not validate carries its error. */
  list: { request: empty, response: z.object({ chapters: z.array(chapterSummarySchema) }) },
  /** One chapter as the reader shows it: sanitised HTML with live numbers evaluated now, outline, quiz (answers left out). */
  open: {
    request: z.object({ id: chapterId }).strict(),
    response: z.object({
      summary: chapterSummarySchema,
      purpose: z.string().nullable(),
      objectives: z.array(z.string()),
      keyTerms: z.array(z.object({ term: z.string(), definition: z.string() })),
      sources: z.array(z.string()),
      links: z.object({
        modules: z.array(z.object({ id: z.string(), title: z.string() })),
        dashboards: z.array(z.string()),
        drillTopics: z.array(z.string())
      }),
      html: z.string(),
      sections: z.array(z.object({ id: z.string(), title: z.string(), level: z.number(), number: z.string().nullable() })),
      liveNumbers: z.object({ ok: z.number(), failed: z.array(z.object({ source: z.string(), error: z.string() })) }),
      warnings: z.array(z.string()),
      quiz: z.array(quizViewSchema),
      previous: z.string().nullable(),
      next: z.string().nullable()
    })
  },
  /** A figure a chapter references, as a data: URL (only figures the chapter's parser registered). */
  figure: {
    request: z.object({ key: z.string().min(1).max(500) }).strict(),
    response: z.object({ mime: z.string(), dataUrl: z.string() })
  },
  search: {
    request: z.object({ query: text(200), limit: z.number().int().min(1).max(50).default(20) }).strict(),
    response: z.array(searchHitSchema)
  },
  /** `position` is `<sectionId>@<fraction of that section scrolled>`. */
  savePosition: {
    request: z.object({ id: chapterId, position: text(300), percentRead: z.number().min(0).max(100) }).strict(),
    response: z.object({ saved: z.boolean() })
  },
  markRead: { request: z.object({ id: chapterId, read: z.boolean() }).strict(), response: z.object({ readAt: isoTime.nullable() }) },
  addTime: {
    request: z.object({ id: chapterId, seconds: z.number().min(1).max(3600) }).strict(),
    response: z.object({ secondsSpent: z.number() })
  },
  /** Highlights and bookmarks of one chapter, or of every chapter (the notebook) when no id is given. */
  annotations: {
    request: z.object({ id: chapterId.optional() }).strict(),
    response: z.object({ highlights: z.array(highlightSchema), bookmarks: z.array(bookmarkSchema) })
  },
  saveHighlight: {
    request: z
      .object({
        id: chapterId,
        highlightId: z.string().min(1).max(100).optional(),
        color: highlightColorSchema,
        quote: z.string().min(1).max(5000),
        prefix: text(200),
        suffix: text(200),
        start: z.number().int().min(0),
        sectionId: text(200),
        note: text(20_000)
      })
      .strict(),
    response: z.object({ highlightId: z.string() })
  },
  deleteHighlight: {
    request: z.object({ id: chapterId, highlightId: z.string().min(1).max(100) }).strict(),
    response: z.object({ deleted: z.boolean() })
  },
  addBookmark: {
    request: z.object({ id: chapterId, anchor: text(300), label: z.string().trim().min(1).max(300) }).strict(),
    response: z.object({ bookmarkId: z.string() })
  },
  removeBookmark: {
    request: z.object({ id: chapterId, bookmarkId: z.string().min(1).max(100) }).strict(),
    response: z.object({ removed: z.boolean() })
  },
  /** Grades an answer, records it as a review of the question's card (a miss comes back soon), returns the feedback. */
  answer: {
    request: z.object({ id: chapterId, questionId: z.string().min(1).max(50), response: quizResponseSchema }).strict(),
    response: z.object({
      correct: z.boolean().nullable(),
      rating: z.number().int(),
      feedback: z.string(),
      answerHtml: z.string(),
      explanationHtml: z.string().nullable(),
      due: isoTime
    })
  },
  /** Puts every question of a chapter's quiz in the review deck as new cards. */
  quizToDeck: { request: z.object({ id: chapterId }).strict(), response: z.object({ added: z.number().int() }) },
  /** "Make a card": a cloze of the sentence around a highlight (the highlighted words blanked). */
  cardFromHighlight: {
    request: z.object({ id: chapterId, highlightId: z.string().min(1).max(100), sentence: z.string().min(1).max(3000) }).strict(),
    response: z.object({ cardId: z.string() })
  },
  /** Every highlight and note as one Markdown document. */
  exportNotebook: { request: empty, response: z.object({ fileName: z.string(), markdown: z.string() }) },
  /** The chapter read last, for Continue reading on Home. */
  continueReading: {
    request: empty,
    response: z.object({ id: z.string(), title: z.string(), position: z.string(), percentRead: z.number(), at: isoTime }).nullable()
  },
  /** Imports the textbook from a local clone (long: progress on workProgress). */
  importBook: { request: z.object({ folder: z.string().trim().min(1).max(4096) }).strict(), response: importResultSchema },
  /** Whether this host can show a native folder picker (Electron only), and the last import. */
  importInfo: {
    request: empty,
    response: z.object({
      canPickFolder: z.boolean(),
      lastImport: z.object({ source: z.string(), at: isoTime, chapters: z.number() }).nullable()
    })
  },
  pickFolder: { request: empty, response: z.object({ folder: z.string().nullable() }) }
}
