import { create } from 'zustand'
import {
  DRILL_LEVELS,
  DRILL_TRACKS,
  type DrillDaily,
  type DrillFeedback,
  type DrillLevel,
  type DrillMockSummary,
  type DrillQuestion,
  type DrillResponse,
  type DrillTrack,
  type ResponseOf
} from '../../../../src-preload/contract'
import { ipc } from '../../ipc/client'

type List = ResponseOf<'drills.list'>
type Progress = ResponseOf<'drills.progress'>
type ImportSummary = ResponseOf<'drills.import'>
export type Mode = 'practice' | 'daily' | 'mock'
export const TRACKS = DRILL_TRACKS
export const LEVELS = DRILL_LEVELS
export type Track = DrillTrack
export type Level = DrillLevel

export interface MockRun {
  mockId: string
  track: Track
  level: Level
  questions: DrillQuestion[]
  warmups: number
  limitSeconds: number
  startedAt: number
  index: number
  answered: Record<string, DrillFeedback>
  summary: DrillMockSummary | null
}

interface DrillsState {
  list: List | null
  progress: Progress | null
  daily: DrillDaily | null
  history: DrillMockSummary[] | null
  /** Practice: the chosen filters and the current question. */
  tracks: Track[]
  levels: Level[]
  question: DrillQuestion | null
  seen: string[]
  mock: MockRun | null
  importing: boolean
  imported: ImportSummary | null
  error: string | null
  busy: boolean

  loadList(): Promise<void>
  loadProgress(): Promise<void>
  loadDaily(day: string): Promise<void>
  finishDaily(): Promise<void>
  loadHistory(): Promise<void>
  setFilter(kind: 'tracks' | 'levels', value: string, on: boolean): void
  nextQuestion(): Promise<void>
  openQuestion(id: string): Promise<void>
  answer(question: DrillQuestion, mode: Mode, response: DrillResponse, seconds: number, session?: string): Promise<DrillFeedback | null>
  startMock(track: Track, level: Level, count: number, minutes: number): Promise<void>
  moveMock(index: number): void
  finishMock(): Promise<void>
  closeMock(): void
  importVault(folder: string): Promise<void>
  loadRubric(id: string): Promise<ResponseOf<'drills.rubric'> | null>
  clearError(): void
}

/** Runs a call, keeping its error message (written for the learner) instead of throwing. */
async function attempt<T>(set: (s: Partial<DrillsState>) => void, run: () => Promise<T>): Promise<T | null> {
  set({ busy: true, error: null })
  try {
    return await run()
  } catch (e) {
    set({ error: (e as Error).message })
    return null
  } finally {
    set({ busy: false })
  }
}

export const useDrills = create<DrillsState>((set, get) => ({
  list: null,
  progress: null,
  daily: null,
  history: null,
  tracks: [],
  levels: [],
  question: null,
  seen: [],
  mock: null,
  importing: false,
  imported: null,
  error: null,
  busy: false,

  loadList: async () => {
    const list = await attempt(set, () => ipc.drills.list({}))
    if (list) set({ list })
  },
  loadProgress: async () => {
    const progress = await attempt(set, () => ipc.drills.progress({}))
    if (progress) set({ progress })
  },
  loadDaily: async (day) => {
    const daily = await attempt(set, () => ipc.drills.daily({ day }))
    if (daily) set({ daily })
  },
  finishDaily: async () => {
    const day = get().daily?.day
    if (!day) return
    const daily = await attempt(set, () => ipc.drills.finishDaily({ day }))
    if (daily) set({ daily })
  },
  loadHistory: async () => {
    const history = await attempt(set, () => ipc.drills.mockHistory({}))
    if (history) set({ history })
  },
  setFilter: (kind, value, on) =>
    set((s) => {
      const current = s[kind] as string[]
      const next = on ? [...new Set([...current, value])] : current.filter((v) => v !== value)
      return { [kind]: next } as Partial<DrillsState>
    }),
  nextQuestion: async () => {
    const { tracks, levels, seen } = get()
    const question = await attempt(set, () => ipc.drills.next({ tracks, levels, exclude: seen.slice(-200) }))
    if (question) set({ question, seen: [...seen, question.templateId] })
  },
  openQuestion: async (id) => {
    const question = await attempt(set, () => ipc.drills.question({ id }))
    if (question) set({ question })
  },
  answer: async (question, mode, response, seconds, session) => {
    const feedback = await attempt(set, () =>
      ipc.drills.answer({
        questionId: question.questionId,
        mode,
        response,
        durationSeconds: Math.min(86400, Math.max(0, seconds)),
        ...(session ? { session } : {})
      })
    )
    if (feedback && mode === 'mock') {
      set((s) => (s.mock ? { mock: { ...s.mock, answered: { ...s.mock.answered, [question.questionId]: feedback } } } : {}))
    }
    if (feedback && mode === 'daily' && get().daily) {
      const daily = get().daily!
      set({
        daily: {
          ...daily,
          answered: [
            ...daily.answered.filter((a) => a.questionId !== question.questionId),
            { questionId: question.questionId, grade: feedback.grade, score: feedback.score }
          ]
        }
      })
    }
    return feedback
  },
  startMock: async (track, level, count, minutes) => {
    const started = await attempt(set, () => ipc.drills.mockStart({ track, level, count, minutes }))
    if (started) set({ mock: { ...started, track, level, startedAt: Date.now(), index: 0, answered: {}, summary: null } })
  },
  moveMock: (index) =>
    set((s) => (s.mock ? { mock: { ...s.mock, index: Math.max(0, Math.min(s.mock.questions.length - 1, index)) } } : {})),
  finishMock: async () => {
    const mock = get().mock
    if (!mock || mock.summary) return
    const summary = await attempt(set, () =>
      ipc.drills.mockFinish({
        mockId: mock.mockId,
        track: mock.track,
        level: mock.level,
        questionIds: mock.questions.map((q) => q.questionId),
        durationSeconds: Math.min(86400, (Date.now() - mock.startedAt) / 1000),
        limitSeconds: mock.limitSeconds
      })
    )
    if (summary) set((s) => (s.mock ? { mock: { ...s.mock, summary } } : {}))
    void get().loadHistory()
  },
  closeMock: () => set({ mock: null }),
  importVault: async (folder) => {
    set({ importing: true, imported: null })
    const imported = await attempt(set, () => ipc.drills.import({ folder }))
    set({ importing: false, imported })
    if (imported) void get().loadList()
  },
  loadRubric: (id) => attempt(set, () => ipc.drills.rubric({ id })),
  clearError: () => set({ error: null })
}))
