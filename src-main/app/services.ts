import { join } from 'node:path'
import packageJson from '../../package.json'
import { EventHub, type HandlerContext } from '../ipc'
import { ProgressStore } from '../store'

export const APP_VERSION: string = packageJson.version

export interface Services {
  store: ProgressStore
  hub: EventHub
  ctx: HandlerContext
  close(): void
}

/** Everything main owns, wired once; shared by the Electron app, the web host and the CLI. */
export function createServices(dataDir: string): Services {
  const store = ProgressStore.open(dataDir)
  const hub = new EventHub()
  const ctx: HandlerContext = {
    store,
    appVersion: APP_VERSION,
    dataDir,
    backupDir: join(dataDir, 'backups'),
    emit: (event, payload) => hub.emit(event, payload)
  }
  return { store, hub, ctx, close: () => store.close() }
}
