import { create } from 'zustand'
import type { BookmarkView, ChapterSummaryView, HighlightView, ResponseOf, SearchHitView } from '../../../../src-preload/contract'
import { ipc } from '../../ipc/client'

export type OpenChapter = ResponseOf<'chapters.open'>
export type HighlightColor = HighlightView['color']
export const COLORS: HighlightColor[] = ['yellow', 'green', 'blue', 'pink', 'purple']

interface ChaptersState {
  list: ChapterSummaryView[] | null
  listError: string | null
  chapter: OpenChapter | null
  chapterError: string | null
  loadingId: string | null
  highlights: HighlightView[]
  bookmarks: BookmarkView[]
  searchQuery: string
  searchHits: SearchHitView[]
  searchError: string | null
  /** Last highlight colour used (the `h` key uses it). */
  color: HighlightColor
  message: string | null
  loadList(): Promise<void>
  open(id: string): Promise<void>
  loadAnnotations(id: string): Promise<void>
  search(query: string): Promise<void>
  setColor(c: HighlightColor): void
  say(message: string | null): void
}

let searchSeq = 0

export const useChapters = create<ChaptersState>((set, get) => ({
  list: null,
  listError: null,
  chapter: null,
  chapterError: null,
  loadingId: null,
  highlights: [],
  bookmarks: [],
  searchQuery: '',
  searchHits: [],
  searchError: null,
  color: 'yellow',
  message: null,
  loadList: async () => {
    try {
      const r = await ipc.chapters.list()
      set({ list: r.chapters, listError: null })
    } catch (e) {
      set({ listError: (e as Error).message })
    }
  },
  open: async (id) => {
    if (get().chapter?.summary.id === id || get().loadingId === id) return
    set({ loadingId: id, chapterError: null })
    try {
      const [chapter, ann] = await Promise.all([ipc.chapters.open({ id }), ipc.chapters.annotations({ id })])
      if (get().loadingId !== id) return
      set({ chapter, highlights: ann.highlights, bookmarks: ann.bookmarks, loadingId: null })
    } catch (e) {
      if (get().loadingId === id) set({ chapterError: (e as Error).message, chapter: null, loadingId: null })
    }
  },
  loadAnnotations: async (id) => {
    try {
      const ann = await ipc.chapters.annotations({ id })
      if (get().chapter?.summary.id === id) set({ highlights: ann.highlights, bookmarks: ann.bookmarks })
    } catch (e) {
      set({ message: `Could not read your highlights: ${(e as Error).message}` })
    }
  },
  search: async (query) => {
    const seq = ++searchSeq
    set({ searchQuery: query })
    if (!query.trim()) {
      set({ searchHits: [], searchError: null })
      return
    }
    try {
      const hits = await ipc.chapters.search({ query, limit: 12 })
      // Typing fast: only the answer to the latest query is shown.
      if (seq === searchSeq) set({ searchHits: hits, searchError: null })
    } catch (e) {
      if (seq === searchSeq) set({ searchError: (e as Error).message })
    }
  },
  setColor: (color) => set({ color }),
  say: (message) => set({ message })
}))

/** Figures are fetched once per key and kept for the session. */
const figureCache = new Map<string, Promise<string>>()
export function figureUrl(key: string): Promise<string> {
  let p = figureCache.get(key)
  if (!p) {
    p = ipc.chapters.figure({ key }).then((r) => r.dataUrl)
    p.catch(() => figureCache.delete(key))
    figureCache.set(key, p)
  }
  return p
}

/** `vol1/01-x/sec-y` → chapter id and anchor (chapter ids are two segments). */
export function splitSubject(subject: string | null): { id: string | null; anchor: string | null } {
  if (!subject) return { id: null, anchor: null }
  const parts = subject.split('/')
  if (parts.length < 2) return { id: subject, anchor: null }
  return { id: parts.slice(0, 2).join('/'), anchor: parts.slice(2).join('/') || null }
}

export function formatMinutes(seconds: number): string {
  if (seconds < 60) return seconds > 0 ? '< 1 min' : '0 min'
  const m = Math.round(seconds / 60)
  return m < 60 ? `${m} min` : `${Math.floor(m / 60)} h ${m % 60} min`
}
