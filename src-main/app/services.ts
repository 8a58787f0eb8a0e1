import { dirname, join, resolve } from 'node:path'
import packageJson from '../../package.json'
import { EventHub, type HandlerContext } from '../ipc'
import { ChapterLibrary, simLiveEngine } from '../chapters'
import { curriculumRoot } from '../grader'
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

/** Everything main owns, wired once; shared by the Electron app, the web host and the CLI. */
export function createServices(dataDir: string, root: string = curriculumRoot()): Services {
  const store = ProgressStore.open(dataDir)
  const chapters = new ChapterLibrary({
    notesRoot: chaptersRoot(root),
    lessonsRoot: root,
    dataDir,
    engine: simLiveEngine({ runSim, loadCatalog, models })
  })
  const hub = new EventHub()
  const workspace = createWorkspace(dataDir, root)
  const ctx: HandlerContext = {
    store,
    appVersion: APP_VERSION,
    dataDir,
    backupDir: join(dataDir, 'backups'),
    curriculumRoot: root,
    workspace,
    chapters,
    emit: (event, payload) => hub.emit(event, payload)
  }
  const stopWatching = workspace.watch((moduleId, file) => hub.emit('workspaceChanged', { moduleId, file }))
  return {
    store,
    hub,
    ctx,
    close: () => {
      stopWatching()
      store.close()
    }
  }
}
