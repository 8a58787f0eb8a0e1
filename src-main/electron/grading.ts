/**
 * Grading processes in the Electron app: a `utilityProcess` per run (Node child processes need the app's
 * binary to run as Node, which the fuses turn off). The grader itself never imports electron; this
 * launcher is installed from the main entry.
 */
import { utilityProcess } from 'electron'
import type { ProcessLauncher } from '../grader'

const STDERR_TAIL = 4000

export const utilityLauncher: ProcessLauncher = (script) => {
  const child = utilityProcess.fork(script, [], { serviceName: 'MLSys Workstation grading', stdio: ['ignore', 'ignore', 'pipe'], env: {} })
  let stderr = ''
  child.stderr?.on('data', (d: Buffer) => {
    stderr = (stderr + d.toString('utf8')).slice(-STDERR_TAIL)
  })
  return {
    send: (m) => {
      try {
        child.postMessage(m)
      } catch {
        // the process is gone; 'exit' reports it
      }
    },
    onMessage: (listener) => child.on('message', listener),
    onExit: (listener) => child.on('exit', (code) => listener(code, stderr)),
    kill: () => {
      child.kill()
    },
    // The app stays up as long as its windows do; an idle spare needs no unref.
    setIdle: () => {}
  }
}
