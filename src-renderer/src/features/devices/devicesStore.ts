import { create } from 'zustand'
import type {
  BoardProfileView,
  EvaluationView,
  FitView,
  MonitorStatusView,
  ModelSummary,
  PortView,
  RequestOf,
  ResponseOf
} from '../../../../src-preload/contract'
import { ipc } from '../../ipc/client'
import { SampleRing } from './sampleRing'

export type LineEnding = 'none' | 'lf' | 'cr' | 'crlf'
type Dataset = ResponseOf<'devices.datasets'>[number]
type Deployment = ResponseOf<'devices.history'>[number]
type Diagnosis = ResponseOf<'devices.diagnose'>['problems'][number]
type DeployResult = ResponseOf<'devices.deploy'>

/** Lines the console shows (the main process keeps more for saving). */
export const MAX_SHOWN_LINES = 1000

/** The plotter's samples: outside React state, appended by the event feed, drawn on animation frames. */
export const plotRing = new SampleRing(1000)

interface Progress {
  done: number
  total: number
  message?: string
  metrics?: Record<string, number>
}

export interface BuildForm {
  dataset: string
  name: string
  window: number
  hidden: number
  epochs: number
  /** '' = the selected port's board. */
  boardId: string
  referenceForUnpassed: boolean
}

interface DevicesState {
  boards: BoardProfileView[]
  ports: PortView[]
  loadError: string | null
  selected: string | null
  /** Board profile chosen by hand for a port whose board the USB ids do not tell (a bridge). */
  chosenBoard: Record<string, string>
  problems: Diagnosis[] | null
  diagnosing: boolean
  virtualProfile: string

  session: MonitorStatusView | null
  monitorError: string | null
  baud: number
  lineEnding: LineEnding
  timestamps: boolean
  paused: boolean
  lines: { t: number; text: string }[]
  lineCount: number
  droppedSamples: number
  capture: { dataset: string; label: string; rows: number; skipped: number } | null
  captureError: string | null
  /** What the capture and build forms hold (kept across tab switches). */
  captureForm: { dataset: string; label: string }
  buildForm: BuildForm
  setCaptureForm(f: Partial<DevicesState['captureForm']>): void
  setBuildForm(f: Partial<BuildForm>): void

  datasets: Dataset[]
  models: ModelSummary[]
  history: Deployment[]

  building: Progress | null
  built: ResponseOf<'devices.buildModel'> | null
  buildError: string | null
  model: string | null
  fit: FitView | null
  fitError: string | null
  deploying: Progress | null
  deployed: DeployResult | null
  deployError: string | null
  evaluating: Progress | null
  evaluation: EvaluationView | null
  evaluateError: string | null

  load(): Promise<void>
  refreshPorts(): Promise<void>
  select(path: string | null): void
  chooseBoard(path: string, boardId: string): void
  targetBoard(): string
  diagnose(): Promise<void>
  setVirtualProfile(id: string): void
  startVirtual(): Promise<void>
  stopVirtual(path: string): Promise<void>

  openMonitor(): Promise<void>
  closeMonitor(): Promise<void>
  setBaud(baud: number): Promise<void>
  setLineEnding(e: LineEnding): void
  setTimestamps(on: boolean): void
  setPaused(on: boolean): void
  send(text: string): Promise<void>
  clear(): Promise<void>
  save(): Promise<string | null>
  startCapture(dataset: string, label: string): Promise<void>
  stopCapture(): Promise<void>

  buildModel(req: RequestOf<'devices.buildModel'>): Promise<void>
  selectModel(name: string | null): Promise<void>
  deploy(): Promise<void>
  evaluate(): Promise<void>
}

const message = (e: unknown) => (e as Error).message

export const useDevices = create<DevicesState>((set, get) => ({
  boards: [],
  ports: [],
  loadError: null,
  selected: null,
  chosenBoard: {},
  problems: null,
  diagnosing: false,
  virtualProfile: 'xiao-esp32s3',

  session: null,
  monitorError: null,
  baud: 115200,
  lineEnding: 'lf',
  timestamps: false,
  paused: false,
  lines: [],
  lineCount: 0,
  droppedSamples: 0,
  capture: null,
  captureError: null,
  captureForm: { dataset: 'gestures', label: 'rest' },
  buildForm: { dataset: '', name: 'gesture', window: 10, hidden: 16, epochs: 30, boardId: '', referenceForUnpassed: false },
  setCaptureForm: (f) => set({ captureForm: { ...get().captureForm, ...f } }),
  setBuildForm: (f) => set({ buildForm: { ...get().buildForm, ...f } }),

  datasets: [],
  models: [],
  history: [],

  building: null,
  built: null,
  buildError: null,
  model: null,
  fit: null,
  fitError: null,
  deploying: null,
  deployed: null,
  deployError: null,
  evaluating: null,
  evaluation: null,
  evaluateError: null,

  load: async () => {
    try {
      const [boards, ports, datasets, models, history] = await Promise.all([
        ipc.devices.boards(),
        ipc.devices.ports(),
        ipc.devices.datasets(),
        ipc.devices.models(),
        ipc.devices.history()
      ])
      set({ boards, ports, datasets, models, history, loadError: null })
      if (!get().selected && ports.length > 0) get().select(ports.find((p) => p.boardId)?.path ?? ports[0]!.path)
      if (!get().model && models.length > 0) void get().selectModel(models[0]!.name)
    } catch (e) {
      set({ loadError: message(e) })
    }
  },

  refreshPorts: async () => {
    try {
      set({ ports: await ipc.devices.ports() })
    } catch (e) {
      set({ loadError: message(e) })
    }
  },

  select: (path) => {
    const port = get().ports.find((p) => p.path === path)
    const profile = get().boards.find((b) => b.id === port?.boardId)
    set({ selected: path, problems: null, baud: profile?.defaultBaud ?? get().baud })
    if (get().model) void get().selectModel(get().model)
  },

  chooseBoard: (path, boardId) => {
    set({ chosenBoard: { ...get().chosenBoard, [path]: boardId } })
    if (get().model) void get().selectModel(get().model)
  },

  targetBoard: () => {
    const { selected, ports, boards, chosenBoard } = get()
    if (selected && chosenBoard[selected]) return chosenBoard[selected]!
    const port = ports.find((p) => p.path === selected)
    const profile = boards.find((b) => b.id === port?.boardId)
    return profile?.kind === 'board' ? profile.id : 'xiao-esp32s3'
  },

  diagnose: async () => {
    const path = get().selected
    if (!path) return
    set({ diagnosing: true, problems: null })
    try {
      set({ problems: (await ipc.devices.diagnose({ path, baud: get().baud })).problems })
    } catch (e) {
      set({ problems: [{ code: 'other', message: message(e), fix: '' }] })
    } finally {
      set({ diagnosing: false })
    }
  },

  setVirtualProfile: (id) => set({ virtualProfile: id }),

  startVirtual: async () => {
    try {
      const { path } = await ipc.devices.startVirtual({ profile: get().virtualProfile })
      await get().refreshPorts()
      get().select(path)
    } catch (e) {
      set({ loadError: message(e) })
    }
  },

  stopVirtual: async (path) => {
    if (get().session?.path === path) set({ session: null })
    await ipc.devices.stopVirtual({ path }).catch((e) => set({ loadError: message(e) }))
    if (get().selected === path) set({ selected: null })
    await get().refreshPorts()
  },

  openMonitor: async () => {
    const path = get().selected
    if (!path) return
    // One monitor on this page at a time: switching ports closes the other.
    if (get().session && get().session!.path !== path) await get().closeMonitor()
    set({ monitorError: null, lines: [], lineCount: 0, droppedSamples: 0 })
    plotRing.reset()
    try {
      const session = await ipc.devices.openMonitor({ path, baud: get().baud })
      set({ session })
      await get().refreshPorts()
    } catch (e) {
      set({ monitorError: message(e) })
    }
  },

  closeMonitor: async () => {
    const s = get().session
    if (!s) return
    set({ session: null, capture: null })
    await ipc.devices.closeMonitor({ sessionId: s.sessionId }).catch(() => undefined)
    await get().refreshPorts()
  },

  setBaud: async (baud) => {
    set({ baud })
    const s = get().session
    if (s) {
      try {
        set({ session: await ipc.devices.setBaud({ sessionId: s.sessionId, baud }) })
      } catch (e) {
        set({ monitorError: message(e) })
      }
    }
  },

  setLineEnding: (lineEnding) => set({ lineEnding }),
  setTimestamps: (timestamps) => set({ timestamps }),
  setPaused: (paused) => set({ paused }),

  send: async (text) => {
    const s = get().session
    if (!s) return
    try {
      await ipc.devices.send({ sessionId: s.sessionId, text, lineEnding: get().lineEnding })
    } catch (e) {
      set({ monitorError: message(e) })
    }
  },

  clear: async () => {
    set({ lines: [] })
    plotRing.reset(plotRing.names)
    const s = get().session
    if (s) await ipc.devices.clearMonitor({ sessionId: s.sessionId }).catch(() => undefined)
  },

  save: async () => {
    const s = get().session
    if (!s) return null
    try {
      const r = await ipc.devices.saveMonitor({ sessionId: s.sessionId, timestamps: get().timestamps })
      return r.path
    } catch (e) {
      set({ monitorError: message(e) })
      return null
    }
  },

  startCapture: async (dataset, label) => {
    const s = get().session
    if (!s) return
    set({ captureError: null })
    try {
      await ipc.devices.startCapture({ sessionId: s.sessionId, dataset, label })
      set({ capture: { dataset, label, rows: 0, skipped: 0 } })
    } catch (e) {
      set({ captureError: message(e) })
    }
  },

  stopCapture: async () => {
    const s = get().session
    if (!s) return
    try {
      const done = await ipc.devices.stopCapture({ sessionId: s.sessionId })
      set({ capture: null, datasets: await ipc.devices.datasets() })
      if (done && done.skipped > 0) set({ captureError: `${done.skipped} samples had other columns and were left out.` })
    } catch (e) {
      set({ captureError: message(e), capture: null })
    }
  },

  buildModel: async (req) => {
    set({ building: { done: 0, total: req.epochs ?? 30, message: 'starting' }, built: null, buildError: null })
    try {
      const built = await ipc.devices.buildModel(req)
      set({ built, models: await ipc.devices.models() })
      await get().selectModel(built.model.name)
    } catch (e) {
      set({ buildError: message(e) })
    } finally {
      set({ building: null })
    }
  },

  selectModel: async (name) => {
    set({ model: name, fit: null, fitError: null })
    if (!name) return
    try {
      set({ fit: await ipc.devices.fitCheck({ model: name, boardId: get().targetBoard() }) })
    } catch (e) {
      set({ fitError: message(e) })
    }
  },

  deploy: async () => {
    const { model, selected } = get()
    if (!model || !selected) return
    set({ deploying: { done: 0, total: 0 }, deployed: null, deployError: null, evaluation: null, evaluateError: null })
    try {
      set({ deployed: await ipc.devices.deploy({ model, path: selected }) })
    } catch (e) {
      set({ deployError: message(e) })
    } finally {
      set({ deploying: null, history: await ipc.devices.history().catch(() => get().history) })
    }
  },

  evaluate: async () => {
    const { model, selected, deployed } = get()
    if (!model || !selected) return
    set({ evaluating: { done: 0, total: 0 }, evaluation: null, evaluateError: null })
    try {
      const deploymentId = deployed?.deploymentId
      set({ evaluation: await ipc.devices.evaluate({ model, path: selected, ...(deploymentId ? { deploymentId } : {}) }) })
    } catch (e) {
      set({ evaluateError: message(e) })
    } finally {
      set({ evaluating: null, history: await ipc.devices.history().catch(() => get().history) })
    }
  }
}))

let feedStarted = false

/** Subscribes the store to main's device events, once. */
export function startDevicesFeed(): void {
  if (feedStarted) return
  feedStarted = true
  ipc.on('deviceChanged', () => void useDevices.getState().refreshPorts())
  ipc.on('monitorStatus', (s) => {
    const current = useDevices.getState().session
    if (!current || current.sessionId !== s.sessionId) return
    useDevices.setState({ session: s.state === 'closed' ? null : s })
  })
  ipc.on('monitorData', (batch) => {
    const state = useDevices.getState()
    if (!state.session || state.session.sessionId !== batch.sessionId) return
    for (const group of batch.samples) plotRing.append(group.names, group.rows)
    const update: Partial<DevicesState> = {
      lineCount: state.lineCount + batch.lines.length + batch.skippedLines,
      droppedSamples: state.droppedSamples + batch.droppedSamples,
      capture: batch.capture ?? state.capture
    }
    if (!state.paused && batch.lines.length > 0) {
      const lines = state.lines.concat(batch.lines)
      update.lines = lines.length > MAX_SHOWN_LINES ? lines.slice(-MAX_SHOWN_LINES) : lines
    }
    useDevices.setState(update)
  })
  ipc.on('deviceProgress', (p) => {
    const progress = { done: p.done, total: p.total, message: p.message, metrics: p.metrics }
    if (p.operation === 'train' && useDevices.getState().building) useDevices.setState({ building: progress })
    if (p.operation === 'deploy' && useDevices.getState().deploying) useDevices.setState({ deploying: progress })
    if (p.operation === 'evaluate' && useDevices.getState().evaluating) useDevices.setState({ evaluating: progress })
  })
}
