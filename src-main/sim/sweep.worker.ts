/** Worker entry: evaluates one sweep off the main thread (see src-main/shared/workerScripts.ts). */
import { parentPort, workerData } from 'node:worker_threads'
import { encodeNonFinite } from '../../src-preload/contract'
import { sweep } from './registry'

try {
  parentPort?.postMessage({ ok: true, value: encodeNonFinite(sweep(workerData)) })
} catch (e) {
  parentPort?.postMessage({ ok: false, message: (e as Error).message })
}
