/**
 * The grading script is real TypeScript (prelude.ts, worker.ts, child.ts, entry.ts) bundled by esbuild into
 * one CommonJS file, with the prelude compiled to a separate IIFE and embedded as a string. The packaged app
 * ships it prebuilt beside the main bundle (electron.vite.config.ts calls `buildSandboxScript`); from
 * source (tsx, vitest, the CLI) it is built on first use into a cache folder, keyed by the sources' hash.
 */
import { type BuildOptions, build, buildSync } from 'esbuild'
import { createHash } from 'node:crypto'
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { dirname, join } from 'node:path'

export const SANDBOX_SCRIPT = 'grader-sandbox.cjs'
export const PRELUDE_SCRIPT = 'grader-prelude.js'

const preludeOptions = (sourceDir: string): BuildOptions & { write: false } => ({
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

const scriptOptions = (sourceDir: string, prelude: string): BuildOptions & { write: false } => ({
  entryPoints: [join(sourceDir, 'entry.ts')],
  bundle: true,
  write: false,
  format: 'cjs',
  platform: 'node',
  target: 'node20',
  charset: 'utf8',
  logLevel: 'silent',
  define: { __SANDBOX_PRELUDE__: JSON.stringify(prelude) }
})

function writeAtomically(file: string, text: string): void {
  mkdirSync(dirname(file), { recursive: true })
  // Written aside and renamed, so a concurrent reader never sees half a file.
  const temp = `${file}.${process.pid}.${Date.now()}.tmp`
  writeFileSync(temp, text)
  renameSync(temp, file)
}

/** The same as buildSandboxFiles, without holding up the calling thread (esbuild works in its own process). */
async function buildSandboxFilesAsync(outDir: string, sourceDir: string, names: { script: string; prelude: string }): Promise<void> {
  const prelude = (await build(preludeOptions(sourceDir))).outputFiles[0]!.text
  const script = (await build(scriptOptions(sourceDir, prelude))).outputFiles[0]!.text
  writeAtomically(join(outDir, names.prelude), prelude)
  writeAtomically(join(outDir, names.script), script)
}

/**
 * Bundles the grading script and the prelude into `outDir` (the Electron build ships them beside the main
 * bundle; from source they go to a cache folder).
 */
export function buildSandboxFiles(
  outDir: string,
  sourceDir: string = __dirname,
  names = { script: SANDBOX_SCRIPT, prelude: PRELUDE_SCRIPT }
): void {
  const prelude = buildSync(preludeOptions(sourceDir)).outputFiles[0]!.text
  const script = buildSync(scriptOptions(sourceDir, prelude)).outputFiles[0]!.text
  writeAtomically(join(outDir, names.prelude), prelude)
  writeAtomically(join(outDir, names.script), script)
}

/** The sandbox sources: beside this file when running from source, else found upward (a bundle inside the repository). */
function findSourceDir(): string | null {
  if (existsSync(join(__dirname, 'prelude.ts'))) return __dirname
  let dir = __dirname
  for (let i = 0; i < 6; i++) {
    const candidate = join(dir, 'src-main', 'grader', 'sandbox')
    if (existsSync(join(candidate, 'prelude.ts'))) return candidate
    dir = dirname(dir)
  }
  return null
}

function sourcesHash(sourceDir: string): string {
  const hash = createHash('sha256')
  for (const name of readdirSync(sourceDir).sort()) {
    if (name.endsWith('.ts') && !name.endsWith('.test.ts')) hash.update(`${name}\0${readFileSync(join(sourceDir, name), 'utf8')}\0`)
  }
  return hash.digest('hex').slice(0, 16)
}

function cacheDir(sourceDir: string): string {
  let dir = sourceDir
  for (let i = 0; i < 6; i++) {
    if (existsSync(join(dir, 'node_modules'))) return join(dir, 'node_modules', '.cache', 'mlsys')
    dir = dirname(dir)
  }
  return join(tmpdir(), 'mlsys-cache')
}

let files: Promise<{ script: string; prelude: string }> | null = null

/** The grading script and prelude: prebuilt beside the running bundle, else a cached build of the sources. */
function sandboxFiles(): Promise<{ script: string; prelude: string }> {
  files ??= (async () => {
    const sourceDir = findSourceDir()
    if (!sourceDir) return { script: join(__dirname, SANDBOX_SCRIPT), prelude: join(__dirname, PRELUDE_SCRIPT) }
    const hash = sourcesHash(sourceDir)
    const names = { script: `grader-sandbox-${hash}.cjs`, prelude: `grader-prelude-${hash}.js` }
    const dir = cacheDir(sourceDir)
    if (!existsSync(join(dir, names.script)) || !existsSync(join(dir, names.prelude))) await buildSandboxFilesAsync(dir, sourceDir, names)
    return { script: join(dir, names.script), prelude: join(dir, names.prelude) }
  })()
  files.catch(() => {
    files = null
  })
  return files
}

/** Path of the grading script the grading process runs. */
export async function sandboxScript(): Promise<string> {
  return (await sandboxFiles()).script
}

let prelude: string | null = null

/** The prelude compiled to the script the realm evaluates first. */
export async function preludeSource(): Promise<string> {
  prelude ??= readFileSync((await sandboxFiles()).prelude, 'utf8')
  return prelude
}
