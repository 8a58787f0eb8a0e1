import type { EventName, EventPayload } from '../../src-preload/contract'
import type { ProgressStore } from '../store'
import type { Workspace } from '../tinytorch'

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
  /** Each milestone's latest trained model as the sandbox handed it over, for "Run in ONNX Runtime" (memory only). */
  trainedModels: Map<string, unknown>
  /** Push an event to every connected renderer. */
  emit<E extends EventName>(event: E, payload: EventPayload<E>): void
}
