/**
 * Work that would hold up the main process (a large sweep, parsing an import) runs in a worker thread. Each
 * worker is a TypeScript entry bundled by esbuild into one file: the Electron build ships them beside the
 * main bundle (electron.vite.config.ts calls `buildWorkerScripts`); from source (tsx, vitest, the CLI) they
 * are built on first use into a cache folder, keyed by a hash of the sources they may import.
 */
import { type BuildOptions, build, buildSync } from 'esbuild'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, statSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'
import { Worker } from 'node:worker_threads'

/** Worker entries by name, relative to the repository root. */
export const WORKER_ENTRIES = {
  'sim-sweep': 'src-main/sim/sweep.worker.ts',
  'progress-import': 'src-main/store/import.worker.ts'
} as const

export type WorkerName = keyof typeof WORKER_ENTRIES

function repoRoot(): string | null {
  let dir = __dirname
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'src-main')) && existsSync(join(dir, 'package.json'))) return dir
    dir = dirname(dir)
  }
  return null
}

const bundleOptions = (entry: string): BuildOptions & { write: false } => ({
  entryPoints: [entry],
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  logLevel: 'silent',
  packages: 'external'
})

function writeAtomically(outFile: string, text: string): void {
  mkdirSync(dirname(outFile), { recursive: true })
  const temp = `${outFile}.${process.pid}.${Date.now()}.tmp`
  writeFileSync(temp, text)
  renameSync(temp, outFile)
}

/** Builds every worker into `outDir` (the Electron build). */
export function buildWorkerScripts(outDir: string, root: string): void {
  for (const [name, entry] of Object.entries(WORKER_ENTRIES)) {
    writeAtomically(join(outDir, `${name}.worker.cjs`), buildSync(bundleOptions(join(root, entry))).outputFiles[0]!.text)
  }
}

function sourcesHash(root: string): string {
  const hash = createHash('sha256')
  const walk = (dir: string): void => {
    for (const name of readdirSync(dir).sort()) {
      const path = join(dir, name)
      if (statSync(path).isDirectory()) walk(path)
      else if (/\.tsx?$/.test(name) && !name.endsWith('.test.ts')) hash.update(`${path}\0${readFileSync(path, 'utf8')}\0`)
    }
  }
  for (const dir of ['src-main/sim', 'src-main/store', 'src-main/shared', 'src-preload/contract']) {
    if (existsSync(join(root, dir))) walk(join(root, dir))
  }
  return hash.digest('hex').slice(0, 16)
}

const resolved = new Map<WorkerName, Promise<string>>()

/**
 * Path of a worker's script: prebuilt beside the running bundle, else a cached build of its sources (built
 * by esbuild in its own process, so the first use does not hold up the main thread either).
 */
export function workerScript(name: WorkerName): Promise<string> {
  let known = resolved.get(name)
  if (!known) {
    known = (async () => {
      const root = repoRoot()
      if (!root) return join(__dirname, `${name}.worker.cjs`)
      const cache = existsSync(join(root, 'node_modules')) ? join(root, 'node_modules', '.cache', 'mlsys') : join(tmpdir(), 'mlsys-cache')
      const path = join(cache, `${name}-${sourcesHash(root)}.worker.cjs`)
      if (!existsSync(path)) writeAtomically(path, (await build(bundleOptions(join(root, WORKER_ENTRIES[name])))).outputFiles[0]!.text)
      return path
    })()
    known.catch(() => resolved.delete(name))
    resolved.set(name, known)
  }
  return known
}

export class OffThreadError extends Error {
  constructor(
    message: string,
    readonly kind: 'failed' | 'cancelled' | 'timeout' | 'memory'
  ) {
    super(message)
  }
}

/**
 * Runs one job in a fresh worker and resolves with what it posts back: `{ ok: true, value }` or
 * `{ ok: false, message }`. Cancelling (the signal) or running past `timeoutMs` terminates the worker.
 */
export function runOffThread<T>(
  name: WorkerName,
  input: unknown,
  options: { signal?: AbortSignal; timeoutMs?: number; maxHeapMb?: number } = {}
): Promise<T> {
  return workerScript(name).then((script) => startOffThread<T>(script, input, options))
}

function startOffThread<T>(
  script: string,
  input: unknown,
  options: { signal?: AbortSignal; timeoutMs?: number; maxHeapMb?: number }
): Promise<T> {
  return new Promise<T>((resolve, reject) => {
    if (options.signal?.aborted) return reject(new OffThreadError('cancelled before it started', 'cancelled'))
    const worker = new Worker(script, {
      workerData: input,
      resourceLimits: { maxOldGenerationSizeMb: options.maxHeapMb ?? 512 },
      execArgv: [],
      env: {}
    })
    let settled = false
    const finish = (fn: () => void) => {
      if (settled) return
      settled = true
      clearTimeout(timer)
      options.signal?.removeEventListener('abort', onAbort)
      void worker.terminate()
      fn()
    }
    const onAbort = () => finish(() => reject(new OffThreadError('cancelled', 'cancelled')))
    options.signal?.addEventListener('abort', onAbort)
    const timer = setTimeout(
      () => finish(() => reject(new OffThreadError(`stopped after ${Math.round((options.timeoutMs ?? 0) / 1000)} s`, 'timeout'))),
      options.timeoutMs ?? 2 ** 31 - 1
    )
    worker.on('message', (m: { ok: boolean; value?: T; message?: string }) =>
      finish(() => (m.ok ? resolve(m.value as T) : reject(new OffThreadError(m.message ?? 'failed', 'failed'))))
    )
    worker.on('error', (e: Error & { code?: string }) =>
      finish(() =>
        reject(
          new OffThreadError(
            e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'ran out of memory' : e.message,
            e.code === 'ERR_WORKER_OUT_OF_MEMORY' ? 'memory' : 'failed'
          )
        )
      )
    )
    worker.on('exit', () => finish(() => reject(new OffThreadError('the worker stopped unexpectedly', 'failed'))))
  })
}
