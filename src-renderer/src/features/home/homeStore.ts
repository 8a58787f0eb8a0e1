import { create } from 'zustand'
import type { ResponseOf } from '../../../../src-preload/contract'
import { ipc } from '../../ipc/client'

interface HomeState {
  resume: ResponseOf<'progress.resume'> | undefined
  info: ResponseOf<'app.info'> | null
  error: string | null
  load(): Promise<void>
}

export const useHome = create<HomeState>((set) => ({
  resume: undefined,
  info: null,
  error: null,
  load: async () => {
    try {
      const [resume, info] = await Promise.all([ipc.progress.resume(), ipc.app.info()])
      set({ resume, info, error: null })
    } catch (e) {
      set({ error: (e as Error).message })
    }
  }
}))
