/**
 * Entry of the bundled grading script (see build.ts): the same file is the grading process's main and,
 * started again as a worker thread, the worker that holds the sandbox realm.
 */
import { isMainThread, parentPort, workerData } from 'node:worker_threads'
import { childMain } from './child'
import type { FromChild, WorkerJob } from './protocol'
import { neuterConstructors, runWorker } from './worker'

declare const __SANDBOX_PRELUDE__: string

interface ElectronParentPort {
  on(event: 'message', listener: (e: { data: unknown }) => void): void
  postMessage(message: unknown): void
}

const job = (workerData as { sandboxWorker?: WorkerJob } | null)?.sandboxWorker
if (!isMainThread && parentPort && job) {
  const port = parentPort
  neuterConstructors()
  runWorker(job, (m) => port.postMessage(m)).then(
    () => port.postMessage({ t: 'done' }),
    (e: unknown) => port.postMessage({ t: 'done', fatal: e instanceof Error ? e.message : String(e) })
  )
} else if (isMainThread) {
  // Electron's utilityProcess talks through process.parentPort; a Node child process through process.send.
  const electronPort = (process as unknown as { parentPort?: ElectronParentPort }).parentPort
  const channel = electronPort
    ? {
        send: (m: FromChild) => electronPort.postMessage(m),
        onMessage: (listener: (m: unknown) => void) => electronPort.on('message', (e) => listener(e.data)),
        exit: () => process.exit(0)
      }
    : {
        send: (m: FromChild) => process.send?.(m),
        onMessage: (listener: (m: unknown) => void) => process.on('message', listener),
        exit: () => process.exit(0)
      }
  childMain(channel, __filename, __SANDBOX_PRELUDE__)
}
