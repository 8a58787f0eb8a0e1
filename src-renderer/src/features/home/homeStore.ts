import { create } from 'zustand'
import type { ResponseOf } from '../../../../src-preload/contract'
import { ipc } from '../../ipc/client'

interface HomeState {
  resume: ResponseOf<'progress.resume'> | undefined
  reading: ResponseOf<'chapters.continueReading'> | undefined
  dueToday: number | null
  info: ResponseOf<'app.info'> | null
  error: string | null
  load(): Promise<void>
}

export const useHome = create<HomeState>((set) => ({
  resume: undefined,
  reading: undefined,
  dueToday: null,
  info: null,
  error: null,
  load: async () => {
    try {
      const [resume, info, reading, stats] = await Promise.all([
        ipc.progress.resume(),
        ipc.app.info(),
        ipc.chapters.continueReading().catch(() => null),
        ipc.review.stats().catch(() => null)
      ])
      set({ resume, info, reading, dueToday: stats?.dueToday ?? null, error: null })
    } catch (e) {
      set({ error: (e as Error).message })
    }
  }
}))
