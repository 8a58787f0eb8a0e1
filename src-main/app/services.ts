import { join } from 'node:path'
import packageJson from '../../package.json'
import { EventHub, type HandlerContext } from '../ipc'
import { curriculumRoot } from '../grader'
import { ProgressStore } from '../store'
import { createWorkspace } from '../tinytorch'

export const APP_VERSION: string = packageJson.version

export interface Services {
  store: ProgressStore
  hub: EventHub
  ctx: HandlerContext
  close(): void
}

/** Everything main owns, wired once; shared by the Electron app, the web host and the CLI. */
export function createServices(dataDir: string, root: string = curriculumRoot()): Services {
  const store = ProgressStore.open(dataDir)
  const hub = new EventHub()
  const workspace = createWorkspace(dataDir, root)
  const ctx: HandlerContext = {
    store,
    appVersion: APP_VERSION,
    dataDir,
    backupDir: join(dataDir, 'backups'),
    curriculumRoot: root,
    workspace,
    trainedModels: new Map(),
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
