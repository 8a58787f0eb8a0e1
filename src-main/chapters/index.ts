// Chapters: the Quarto-flavoured Markdown parser, live numbers, quizzes, search, the chapter library and book import.
export { parseAttrs, splitTrailingAttrs, type Attrs } from './attrs'
export { parseBib, authorShort, fullReference, type BibEntry } from './bib'
export { importBook, findVolumes, ImportError, type ImportResult, type ImportOptions } from './book'
export { resolveImagePath, readText, IMAGE_TYPES } from './files'
export { ChapterLibrary, ChapterUnavailable, type ChapterSummary, type ChapterDocument, type LibraryOptions } from './library'
export {
  parseShortcode,
  evaluateLive,
  dashboardLink,
  linkHref,
  simLiveEngine,
  DASHBOARD_PARAMS,
  type LiveEngine,
  type LiveResult
} from './live'
export { gradeNumeric, type NumericGrade } from './numeric'
export { renderRaw, MAX_SOURCE_CHARS, type ParsedChapter, type SectionInfo, type Label } from './quarto'
export {
  gradeResponse,
  answerText,
  bookQuiz,
  notesQuiz,
  orderedItems,
  shuffledOrder,
  type QuizQuestion,
  type QuizResponse,
  type QuizGrade
} from './quiz'
export { parseChapter, finishChapter, renderInlineText, renderMath, xrefText, chapterHref } from './render'
export { sanitizeChapterHtml } from './sanitize'
export { chapterJsonSchema, quizJsonSchema, MODULE_IDS, DASHBOARD_IDS, DRILL_TOPICS, TRACKS, type Track } from './schema'
export { SearchIndex, makeSnippet, type SearchDoc, type SearchHit } from './search'
export { formatLive, significant, LIVE_UNITS, type LiveUnit } from './units'
