import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { ChapterLibrary, simLiveEngine } from '../chapters'
import { DeviceManager, type DeviceManagerOptions } from '../devices'
import { createDrillsService } from '../drills'
import { deviceEventSink, EventHub, type HandlerContext, WorkRegistry } from '../ipc'
import { curriculumRoot } from '../grader'
import { loadCatalog, models, runSim } from '../sim'
import { ProgressStore } from '../store'
import { createWorkspace } from '../tinytorch'

export function tempDir(prefix = 'mlsys-test-'): string {
  return mkdtempSync(join(tmpdir(), prefix))
}

/** The chapter fixtures (three small chapters and one broken one) in src-main/chapters/fixtures. */
export const CHAPTER_FIXTURES = join(__dirname, '..', 'chapters', 'fixtures')

/** A real store on a real file in a fresh temp folder, and a handler context around it (chapters from the fixtures). */
export function testContext(
  dataDir = tempDir(),
  now?: () => Date,
  devices: Partial<DeviceManagerOptions> = {}
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
    chapters: new ChapterLibrary({
      notesRoot: join(CHAPTER_FIXTURES, 'notes'),
      lessonsRoot: curriculumRoot(),
      dataDir,
      engine: simLiveEngine({ runSim, loadCatalog, models })
    }),
    drills: createDrillsService(dataDir),
    trainedModels: new Map(),
    devices: new DeviceManager({ dataDir, emit: deviceEventSink(hub), ...devices }),
    emit: (event, payload) => hub.emit(event, payload),
    work: new WorkRegistry((event, payload) => hub.emit(event, payload))
  }
  return { ctx, store, hub, dataDir }
}
