import { create } from 'zustand'
import type { GradeResult, ResponseOf } from '../../../../src-preload/contract'
import { IpcCallError, ipc } from '../../ipc/client'

type ModuleSummary = ResponseOf<'tinytorch.modules'>[number]
type OpenModule = ResponseOf<'tinytorch.open'>
type Systems = ResponseOf<'tinytorch.systems'>

export type SaveState = 'saved' | 'pending' | 'saving' | 'error'

interface TinyTorchState {
  modules: ModuleSummary[] | null
  listError: string | null
  current: OpenModule | null
  openError: string | null
  /** Learner file texts as edited (the source of truth for the editor). */
  files: Record<string, string>
  activeFile: string | null
  saveState: SaveState
  saveError: string | null
  grading: 'run' | 'submit' | null
  result: GradeResult | null
  gradeError: string | null
  useReferenceForUnpassed: boolean
  /** Hint texts revealed per task, in ladder order. */
  hints: Record<string, string[]>
  systems: Systems | null
  systemsBusy: boolean
  reference: { name: string; text: string }[] | null
  /** Why the reference is not shown; needsConfirm when only the learner's explicit yes is missing. */
  referenceError: { message: string; needsConfirm: boolean } | null

  loadModules(): Promise<void>
  open(moduleId: string): Promise<void>
  edit(file: string, text: string): void
  flush(): Promise<void>
  setActiveFile(file: string): void
  setUseReference(value: boolean): void
  grade(mode: 'run' | 'submit'): Promise<void>
  nextHint(task: string): Promise<void>
  measure(): Promise<void>
  showReference(confirm: boolean): Promise<void>
  externalChange(moduleId: string, file: string): Promise<void>
}

const SAVE_DELAY_MS = 500
let saveTimer: ReturnType<typeof setTimeout> | null = null
const dirty = new Set<string>()

export const useTinyTorch = create<TinyTorchState>((set, get) => ({
  modules: null,
  listError: null,
  current: null,
  openError: null,
  files: {},
  activeFile: null,
  saveState: 'saved',
  saveError: null,
  grading: null,
  result: null,
  gradeError: null,
  useReferenceForUnpassed: false,
  hints: {},
  systems: null,
  systemsBusy: false,
  reference: null,
  referenceError: null,

  loadModules: async () => {
    try {
      set({ modules: await ipc.tinytorch.modules(), listError: null })
    } catch (e) {
      set({ listError: (e as Error).message })
    }
  },

  open: async (moduleId) => {
    await get().flush()
    set({ current: null, openError: null, result: null, gradeError: null, hints: {}, systems: null, reference: null, referenceError: null })
    try {
      const current = await ipc.tinytorch.open({ moduleId })
      set({
        current,
        files: Object.fromEntries(current.files.map((f) => [f.name, f.text])),
        activeFile: current.files[0]?.name ?? null,
        saveState: 'saved'
      })
    } catch (e) {
      set({ openError: (e as Error).message })
    }
  },

  edit: (file, text) => {
    set((s) => ({ files: { ...s.files, [file]: text }, saveState: 'pending' }))
    dirty.add(file)
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = setTimeout(() => void get().flush(), SAVE_DELAY_MS)
  },

  /** Writes every edited file now; called before grading and before leaving a module. */
  flush: async () => {
    if (saveTimer) clearTimeout(saveTimer)
    saveTimer = null
    const { current } = get()
    if (!current || dirty.size === 0) return
    set({ saveState: 'saving' })
    try {
      for (const file of [...dirty]) {
        dirty.delete(file)
        await ipc.tinytorch.save({ moduleId: current.moduleId, file, text: get().files[file] ?? '' })
      }
      set({ saveState: dirty.size ? 'pending' : 'saved', saveError: null })
    } catch (e) {
      set({ saveState: 'error', saveError: `Not saved: ${(e as Error).message}. Your text is still in the editor.` })
    }
  },

  setActiveFile: (file) => set({ activeFile: file }),
  setUseReference: (value) => set({ useReferenceForUnpassed: value }),

  grade: async (mode) => {
    const { current, grading } = get()
    if (!current || grading) return
    await get().flush()
    set({ grading: mode, gradeError: null })
    try {
      const result = await ipc.tinytorch.grade({
        moduleId: current.moduleId,
        mode,
        referenceForUnpassed: get().useReferenceForUnpassed
      })
      set({ result })
      void get().loadModules()
    } catch (e) {
      set({ gradeError: (e as Error).message })
    } finally {
      set({ grading: null })
    }
  },

  nextHint: async (task) => {
    const { current, hints } = get()
    if (!current) return
    const level = hints[task]?.length ?? 0
    const levels = current.hintCounts[task] ?? 0
    if (level >= levels) return
    try {
      const hint = await ipc.tinytorch.hint({ moduleId: current.moduleId, task, level })
      set((s) => ({ hints: { ...s.hints, [task]: [...(s.hints[task] ?? []), hint.text] } }))
    } catch (e) {
      set({ gradeError: (e as Error).message })
    }
  },

  measure: async () => {
    const { current } = get()
    if (!current) return
    await get().flush()
    set({ systemsBusy: true })
    try {
      set({ systems: await ipc.tinytorch.systems({ moduleId: current.moduleId, referenceForUnpassed: get().useReferenceForUnpassed }) })
    } catch (e) {
      set({ systems: { status: 'error', rows: [], note: null, message: (e as Error).message, usedReference: [] } })
    } finally {
      set({ systemsBusy: false })
    }
  },

  showReference: async (confirm) => {
    const { current } = get()
    if (!current) return
    try {
      const { files } = await ipc.tinytorch.reference({ moduleId: current.moduleId, confirm })
      set({ reference: files, referenceError: null })
    } catch (e) {
      const needsConfirm = e instanceof IpcCallError && e.error.code === 'conflict'
      set({ referenceError: { message: (e as Error).message, needsConfirm } })
    }
  },

  /** A file changed on disk in another editor: take it, unless the learner has unsaved edits to it. */
  externalChange: async (moduleId, file) => {
    const { current } = get()
    if (!current || current.moduleId !== moduleId || dirty.has(file)) return
    const fresh = await ipc.tinytorch.open({ moduleId })
    const text = fresh.files.find((f) => f.name === file)?.text
    if (text !== undefined && text !== get().files[file]) set((s) => ({ files: { ...s.files, [file]: text } }))
  }
}))
