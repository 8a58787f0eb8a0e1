import { create } from 'zustand'
import type { DeckStatsView, ReviewCardView } from '../../../../src-preload/contract'
import { ipc } from '../../ipc/client'

interface ReviewState {
  stats: DeckStatsView | null
  error: string | null
  queue: ReviewCardView[]
  index: number
  revealed: boolean
  inSession: boolean
  reviewed: number
  lastUndone: string | null
  /** A rating or undo is on its way to main: keys are ignored until it lands (no double ratings). */
  busy: boolean
  loadStats(): Promise<void>
  start(): Promise<void>
  reveal(): void
  rate(rating: 1 | 2 | 3 | 4): Promise<void>
  undo(): Promise<void>
  end(): void
}

export const useReview = create<ReviewState>((set, get) => ({
  stats: null,
  error: null,
  queue: [],
  index: 0,
  revealed: false,
  inSession: false,
  reviewed: 0,
  lastUndone: null,
  busy: false,
  loadStats: async () => {
    try {
      set({ stats: await ipc.review.stats(), error: null })
    } catch (e) {
      set({ error: (e as Error).message })
    }
  },
  start: async () => {
    try {
      const queue = await ipc.review.due({ limit: 200 })
      set({ queue, index: 0, revealed: false, inSession: true, reviewed: 0, error: null, lastUndone: null })
    } catch (e) {
      set({ error: (e as Error).message })
    }
  },
  reveal: () => {
    if (!get().busy) set({ revealed: true })
  },
  rate: async (rating) => {
    const { queue, index, busy } = get()
    const card = queue[index]
    if (!card || !get().revealed || busy) return
    set({ busy: true })
    try {
      await ipc.review.rate({ cardId: card.cardId, rating })
      const reviewed = get().reviewed + 1
      if (index + 1 < queue.length) {
        set({ index: index + 1, revealed: false, reviewed, lastUndone: null })
      } else {
        // The end of the queue: what is due again now (a missed card comes back after its step).
        const again = (await ipc.review.due({ limit: 200 })).filter(
          (c) => Date.parse(c.due) <= Date.now() + 20 * 60_000 && c.state !== 'new'
        )
        set({ queue: again, index: 0, revealed: false, reviewed, lastUndone: null, inSession: again.length > 0 })
      }
      void get().loadStats()
    } catch (e) {
      set({ error: (e as Error).message })
    } finally {
      set({ busy: false })
    }
  },
  undo: async () => {
    if (get().busy) return
    set({ busy: true })
    try {
      const r = await ipc.review.undo()
      if (!r) return
      const fresh = await ipc.review.due({ limit: 200 })
      const card = fresh.find((c) => c.cardId === r.cardId)
      const { queue, index } = get()
      const rest = queue.slice(index).filter((c) => c.cardId !== r.cardId)
      set({
        queue: card ? [card, ...rest] : rest,
        index: 0,
        revealed: false,
        inSession: true,
        reviewed: Math.max(0, get().reviewed - 1),
        lastUndone: `Took back “${r.rating}”.`
      })
      void get().loadStats()
    } catch (e) {
      set({ error: (e as Error).message })
    } finally {
      set({ busy: false })
    }
  },
  end: () => set({ inSession: false, queue: [], index: 0, revealed: false })
}))
