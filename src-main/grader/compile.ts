/**
 * Bundles learner code, curriculum code and tests into one script for the sandbox, with esbuild.
 *
 * `tinytorch/runtime` is compiled once into a separate "libs" script (cached) and reached through a shim;
 * `tinytorch/NN_x` is the learner's code for that module or the reference solution; relative imports between
 * a module's own learner files work. Learner files may import only the runtime and the modules their module
 * builds on (`allowedImports`): not the harness, not a later module, not a test. The harness is bundled
 * into the tests themselves, out of reach of learner code. Anything else (bare packages, `node:` built-ins,
 * absolute paths) is a compile error located in the learner's file. The sandbox runs every script in strict mode.
 */
import { build, type BuildOptions, type Message, type Plugin } from 'esbuild'
import { createHash, randomBytes } from 'node:crypto'
import { readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, isAbsolute, join, relative, sep } from 'node:path'
import { datasetSource, resolveDataset } from './datasets'
import type { CompileError } from './types'

export type ModuleSource = { kind: 'learner'; entry: string; files: Record<string, string> } | { kind: 'reference'; entry: string }

export interface BundleSpec {
  /** Curriculum root (holds runtime/, harness/, NN_x/, reference/). */
  root: string
  /** Test files (absolute) to run, in order; or a script whose default export is called. */
  target: { kind: 'tests'; files: string[] } | { kind: 'main'; file: string }
  /** Where each known module's code comes from. Modules absent here cannot be imported. */
  modules: Record<string, ModuleSource>
  /** For each module with learner files: the modules those files may import (its prerequisites). */
  allowedImports: Record<string, readonly string[]>
}

export interface Bundle {
  code: string
  /** Source map of `code` (esbuild JSON), for mapping stack frames back to learner files. */
  map: string
  /** Modules that resolved to their reference solution, in first-import order. */
  usedReference: string[]
  /** Secret the test-file markers and the main marker carry, so learner code cannot register scored tests. */
  token: string
}

export type CompileOutcome = { ok: true; bundle: Bundle } | { ok: false; errors: CompileError[] }

export const BUNDLE_FILENAME = 'tinytorch-bundle.js'
export const LIBS_FILENAME = 'tinytorch-libs.js'
const LEARNER_NS = 'learner'
const TEST_NS = 'tt-test'

const commonOptions: BuildOptions = {
  bundle: true,
  write: false,
  format: 'iife',
  platform: 'neutral',
  target: 'es2022',
  // import() of anything would reach the host's module loader; lower it to a require() that does not exist.
  supported: { 'dynamic-import': false },
  logLevel: 'silent',
  charset: 'utf8',
  resolveExtensions: ['.ts', '.js', '.mjs', '.json']
}

// ---------------------------------------------------------------------------------------------------------
// The runtime + harness script, compiled once per change of their files.

interface LibsCache {
  signature: string
  code: string
}
const libsCache = new Map<string, LibsCache>()

function folderSignature(dirs: string[]): string {
  const hash = createHash('sha1')
  const walk = (dir: string): void => {
    let names: string[]
    try {
      names = readdirSync(dir).sort()
    } catch {
      return
    }
    for (const name of names) {
      const path = join(dir, name)
      const st = statSync(path)
      if (st.isDirectory()) walk(path)
      else if (name.endsWith('.ts') && !name.endsWith('.test.ts')) hash.update(`${path}:${st.size}:${st.mtimeMs}\n`)
    }
  }
  dirs.forEach(walk)
  return hash.digest('hex')
}

/** The libs script: defines `globalThis.__tt_libs = { runtime }`. Cached on the files' sizes and mtimes. */
export async function compileLibs(root: string): Promise<{ code: string; key: string }> {
  // The fixture curriculum re-exports the real one, so both folders count towards the signature.
  const dirs = [join(root, 'runtime'), join(root, 'harness')]
  const signature = folderSignature(dirs)
  const cached = libsCache.get(root)
  if (cached && cached.signature === signature) return { code: cached.code, key: signature }
  const entry =
    `import * as runtime from './runtime/index.ts'\n` +
    `Object.defineProperty(globalThis, '__tt_libs', { value: Object.freeze({ runtime }) })\n`
  const result = await build({
    ...commonOptions,
    stdin: { contents: entry, resolveDir: root, sourcefile: 'tinytorch-libs-entry.ts', loader: 'ts' },
    plugins: [onlyRelativePlugin()]
  })
  const code = result.outputFiles?.[0]?.text ?? ''
  libsCache.set(root, { signature, code })
  return { code, key: signature }
}

function onlyRelativePlugin(): Plugin {
  return {
    name: 'tinytorch-libs-only-relative',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        if (args.kind === 'entry-point' || args.path.startsWith('.')) return undefined
        return { errors: [{ text: `the runtime and harness may only import relative files, not '${args.path}'` }] }
      })
    }
  }
}

// ---------------------------------------------------------------------------------------------------------
// The per-run bundle.

function markerWrap(source: string, token: string): string {
  // Imports are hoisted, so this first statement runs after everything the test file imports, i.e. only
  // tests registered by this file's own body fall between the two markers.
  const t = JSON.stringify(token)
  return (
    `import { registeredTests as __tt_registered } from 'tinytorch/harness'; globalThis.__tt.markStart(${t}, __tt_registered().length);` +
    `${source}\n;globalThis.__tt.markEnd(${t}, __tt_registered());\n`
  )
}

function learnerImportError(spec: string, moduleId: string, allowed: readonly string[]): string {
  const may = ['tinytorch/runtime', ...allowed.map((id) => `tinytorch/${id}`)].join(', ')
  if (spec === 'tinytorch/harness') return `the test harness belongs to the tests: code in ${moduleId} may import ${may}`
  if (/^tinytorch\/\d\d_/.test(spec)) return `${moduleId} does not build on ${spec.slice(10)}: code in ${moduleId} may import ${may}`
  return `imports are limited to tinytorch/*: '${spec}' is not available in the sandbox (code in ${moduleId} may import ${may})`
}

function resolveLearnerFile(files: Record<string, string>, fromFile: string, spec: string): string | null {
  const base = dirname(fromFile) === '.' ? '' : dirname(fromFile)
  const joined = join(base, spec).split(sep).join('/')
  if (joined.startsWith('..')) return null
  for (const candidate of [joined, `${joined}.ts`, `${joined}/index.ts`]) if (candidate in files) return candidate
  return null
}

function bundlePlugin(spec: BundleSpec, token: string, usedReference: string[]): Plugin {
  const { root, modules } = spec
  return {
    name: 'tinytorch-resolver',
    setup(b) {
      b.onResolve({ filter: /.*/ }, (args) => {
        const path = args.path
        if (args.kind === 'entry-point') return { path: 'entry', namespace: 'tt-entry' }
        if (args.namespace === 'tt-entry') {
          if (path.startsWith(`${TEST_NS}:`)) return { path: path.slice(TEST_NS.length + 1), namespace: TEST_NS }
          return { path }
        }
        if (args.namespace === LEARNER_NS && path !== 'tinytorch/runtime' && !path.startsWith('.')) {
          const importer = args.importer.slice(0, args.importer.indexOf('/'))
          const allowed = spec.allowedImports[importer] ?? []
          if (!allowed.some((id) => path === `tinytorch/${id}`)) return { errors: [{ text: learnerImportError(path, importer, allowed) }] }
        }
        if (path === 'tinytorch/runtime') return { path: 'runtime', namespace: 'tt-lib' }
        if (path === 'tinytorch/harness') return { path: join(root, 'harness', 'index.ts') }
        const dataset = resolveDataset(root, path)
        if (dataset)
          return 'error' in dataset
            ? { errors: [{ text: dataset.error }] }
            : 'path' in dataset
              ? dataset
              : { path: dataset.generated, namespace: 'tt-data' }
        const m = /^tinytorch\/(\d\d_[a-z0-9_]+)$/.exec(path)
        if (m) {
          const id = m[1]!
          const source = modules[id]
          if (!source) {
            const known = Object.keys(modules).sort()
            return { errors: [{ text: `there is no module '${id}' (known: ${known.join(', ')})` }] }
          }
          if (source.kind === 'reference') {
            if (!usedReference.includes(id)) usedReference.push(id)
            return { path: source.entry }
          }
          return { path: `${id}/${source.entry}`, namespace: LEARNER_NS }
        }
        if (path.startsWith('.') && args.namespace === LEARNER_NS) {
          const slash = args.importer.indexOf('/')
          const id = args.importer.slice(0, slash)
          const source = modules[id]
          const file = source?.kind === 'learner' ? resolveLearnerFile(source.files, args.importer.slice(slash + 1), path) : null
          if (!file || source?.kind !== 'learner') {
            const names = source?.kind === 'learner' ? Object.keys(source.files).join(', ') : ''
            return { errors: [{ text: `cannot find '${path}' among this module's files (${names})` }] }
          }
          return { path: `${id}/${file}`, namespace: LEARNER_NS }
        }
        if (path.startsWith('.') && args.namespace !== LEARNER_NS) return undefined
        if (path.startsWith('tinytorch/'))
          return { errors: [{ text: `there is no module '${path}': use tinytorch/runtime, tinytorch/harness or tinytorch/NN_name` }] }
        return { errors: [{ text: `imports are limited to tinytorch/*: '${path}' is not available in the sandbox` }] }
      })

      b.onLoad({ filter: /.*/, namespace: 'tt-entry' }, () => ({
        contents: entrySource(spec.target, token),
        loader: 'ts',
        resolveDir: root
      }))
      b.onLoad({ filter: /.*/, namespace: 'tt-lib' }, (args) => ({
        contents: `module.exports = globalThis.__tt_libs.${args.path}`,
        loader: 'js'
      }))
      b.onLoad({ filter: /.*/, namespace: 'tt-data' }, (args) => ({ contents: datasetSource(args.path), loader: 'js' }))
      b.onLoad({ filter: /.*/, namespace: LEARNER_NS }, (args) => {
        const slash = args.path.indexOf('/')
        const source = modules[args.path.slice(0, slash)]
        const file = args.path.slice(slash + 1)
        if (source?.kind !== 'learner' || !(file in source.files)) return { errors: [{ text: `missing learner file ${args.path}` }] }
        return { contents: source.files[file], loader: 'ts' }
      })
      b.onLoad({ filter: /.*/, namespace: TEST_NS }, (args) => ({
        contents: markerWrap(readFileSync(args.path, 'utf8'), token),
        loader: 'ts',
        resolveDir: dirname(args.path)
      }))
    }
  }
}

function entrySource(target: BundleSpec['target'], token: string): string {
  if (target.kind === 'tests') return target.files.map((f) => `import ${JSON.stringify(`${TEST_NS}:${f}`)}`).join('\n') + '\n'
  return `import main from ${JSON.stringify(target.file)}\nglobalThis.__tt.setMain(${JSON.stringify(token)}, main)\n`
}

/** Turns an esbuild location's file (`learner:01_tensor/tensor.ts`, an absolute path, ...) into what the learner sees. */
export function displayFile(root: string, file: string): string {
  if (file.startsWith(`${LEARNER_NS}:`)) return file.slice(LEARNER_NS.length + 1).replace(/^[^/]+\//, '')
  for (const ns of [TEST_NS, 'file']) if (file.startsWith(`${ns}:`)) file = file.slice(ns.length + 1)
  if (file.startsWith('/') || /^[A-Za-z]:[\\/]/.test(file)) {
    const rel = relative(root, file)
    return rel.startsWith('..') ? file : rel.split(sep).join('/')
  }
  return file
}

function toCompileErrors(root: string, messages: readonly Message[]): CompileError[] {
  const errors = messages.map((m) => ({
    file: m.location ? displayFile(root, m.location.file) : '',
    line: m.location?.line ?? 0,
    column: m.location ? m.location.column + 1 : 0,
    message: m.text.replace(/"learner:[^/"]+\/([^"]+)"/g, '$1'),
    learner: m.location?.file.startsWith(`${LEARNER_NS}:`) ?? false
  }))
  // The learner's own files first: an error there usually causes the ones in test files.
  return errors.sort((a, b) => Number(b.learner) - Number(a.learner)).map(({ learner: _, ...e }) => e)
}

interface BundleCacheEntry {
  inputs: { path: string; mtimeMs: number; size: number }[]
  bundle: Bundle
}
const bundleCache = new Map<string, BundleCacheEntry>()
const BUNDLE_CACHE_SIZE = 24

function specKey(spec: BundleSpec): string {
  const hash = createHash('sha1')
  hash.update(JSON.stringify({ root: spec.root, target: spec.target, allowed: spec.allowedImports }))
  for (const id of Object.keys(spec.modules).sort()) {
    const s = spec.modules[id]!
    hash.update(`\0${id}\0${s.kind}\0${s.entry}`)
    if (s.kind === 'learner') for (const f of Object.keys(s.files).sort()) hash.update(`\0${f}\0${s.files[f]}`)
  }
  return hash.digest('hex')
}

function inputsUnchanged(inputs: BundleCacheEntry['inputs']): boolean {
  try {
    return inputs.every((i) => {
      const st = statSync(i.path)
      return st.mtimeMs === i.mtimeMs && st.size === i.size
    })
  } catch {
    return false
  }
}

export async function compileBundle(spec: BundleSpec): Promise<CompileOutcome> {
  const key = specKey(spec)
  const cached = bundleCache.get(key)
  if (cached && inputsUnchanged(cached.inputs)) {
    bundleCache.delete(key)
    bundleCache.set(key, cached)
    return { ok: true, bundle: cached.bundle }
  }
  const usedReference: string[] = []
  // A secret per compiled bundle: learner code cannot read the test files' top-level code, so it cannot forge markers.
  const token = randomBytes(12).toString('hex')
  let result: Awaited<ReturnType<typeof build>>
  try {
    result = await build({
      ...commonOptions,
      entryPoints: ['tinytorch-entry'],
      absWorkingDir: spec.root,
      outfile: BUNDLE_FILENAME,
      sourcemap: 'external',
      metafile: true,
      plugins: [bundlePlugin(spec, token, usedReference)]
    })
  } catch (e) {
    const failure = e as { errors?: Message[] }
    if (failure.errors) return { ok: false, errors: toCompileErrors(spec.root, failure.errors) }
    throw e
  }
  let code = ''
  let map = ''
  for (const f of result.outputFiles ?? []) {
    if (f.path.endsWith('.map')) map = f.text
    else code = f.text
  }
  const inputs: BundleCacheEntry['inputs'] = []
  for (const input of Object.keys(result.metafile?.inputs ?? {})) {
    let path = input.startsWith(`${TEST_NS}:`) ? input.slice(TEST_NS.length + 1) : input
    if (!isAbsolute(path)) {
      if (/^[a-z-]+:/.test(path)) continue // a virtual module (learner files are part of the key)
      path = join(spec.root, path)
    }
    try {
      const st = statSync(path)
      inputs.push({ path, mtimeMs: st.mtimeMs, size: st.size })
    } catch {
      // not a file
    }
  }
  const bundle: Bundle = { code, map, usedReference, token }
  bundleCache.set(key, { inputs, bundle })
  while (bundleCache.size > BUNDLE_CACHE_SIZE) bundleCache.delete(bundleCache.keys().next().value!)
  return { ok: true, bundle }
}
