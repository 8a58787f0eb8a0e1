/**
 * The grading script is real TypeScript (prelude.ts, worker.ts, child.ts, entry.ts) bundled by esbuild into
 * one CommonJS file, with the prelude compiled to a separate IIFE and embedded as a string. The packaged app
 * ships it prebuilt beside the main bundle (electron.vite.config.ts calls `buildSandboxScript`); from
 * source (tsx, vitest, the CLI) it is built on first use into a cache folder, keyed by the sources' hash.
 */
import { buildSync } from 'esbuild'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export const SANDBOX_SCRIPT = 'grader-sandbox.cjs'

const sourceDir = __dirname

let prelude: string | null = null

/** The prelude compiled to the script the realm evaluates first. */
export function preludeSource(): string {
  prelude ??= compilePrelude()
  return prelude
}

function compilePrelude(): string {
  const r = buildSync({
    entryPoints: [join(sourceDir, 'prelude.ts')],
    bundle: true,
    write: false,
    format: 'iife',
    platform: 'neutral',
    target: 'es2022',
    charset: 'utf8',
    logLevel: 'silent',
    legalComments: 'none'
  })
  return r.outputFiles[0]!.text
}

/** Bundles the grading script to `outFile` (used by the Electron build and by `sandboxScript`). */
export function buildSandboxScript(outFile: string): void {
  const r = buildSync({
    entryPoints: [join(sourceDir, 'entry.ts')],
    bundle: true,
    write: false,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    charset: 'utf8',
    logLevel: 'silent',
    define: { __SANDBOX_PRELUDE__: JSON.stringify(preludeSource()) }
  })
  mkdirSync(dirname(outFile), { recursive: true })
  // Written aside and renamed, so a concurrent reader never sees half a file.
  const temp = `${outFile}.${process.pid}.${Date.now()}.tmp`
  writeFileSync(temp, r.outputFiles[0]!.text)
  renameSync(temp, outFile)
}

function sourcesHash(): string {
  const hash = createHash('sha256')
  for (const name of readdirSync(sourceDir).sort()) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) hash.update(`${name}\0${readFileSync(join(sourceDir, name), 'utf8')}\0`)
  }
  return hash.digest('hex').slice(0, 16)
}

function cacheDir(): string {
  let dir = sourceDir
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'mlsys')
    dir = dirname(dir)
  }
  return join(tmpdir(), 'mlsys-cache')
}

let cached: string | null = null

/** Path of the grading script: the prebuilt one beside the running bundle, else a cached build of the sources. */
export function sandboxScript(): string {
  if (cached) return cached
  const prebuilt = join(__dirname, SANDBOX_SCRIPT)
  if (!existsSync(join(sourceDir, 'prelude.ts')) && existsSync(prebuilt)) {
    cached = prebuilt
    return prebuilt
  }
  const file = join(cacheDir(), `grader-sandbox-${sourcesHash()}.cjs`)
  if (!existsSync(file)) buildSandboxScript(file)
  cached = file
  return file
}
