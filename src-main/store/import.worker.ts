/** Worker entry: reads and checks a progress export off the main thread (see src-main/shared/workerScripts.ts). */
import { parentPort, workerData } from 'node:worker_threads'
import { prepareImport } from './importing'

try {
  parentPort?.postMessage({ ok: true, value: prepareImport(String(workerData)) })
} catch (e) {
  parentPort?.postMessage({ ok: false, message: (e as Error).message })
}
