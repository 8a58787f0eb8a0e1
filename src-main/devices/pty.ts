/**
 * Pseudo-terminal pairs made by socat: bytes written to one end come out of the other, as on a serial
 * cable. The virtual board holds one end and the learner's tools open the other; the tests put the
 * C agent, the TypeScript board or a fault-injecting relay on them.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { mkdtempSync, realpathSync, rmSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { DeviceError } from './client'

export interface PtyPair {
  /** Stable symlinks to the two ends (`<dir>/a`, `<dir>/b`). */
  a: string
  b: string
  /** The real device paths (/dev/pts/N). */
  devices: { a: string; b: string }
  pid: number
  /** Ends the pair: both paths disappear, as a board that is unplugged. */
  close(): Promise<void>
}

export async function ptyPair(timeoutMs = 5000): Promise<PtyPair> {
  const dir = mkdtempSync(join(tmpdir(), 'mlsys-pty-'))
  const a = join(dir, 'a')
  const b = join(dir, 'b')
  let child: ChildProcess
  try {
    child = spawn('socat', ['-d', '-d', `pty,raw,echo=0,link=${a}`, `pty,raw,echo=0,link=${b}`], { stdio: ['ignore', 'ignore', 'pipe'] })
  } catch (e) {
    throw socatMissing(e as Error)
  }
  let log = ''
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new DeviceError('port', `socat did not start within ${timeoutMs} ms:\n${log}`)), timeoutMs)
    child.once('error', (e) => {
      clearTimeout(timer)
      reject((e as NodeJS.ErrnoException).code === 'ENOENT' ? socatMissing(e) : e)
    })
    child.once('exit', (code) => {
      clearTimeout(timer)
      reject(new DeviceError('port', `socat exited with ${code} before the pseudo-terminals were ready:\n${log}`))
    })
    child.stderr!.on('data', (d: Buffer) => {
      log += String(d)
      if (log.includes('starting data transfer loop')) {
        clearTimeout(timer)
        resolve()
      }
    })
  })
  child.removeAllListeners('exit')
  child.stderr!.resume()
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()))
  return {
    a,
    b,
    devices: { a: realpathSync(a), b: realpathSync(b) },
    pid: child.pid!,
    close: async () => {
      if (child.exitCode === null && child.signalCode === null) {
        child.kill('SIGTERM')
        await exited
      }
      rmSync(dir, { recursive: true, force: true })
    }
  }
}

function socatMissing(e: Error): DeviceError {
  return new DeviceError(
    'port',
    `socat is needed for pseudo-terminals (the virtual board) but could not run (${e.message}): install it, e.g. sudo apt install socat`
  )
}
