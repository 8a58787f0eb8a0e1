import { create } from 'zustand'
import { type GradeResult, type ResponseOf, textFingerprint } from '../../../../src-preload/contract'
import { IpcCallError, ipc } from '../../ipc/client'

type ModuleSummary = ResponseOf<'tinytorch.modules'>[number]
type OpenModule = ResponseOf<'tinytorch.open'>
type Systems = ResponseOf<'tinytorch.systems'>

export type SaveState = 'saved' | 'pending' | 'saving' | 'error' | 'conflict'

/** A file changed in another editor while this one had edits not yet saved: the learner picks which to keep. */
export interface Conflict {
  /** The text now on disk. */
  disk: string
}

/** Where the editor should put its cursor (a compile error's "Go to line"); `nonce` makes a repeat click move it again. */
export interface CursorRequest {
  file: string
  line: number
  column: number
  nonce: number
}

interface TinyTorchState {
  modules: ModuleSummary[] | null
  listError: string | null
  current: OpenModule | null
  /** Why the module did not open; `notFound` when the address names no module. */
  openError: { message: string; notFound: boolean } | null
  /** Learner file texts as edited (the source of truth for the editor). */
  files: Record<string, string>
  activeFile: string | null
  saveState: SaveState
  saveError: string | null
  conflicts: Record<string, Conflict>
  grading: 'run' | 'submit' | null
  result: GradeResult | null
  gradeError: { message: string; mode: 'run' | 'submit' | null } | null
  useReferenceForUnpassed: boolean
  /** Hint texts revealed per task, in ladder order. */
  hints: Record<string, string[]>
  /** Tasks whose next hint is being fetched: the button waits, so levels are asked for strictly in order. */
  hintBusy: Record<string, boolean>
  hintErrors: Record<string, string | null>
  systems: Systems | null
  systemsBusy: boolean
  reference: { name: string; text: string }[] | null
  /** Why the reference is not shown; needsConfirm when only the learner's explicit yes is missing. */
  referenceError: { message: string; needsConfirm: boolean } | null
  cursor: CursorRequest | null

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
  keepMine(file: string): Promise<void>
  takeTheirs(file: string): void
  goTo(file: string, line: number, column: number): void
}

const SAVE_DELAY_MS = 500
let saveTimer: ReturnType<typeof setTimeout> | null = null
/** Files edited since they were last written. */
const dirty = new Set<string>()
/** Fingerprint of each file's text as last read from or written to disk: what a save expects to find there. */
const baseline = new Map<string, string>()
let cursorNonce = 0

function message(e: unknown): string {
  return e instanceof Error ? e.message : String(e)
}

export const useTinyTorch = create<TinyTorchState>((set, get) => {
  /** The text on disk now (main reads it; the renderer has no file access). */
  const diskText = async (moduleId: string, file: string): Promise<string | undefined> =>
    (await ipc.tinytorch.open({ moduleId })).files.find((f) => f.name === file)?.text

  const stateAfterSave = (): SaveState => (Object.keys(get().conflicts).length ? 'conflict' : dirty.size ? 'pending' : 'saved')

  const conflict = (file: string, disk: string) => {
    dirty.delete(file)
    set((s) => ({ conflicts: { ...s.conflicts, [file]: { disk } }, saveState: 'conflict' }))
  }

  return {
    modules: null,
    listError: null,
    current: null,
    openError: null,
    files: {},
    activeFile: null,
    saveState: 'saved',
    saveError: null,
    conflicts: {},
    grading: null,
    result: null,
    gradeError: null,
    useReferenceForUnpassed: false,
    hints: {},
    hintBusy: {},
    hintErrors: {},
    systems: null,
    systemsBusy: false,
    reference: null,
    referenceError: null,
    cursor: null,

    loadModules: async () => {
      try {
        set({ modules: await ipc.tinytorch.modules(), listError: null })
      } catch (e) {
        set({ listError: message(e) })
      }
    },

    open: async (moduleId) => {
      await get().flush()
      set({
        current: null,
        openError: null,
        result: null,
        gradeError: null,
        hints: {},
        hintBusy: {},
        hintErrors: {},
        systems: null,
        reference: null,
        referenceError: null,
        conflicts: {},
        cursor: null
      })
      try {
        const current = await ipc.tinytorch.open({ moduleId })
        dirty.clear()
        baseline.clear()
        for (const f of current.files) baseline.set(f.name, textFingerprint(f.text))
        set({
          current,
          files: Object.fromEntries(current.files.map((f) => [f.name, f.text])),
          activeFile: current.files[0]?.name ?? null,
          saveState: 'saved',
          saveError: null
        })
      } catch (e) {
        // An address that names no module (or not a module id at all) gets a page, not an error strip.
        const notFound = e instanceof IpcCallError && (e.error.code === 'not-found' || e.error.code === 'bad-request')
        set({ openError: { message: message(e), notFound } })
      }
    },

    edit: (file, text) => {
      if (get().files[file] === text) return
      set((s) => ({ files: { ...s.files, [file]: text }, saveState: s.conflicts[file] ? 'conflict' : 'pending' }))
      // While a file is in conflict nothing is saved on its own: the learner decides first.
      if (get().conflicts[file]) return
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
          const text = get().files[file] ?? ''
          try {
            await ipc.tinytorch.save({ moduleId: current.moduleId, file, text, expected: baseline.get(file) })
            baseline.set(file, textFingerprint(text))
          } catch (e) {
            if (!(e instanceof IpcCallError && e.error.code === 'conflict')) {
              dirty.add(file)
              throw e
            }
            const disk = await diskText(current.moduleId, file)
            conflict(file, disk ?? '')
          }
        }
        set({ saveError: null, saveState: stateAfterSave() })
      } catch (e) {
        set({ saveState: 'error', saveError: `Not saved: ${message(e)}. Your text is still in the editor.` })
      }
    },

    setActiveFile: (file) => set({ activeFile: file }),
    setUseReference: (value) => set({ useReferenceForUnpassed: value }),

    grade: async (mode) => {
      const { current, grading } = get()
      if (!current || grading) return
      await get().flush()
      // Grading reads the files on disk: it runs only when they are what the editor shows.
      const inConflict = Object.keys(get().conflicts)
      if (inConflict.length) {
        set({
          gradeError: {
            message: `Not run: ${inConflict.join(', ')} changed in another editor; choose which version to keep first.`,
            mode: null
          }
        })
        return
      }
      if (get().saveState === 'error') {
        set({ gradeError: { message: `Not run: your latest edits are not saved. ${get().saveError ?? ''}`.trim(), mode: null } })
        return
      }
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
        set({ gradeError: { message: message(e), mode } })
      } finally {
        set({ grading: null })
      }
    },

    nextHint: async (task) => {
      const { current, hints, hintBusy } = get()
      if (!current || hintBusy[task]) return
      const level = hints[task]?.length ?? 0
      if (level >= (current.hintCounts[task] ?? 0)) return
      set((s) => ({ hintBusy: { ...s.hintBusy, [task]: true }, hintErrors: { ...s.hintErrors, [task]: null } }))
      try {
        const hint = await ipc.tinytorch.hint({ moduleId: current.moduleId, task, level })
        // Shown only as the next rung of the ladder, and only for the module still open.
        set((s) =>
          s.current?.moduleId === current.moduleId && hint.level === (s.hints[task]?.length ?? 0)
            ? { hints: { ...s.hints, [task]: [...(s.hints[task] ?? []), hint.text] } }
            : s
        )
      } catch (e) {
        set((s) => ({ hintErrors: { ...s.hintErrors, [task]: message(e) } }))
      } finally {
        set((s) => ({ hintBusy: { ...s.hintBusy, [task]: false } }))
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
        set({ systems: { status: 'error', rows: [], note: null, message: message(e), usedReference: [] } })
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
        set({ referenceError: { message: message(e), needsConfirm } })
      }
    },

    /**
     * A file changed on disk in another editor. Without edits pending here, the editor takes the new text;
     * with edits pending, neither side is thrown away: the learner is asked.
     */
    externalChange: async (moduleId, file) => {
      const { current } = get()
      if (!current || current.moduleId !== moduleId || !current.files.some((f) => f.name === file)) return
      const disk = await diskText(moduleId, file)
      if (disk === undefined) return
      const fingerprint = textFingerprint(disk)
      if (fingerprint === baseline.get(file)) return
      if (get().files[file] === disk) {
        baseline.set(file, fingerprint)
        return
      }
      if (dirty.has(file) || get().conflicts[file]) {
        conflict(file, disk)
        return
      }
      baseline.set(file, fingerprint)
      set((s) => ({ files: { ...s.files, [file]: disk } }))
    },

    /** Keep the editor's text: write it over the other editor's version, knowingly. */
    keepMine: async (file) => {
      const { current, conflicts } = get()
      const c = conflicts[file]
      if (!current || !c) return
      const text = get().files[file] ?? ''
      try {
        await ipc.tinytorch.save({ moduleId: current.moduleId, file, text, expected: textFingerprint(c.disk) })
        baseline.set(file, textFingerprint(text))
        set((s) => {
          const { [file]: _, ...rest } = s.conflicts
          return { conflicts: rest, saveError: null }
        })
        set({ saveState: stateAfterSave() })
      } catch (e) {
        if (e instanceof IpcCallError && e.error.code === 'conflict') {
          // It changed again in the meantime: show the newest version and ask again.
          conflict(file, (await diskText(current.moduleId, file)) ?? '')
          return
        }
        set({ saveState: 'error', saveError: `Not saved: ${message(e)}. Your text is still in the editor.` })
      }
    },

    /** Take the other editor's version: the edits made here are dropped. */
    takeTheirs: (file) => {
      const c = get().conflicts[file]
      if (!c) return
      dirty.delete(file)
      baseline.set(file, textFingerprint(c.disk))
      set((s) => {
        const { [file]: _, ...rest } = s.conflicts
        return { conflicts: rest, files: { ...s.files, [file]: c.disk } }
      })
      set({ saveState: stateAfterSave() })
    },

    goTo: (file, line, column) => set({ activeFile: file, cursor: { file, line, column, nonce: ++cursorNonce } })
  }
})
