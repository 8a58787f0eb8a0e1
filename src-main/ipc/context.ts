import type { EventInput, EventName } from '../../src-preload/contract'
import type { ChapterLibrary } from '../chapters'
import type { DeviceManager } from '../devices'
import type { DrillsService } from '../drills'
import type { ProgressStore } from '../store'
import type { Workspace } from '../tinytorch'
import type { WorkRegistry } from './work'

/** Everything a handler may use. Nothing here knows about Electron or WebSockets. */
export interface HandlerContext {
  store: ProgressStore
  appVersion: string
  dataDir: string
  /** Folder for backups the learner asks for. */
  backupDir: string
  /** `curriculum/tinytorch`: modules, runtime, references, milestones. */
  curriculumRoot: string
  /** The learner's TinyTorch files on disk. */
  workspace: Workspace
  /** The drill bank and the learner's imported question vault. */
  drills: DrillsService
  /** Serial ports, monitors, virtual boards, datasets and models. */
  devices: DeviceManager
  /** Long work in progress (status bar, cancellation). */
  work: WorkRegistry
  /** Set for one request when its client can go away (the web host): aborted when the connection closes. */
  signal?: AbortSignal
  /** Study notes, imported textbook chapters and search. */
  chapters: ChapterLibrary
  /** A native folder picker; only the Electron wiring provides one (the web host has none). */
  pickFolder?: () => Promise<string | null>
  /** Each milestone's latest trained model as the sandbox handed it over, for "Run in ONNX Runtime" (memory only). */
  trainedModels: Map<string, unknown>
  /** Push an event to every connected renderer. */
  emit<E extends EventName>(event: E, payload: EventInput<E>): void
}
