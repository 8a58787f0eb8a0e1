import type { Page } from '@playwright/test'
import { spawn, type ChildProcess } from 'node:child_process'
import { mkdtempSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'

export interface RunningHost {
  url: string
  origin: string
  dataDir: string
  stop(): Promise<void>
}

const root = resolve(__dirname, '..')

export function tempDataDir(): string {
  return mkdtempSync(join(tmpdir(), 'mlsys-e2e-'))
}

/** Starts the real local web host (`mlsys serve`) as a child process and waits for its URL. A new token each time. */
export function startHost(dataDir: string, options: { port?: number; env?: NodeJS.ProcessEnv } = {}): Promise<RunningHost> {
  const child: ChildProcess = spawn(
    process.execPath,
    [join(root, 'scripts/mlsys.mjs'), 'serve', '--port', String(options.port ?? 0), '--data-dir', dataDir],
    { cwd: root, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env, ...options.env } }
  )
  let output = ''
  return new Promise((resolveHost, reject) => {
    const timer = setTimeout(() => reject(new Error(`host did not start:\n${output}`)), 30_000)
    child.stderr!.on('data', (d) => (output += String(d)))
    child.stdout!.on('data', (d) => {
      output += String(d)
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/\?token=\S+)/.exec(output)
      if (match) {
        clearTimeout(timer)
        const url = match[1]!
        resolveHost({
          url,
          origin: new URL(url).origin,
          dataDir,
          stop: () =>
            new Promise((done) => {
              child.once('exit', () => done())
              child.kill('SIGINT')
            })
        })
      }
    })
    child.once('exit', (code) => reject(new Error(`host exited with ${code}:\n${output}`)))
  })
}

/** Collects console errors, page errors and any request that leaves 127.0.0.1; tests expect none. */
export function watchPage(page: Page, origin: string): string[] {
  const problems: string[] = []
  page.on('console', (m) => {
    if (m.type() === 'error') problems.push(`console error: ${m.text()}`)
  })
  page.on('pageerror', (e) => problems.push(`page error: ${e.message}`))
  page.on('request', (r) => {
    const url = r.url()
    if (!url.startsWith(origin) && !url.startsWith(origin.replace('http', 'ws')) && !url.startsWith('data:') && !url.startsWith('blob:')) {
      problems.push(`request left the machine: ${url}`)
    }
  })
  return problems
}
