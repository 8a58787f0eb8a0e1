import { create } from 'zustand'
import type { ActivityView, ResponseOf } from '../../../../src-preload/contract'
import { ipc } from '../../ipc/client'

type Summary = ResponseOf<'progress.summary'>

interface ProgressState {
  summary: Summary | null
  recent: ActivityView[]
  error: string | null
  /** Repeats exactly the call that failed (an export, an import, a backup or loading the page). */
  retry: (() => Promise<void>) | null
  message: string | null
  busy: boolean
  load(): Promise<void>
  exportToFile(): Promise<void>
  importFromText(text: string): Promise<void>
  backup(): Promise<void>
}

export const useProgress = create<ProgressState>((set, get) => {
  const attempt = async (work: () => Promise<string | null>, again: () => Promise<void>) => {
    set({ busy: true, error: null, retry: null, message: null })
    try {
      const message = await work()
      set({ message })
    } catch (e) {
      set({ error: (e as Error).message, retry: again })
    } finally {
      set({ busy: false })
    }
  }
  const state: ProgressState = {
    summary: null,
    recent: [],
    error: null,
    retry: null,
    message: null,
    busy: false,
    load: async () => {
      try {
        const [summary, recent] = await Promise.all([ipc.progress.summary(), ipc.progress.recent({ limit: 50 })])
        set({ summary, recent, error: null, retry: null })
      } catch (e) {
        set({ error: `Could not read your progress: ${(e as Error).message}`, retry: () => get().load() })
      }
    },
    exportToFile: () =>
      attempt(
        async () => {
          const { fileName, json } = await ipc.progress.export()
          const url = URL.createObjectURL(new Blob([json], { type: 'application/json' }))
          const a = document.createElement('a')
          a.href = url
          a.download = fileName
          a.click()
          setTimeout(() => URL.revokeObjectURL(url), 10_000)
          return `Saved ${fileName}`
        },
        () => get().exportToFile()
      ),
    importFromText: (text) =>
      attempt(
        async () => {
          const { added, skipped, rejected, problems } = await ipc.progress.import({ json: text })
          await get().load()
          const refused = rejected
            ? ` ${rejected} entr${rejected === 1 ? 'y was' : 'ies were'} not valid and left out (${problems.slice(0, 3).join('; ')}${rejected > 3 ? '; …' : ''}).`
            : ''
          return `Imported ${added} entr${added === 1 ? 'y' : 'ies'}${skipped ? `; ${skipped} were already here` : ''}.${refused}`
        },
        () => get().importFromText(text)
      ),
    backup: () =>
      attempt(
        async () => {
          const { path } = await ipc.progress.backup()
          return `Backup written to ${path}`
        },
        () => get().backup()
      )
  }
  return state
})
