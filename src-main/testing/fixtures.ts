import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { EventHub, type HandlerContext } from '../ipc'
import { curriculumRoot } from '../grader'
import { ProgressStore } from '../store'
import { createWorkspace } from '../tinytorch'

export function tempDir(prefix = 'mlsys-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** A real store on a real file in a fresh temp folder, and a handler context around it. */
export function testContext(
  dataDir = tempDir(),
  now?: () => Date
): { ctx: HandlerContext; store: ProgressStore; hub: EventHub; dataDir: string } {
  const store = ProgressStore.open(dataDir, now)
  const hub = new EventHub()
  const ctx: HandlerContext = {
    store,
    appVersion: '0.0.0-test',
    dataDir,
    backupDir: join(dataDir, 'backups'),
    curriculumRoot: curriculumRoot(),
    workspace: createWorkspace(dataDir),
    trainedModels: new Map(),
    emit: (event, payload) => hub.emit(event, payload)
  }
  return { ctx, store, hub, dataDir }
}
