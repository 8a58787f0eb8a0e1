import { dirname, join, resolve } from 'node:path'
import packageJson from '../../package.json'
import { ChapterLibrary, simLiveEngine } from '../chapters'
import { DeviceManager } from '../devices'
import { createDrillsService } from '../drills'
import { curriculumRoot, setPrestart, shutdownGrading } from '../grader'
import { deviceEventSink, EventHub, type HandlerContext, WorkRegistry } from '../ipc'
import { loadCatalog, models, runSim } from '../sim'
import { ProgressStore } from '../store'
import { createWorkspace } from '../tinytorch'

export const APP_VERSION: string = packageJson.version

export interface Services {
  store: ProgressStore
  hub: EventHub
  ctx: HandlerContext
  close(): void
}

/** The study notes: `curriculum/chapters` beside the TinyTorch curriculum, or MLSYS_CHAPTERS_DIR. */
export function chaptersRoot(tinytorchRoot: string, env: NodeJS.ProcessEnv = process.env): string {
  return env.MLSYS_CHAPTERS_DIR ? resolve(env.MLSYS_CHAPTERS_DIR) : join(dirname(tinytorchRoot), 'chapters')
}

export interface ServiceOptions {
  root?: string
  /** Keep a grading process started ahead of the next run (the app and the web host; not one-shot CLI commands). */
  prestartGrading?: boolean
}

/** Everything main owns, wired once; shared by the Electron app, the web host and the CLI. */
export function createServices(dataDir: string, options: ServiceOptions = {}): Services {
  const root = options.root ?? curriculumRoot()
  const store = ProgressStore.open(dataDir)
  const chapters = new ChapterLibrary({
    notesRoot: chaptersRoot(root),
    lessonsRoot: root,
    dataDir,
    engine: simLiveEngine({ runSim, loadCatalog, models })
  })
  const hub = new EventHub()
  const workspace = createWorkspace(dataDir, root)
  const devices = new DeviceManager({ dataDir, emit: deviceEventSink(hub) })
  const ctx: HandlerContext = {
    store,
    appVersion: APP_VERSION,
    dataDir,
    backupDir: join(dataDir, 'backups'),
    curriculumRoot: root,
    workspace,
    chapters,
    trainedModels: new Map(),
    drills: createDrillsService(dataDir),
    devices,
    emit: (event, payload) => hub.emit(event, payload),
    work: new WorkRegistry((event, payload) => hub.emit(event, payload))
  }
  const stopWatching = workspace.watch((moduleId, file) => hub.emit('workspaceChanged', { moduleId, file }))
  if (options.prestartGrading) setPrestart(true)
  return {
    store,
    hub,
    ctx,
    close: () => {
      if (options.prestartGrading) shutdownGrading()
      stopWatching()
      // Closes monitors and stops virtual boards (their socat processes) without waiting.
      void devices.close()
      store.close()
    }
  }
}
