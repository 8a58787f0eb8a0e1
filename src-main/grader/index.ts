/**
 * The TinyTorch grader: compiles a module's learner code with its tests (compile.ts), runs them in the
 * sandbox (sandbox.ts) and returns an Exercism-style result. Also runs a module's systems.ts and the
 * milestone scripts in the same sandbox.
 */
import { createHash } from 'node:crypto'
import { existsSync, readFileSync } from 'node:fs'
import { SourceMap } from 'node:module'
import { join } from 'node:path'
import { z } from 'zod'
import { BUNDLE_FILENAME, type Bundle, compileBundle, compileLibs, displayFile, type ModuleSource } from './compile'
import {
  CurriculumError,
  curriculumRoot,
  listModuleIds,
  loadModule,
  type ModuleInfo,
  milestonePath,
  prerequisiteClosure,
  scriptPath
} from './curriculum'
import { listTests, runInSandbox, type SandboxLimits, type SandboxOutcome, type SandboxTestMeta } from './sandbox'
import type {
  CompileError,
  GradeResult,
  MilestoneProgress,
  MilestoneResult,
  SourceOptions,
  Status,
  Suite,
  SystemsResult,
  SystemsRow,
  TestResult
} from './types'

export * from './types'
export {
  CurriculumError,
  curriculumRoot,
  listModuleIds,
  listModules,
  listMilestones,
  loadModule,
  MODULE_ID,
  type ModuleInfo,
  prerequisiteClosure
} from './curriculum'
export {
  buildSandboxFiles,
  DEFAULT_LIMITS,
  forkLauncher,
  type GradingProcess,
  type ProcessLauncher,
  PRELUDE_SCRIPT,
  SANDBOX_SCRIPT,
  type SandboxLimits,
  setPrestart,
  setProcessLauncher,
  shutdownGrading
} from './sandbox'

export interface GradeOptions extends SourceOptions {
  moduleId: string
  suite: Suite
  onProgress?: (done: number, total: number) => void
  limits?: Partial<SandboxLimits>
}

export interface SystemsOptions extends SourceOptions {
  moduleId: string
  limits?: Partial<SandboxLimits>
}

export interface MilestoneOptions extends Omit<SourceOptions, 'files'> {
  milestoneId: string
  onProgress?: (p: MilestoneProgress) => void
  /** console output of the script as it is printed. */
  onOutput?: (text: string) => void
  limits?: Partial<SandboxLimits>
}

const MILESTONE_TIMEOUT_MS = 120_000

export interface ScriptOptions extends Omit<SourceOptions, 'files'> {
  /** A curriculum script, relative to the curriculum root (e.g. `devices/train_classifier.ts`). */
  script: string
  /** JSON-serialisable data, passed to the script's default export as its second argument. */
  input?: unknown
  onProgress?: (p: MilestoneProgress) => void
  onOutput?: (text: string) => void
  limits?: Partial<SandboxLimits>
}

export interface ScriptResult {
  status: 'ok' | 'error'
  /** What the script's default export returned (JSON), or null on error. */
  value: unknown
  message: string | null
  output: string
  usedReference: string[]
  compileErrors: CompileError[]
  durationSeconds: number
}

// ---------------------------------------------------------------------------------------------------------
// Where each module's code comes from.

function readWorkspaceFiles(workspaceDir: string | undefined, mod: ModuleInfo): Record<string, string> {
  const out: Record<string, string> = {}
  if (!workspaceDir) return out
  for (const file of mod.files) {
    const path = join(workspaceDir, mod.id, file)
    if (existsSync(path)) out[file] = readFileSync(path, 'utf8')
  }
  return out
}

/**
 * The graded module (if any) is the learner's code: starter, overlaid by the workspace copy, overlaid by
 * `files`. Other modules: the learner's code the same way, unless the learner chose to take them from the
 * reference (`useReference` lists them; 'all' makes every module the reference, the graded one included).
 * A reference is never substituted silently: results list every module that ran as the reference.
 */
export function resolveModuleSources(root: string, gradedId: string | null, opts: SourceOptions): Record<string, ModuleSource> {
  const modules: Record<string, ModuleSource> = {}
  const all = opts.useReference === 'all'
  const listed = new Set(Array.isArray(opts.useReference) ? opts.useReference : [])
  for (const id of listModuleIds(root)) {
    let mod: ModuleInfo
    try {
      mod = loadModule(root, id)
    } catch (e) {
      if (id === gradedId) throw e
      continue
    }
    const reference = mod.referenceEntry ? ({ kind: 'reference', entry: mod.referenceEntry } as const) : null
    if (all || (id !== gradedId && listed.has(id))) {
      if (!reference)
        throw new CurriculumError(`module "${id}" has no reference solution (expected ${join(root, 'reference', id, 'index.ts')})`)
      modules[id] = reference
      continue
    }
    const files = { ...mod.starter, ...readWorkspaceFiles(opts.workspaceDir, mod) }
    if (id === gradedId) {
      for (const [name, text] of Object.entries(opts.files ?? {})) {
        if (!mod.files.includes(name)) throw new CurriculumError(`"${name}" is not one of the files of ${id} (${mod.files.join(', ')})`)
        files[name] = text
      }
    }
    modules[id] = { kind: 'learner', entry: mod.entry, files }
  }
  return modules
}

/** What each module's learner files may import: the modules it builds on. */
function allowedImports(root: string, modules: Record<string, ModuleSource>): Record<string, string[]> {
  const allowed: Record<string, string[]> = {}
  for (const [id, source] of Object.entries(modules)) if (source.kind === 'learner') allowed[id] = prerequisiteClosure(root, id)
  return allowed
}

// ---------------------------------------------------------------------------------------------------------
// Stack frames → learner file locations.

const sourceMaps = new WeakMap<Bundle, SourceMap | null>()

function learnerLocation(root: string, bundle: Bundle, stack: string): string | null {
  if (!stack || !bundle.map) return null
  let map = sourceMaps.get(bundle)
  if (map === undefined) {
    try {
      map = new SourceMap(JSON.parse(bundle.map))
    } catch {
      map = null
    }
    sourceMaps.set(bundle, map)
  }
  if (!map) return null
  // "    at name (tinytorch-bundle.js:L:C)" or "    at tinytorch-bundle.js:L:C"
  const frame = new RegExp(`at (?:([^\\n(]+?) \\()?${BUNDLE_FILENAME.replace(/[.]/g, '\\.')}:(\\d+):(\\d+)`, 'g')
  let fallback: string | null = null
  for (const m of stack.matchAll(frame)) {
    const entry = map.findEntry(Number(m[2]) - 1, Number(m[3]) - 1) as {
      originalSource?: string
      originalLine?: number
      originalColumn?: number
    }
    const source = entry?.originalSource
    if (source === undefined || entry.originalLine === undefined || !source.includes('learner:')) continue
    const where = `${displayFile(root, source.slice(source.indexOf('learner:')))}:${entry.originalLine + 1}:${(entry.originalColumn ?? 0) + 1}`
    // A helper like `throw todo('task', ...)` creates the error: point at its caller instead.
    if (m[1] && /(^|[. ])todo\d*( \[as \S+\])?$/i.test(m[1])) {
      fallback ??= where
      continue
    }
    return where
  }
  return fallback
}

function withLocation(root: string, bundle: Bundle, message: string, stack: string): string {
  const where = learnerLocation(root, bundle, stack)
  return where ? `${message} (at ${where})` : message
}

// ---------------------------------------------------------------------------------------------------------

function suiteFiles(mod: ModuleInfo, suite: Suite): string[] {
  const files = suite === 'visible' ? [mod.tests.visible] : suite === 'hidden' ? [mod.tests.hidden] : [mod.tests.visible, mod.tests.hidden]
  const present = files.filter((f): f is string => f !== null)
  if (present.length === 0)
    throw new CurriculumError(`module "${mod.id}" has no ${suite === 'all' ? '' : `${suite} `}tests (expected ${join(mod.dir, 'tests')})`)
  return present
}

function seconds(start: number): number {
  return Math.round(((performance.now() - start) / 1000) * 1e4) / 1e4
}

function usedReferenceFor(bundle: Bundle, gradedId: string | null, all: boolean): string[] {
  return bundle.usedReference.filter((id) => all || id !== gradedId).sort()
}

/** The result with its keys in the documented order (the CLI prints it as is). */
function ordered(r: GradeResult): GradeResult {
  const { moduleId, suite, status, score, maxScore, message, tests, usedReference, compileErrors, durationSeconds } = r
  return { moduleId, suite, status, score, maxScore, message, tests, usedReference, compileErrors, durationSeconds }
}

function compileMessage(errors: CompileError[]): string {
  const e = errors[0]!
  const more = errors.length > 1 ? ` (and ${errors.length - 1} more)` : ''
  return `compile error in ${e.file}:${e.line}:${e.column}: ${e.message}${more}`
}

// ---------------------------------------------------------------------------------------------------------
// The app's own copy of each module's tests: listed from a bundle of the tests with every module as the
// reference (curriculum code only), in this process, cached by that bundle's text. Points, names, tasks and
// hints always come from here; the sandbox's own list is only compared with it.

const listings = new Map<string, SandboxTestMeta[]>()

async function hostTests(root: string, mod: ModuleInfo, testFiles: string[], libs: string): Promise<SandboxTestMeta[]> {
  const compiled = await compileBundle({
    root,
    target: { kind: 'tests', files: testFiles },
    modules: resolveModuleSources(root, mod.id, { useReference: 'all' }),
    allowedImports: {}
  })
  if (!compiled.ok)
    throw new CurriculumError(`the tests of ${mod.id} do not compile against the reference: ${compileMessage(compiled.errors)}`)
  const key = createHash('sha256').update(libs).update('\0').update(compiled.bundle.code).digest('hex')
  let tests = listings.get(key)
  if (!tests) {
    tests = await listTests(libs, compiled.bundle.code, BUNDLE_FILENAME, compiled.bundle.token)
    if (listings.size > 64) listings.clear()
    listings.set(key, tests)
  }
  return tests
}

type Base = Omit<GradeResult, 'status' | 'score' | 'maxScore' | 'tests' | 'durationSeconds'>

/** Every test of the module, none run: for a compile error, a load error or a run that never started. */
function notRun(mod: ModuleInfo, host: SandboxTestMeta[], base: Base, why: string, start: number): GradeResult {
  const tests: TestResult[] = host.map((meta) => ({
    name: meta.name,
    task: meta.task,
    status: 'error',
    points: 0,
    maxPoints: meta.points,
    message: `not run: ${why}`,
    output: '',
    hint: meta.hint ?? mod.hints[meta.task]?.[0] ?? null,
    durationSeconds: 0
  }))
  const maxScore = host.reduce((sum, t) => sum + t.points, 0)
  return ordered({ ...base, status: 'error', score: 0, maxScore, tests, durationSeconds: seconds(start) })
}

export async function gradeModule(opts: GradeOptions): Promise<GradeResult> {
  const start = performance.now()
  const root = opts.root ?? curriculumRoot()
  const mod = loadModule(root, opts.moduleId)
  const testFiles = suiteFiles(mod, opts.suite)
  const modules = resolveModuleSources(root, mod.id, opts)
  const all = opts.useReference === 'all'
  const libs = await compileLibs(root)
  const [host, compiled] = await Promise.all([
    hostTests(root, mod, testFiles, libs.code),
    compileBundle({ root, target: { kind: 'tests', files: testFiles }, modules, allowedImports: allowedImports(root, modules) })
  ])
  const base: Base = { moduleId: mod.id, suite: opts.suite, message: null, usedReference: [], compileErrors: [] }
  if (!compiled.ok) {
    const message = compileMessage(compiled.errors)
    return notRun(mod, host, { ...base, message, compileErrors: compiled.errors }, 'the code did not compile', start)
  }
  const bundle = compiled.bundle
  base.usedReference = usedReferenceFor(bundle, mod.id, all)

  const outcome = await runInSandbox({
    libs: libs.code,
    bundle: bundle.code,
    bundleName: BUNDLE_FILENAME,
    token: bundle.token,
    kind: 'tests',
    limits: opts.limits,
    signal: opts.signal,
    onTestDone: (i) => opts.onProgress?.(i + 1, host.length)
  })
  return composeGrade(root, mod, bundle, outcome, host, base, start)
}

function composeGrade(
  root: string,
  mod: ModuleInfo,
  bundle: Bundle,
  outcome: SandboxOutcome,
  host: SandboxTestMeta[],
  base: Base,
  start: number
): GradeResult {
  if (outcome.loadError) {
    const msg = withLocation(root, bundle, outcome.loadError.message, outcome.loadError.stack)
    return notRun(mod, host, { ...base, message: `the code failed while loading: ${msg}` }, 'the code failed while loading', start)
  }
  if (outcome.tests.length === 0) {
    const why = outcome.crash ? `the run stopped before any test: ${outcome.crash}` : 'the sandbox registered no tests'
    return notRun(mod, host, { ...base, message: why }, why, start)
  }
  const same = outcome.tests.length === host.length && outcome.tests.every((t, i) => t.name === host[i]!.name && t.task === host[i]!.task)
  if (!same) {
    const why = 'the tests that ran are not the tests of this module (something changed the test list)'
    return notRun(mod, host, { ...base, message: why }, why, start)
  }
  const tests: TestResult[] = host.map((meta, i) => {
    const r = outcome.results[i]
    const hint = meta.hint ?? mod.hints[meta.task]?.[0] ?? null
    if (!r) {
      const message =
        outcome.crashedAt === i
          ? `stopped: ${outcome.crash ?? 'the sandbox stopped'}`
          : `not run: ${outcome.crashedAt !== null ? `the sandbox was stopped while running "${host[outcome.crashedAt]?.name ?? '?'}" (${outcome.crash})` : (outcome.crash ?? 'the sandbox stopped')}`
      return {
        name: meta.name,
        task: meta.task,
        status: 'error',
        points: 0,
        maxPoints: meta.points,
        message,
        output: '',
        hint,
        durationSeconds: 0
      }
    }
    const status: Status = r.state === 'pass' || r.state === 'fail' ? r.state : 'error'
    const message = status === 'pass' ? null : status === 'error' ? withLocation(root, bundle, r.message ?? 'error', r.stack) : r.message
    return {
      name: meta.name,
      task: meta.task,
      status,
      points: status === 'pass' ? meta.points : 0,
      maxPoints: meta.points,
      message,
      output: r.output,
      hint: status === 'pass' ? null : hint,
      durationSeconds: Math.round(r.durationSeconds * 1e4) / 1e4
    }
  })
  const score = tests.reduce((s, t) => s + t.points, 0)
  const maxScore = tests.reduce((s, t) => s + t.maxPoints, 0)
  const passed = tests.filter((t) => t.status === 'pass').length
  const status: Status = passed === tests.length ? 'pass' : 'fail'
  const message =
    status === 'pass'
      ? null
      : outcome.crash
        ? `${passed} of ${tests.length} tests passed; the run was stopped: ${outcome.crash}`
        : `${passed} of ${tests.length} tests passed`
  return ordered({ ...base, status, score, maxScore, message, tests, durationSeconds: seconds(start) })
}

// ---------------------------------------------------------------------------------------------------------
// systems.ts and milestones: a default-exported function called once in the sandbox.

const systemsSchema = z.object({
  rows: z.array(
    z.object({
      label: z.string(),
      measured: z.number(),
      estimate: z.number().nullable(),
      unit: z.enum(['bytes', 'FLOP', 'seconds', 'count'])
    })
  ),
  note: z.string().optional()
})

const milestoneSchema = z.object({
  achieved: z.boolean(),
  summary: z.string(),
  metrics: z.record(z.string(), z.number()),
  // The trained model and its test outputs, for "Run in ONNX Runtime"; validated where it is used (src-main/tensor).
  onnx: z.unknown().optional()
})

const progressSchema = z.object({
  step: z.number(),
  total: z.number(),
  metrics: z.record(z.string(), z.number()),
  message: z.string().optional()
})

interface MainRun {
  ok: boolean
  value: unknown
  message: string | null
  output: string
  usedReference: string[]
  compileErrors: CompileError[]
}

async function runMain(
  root: string,
  file: string,
  gradedId: string | null,
  opts: SourceOptions,
  limits: Partial<SandboxLimits> | undefined,
  onEmit?: (data: { report?: string; console?: string }) => void,
  input?: string
): Promise<MainRun> {
  const modules = resolveModuleSources(root, gradedId, opts)
  const [libs, compiled] = await Promise.all([
    compileLibs(root),
    compileBundle({ root, target: { kind: 'main', file }, modules, allowedImports: allowedImports(root, modules) })
  ])
  if (!compiled.ok) {
    return {
      ok: false,
      value: null,
      message: compileMessage(compiled.errors),
      output: '',
      usedReference: [],
      compileErrors: compiled.errors
    }
  }
  const bundle = compiled.bundle
  const usedReference = usedReferenceFor(bundle, gradedId, opts.useReference === 'all')
  const outcome = await runInSandbox({
    libs: libs.code,
    bundle: bundle.code,
    bundleName: BUNDLE_FILENAME,
    token: bundle.token,
    kind: 'main',
    limits,
    signal: opts.signal,
    streamOutput: onEmit !== undefined,
    onEmit,
    input
  })
  const fail = (message: string, output = ''): MainRun => ({ ok: false, value: null, message, output, usedReference, compileErrors: [] })
  if (outcome.loadError)
    return fail(
      `the code failed while loading: ${withLocation(root, bundle, outcome.loadError.message, outcome.loadError.stack)}`,
      outcome.loadOutput
    )
  const r = outcome.main
  if (!r) return fail(outcome.crash ?? 'the script did not run', outcome.loadOutput)
  const output = outcome.loadOutput + r.output
  if (r.state !== 'pass') return fail(withLocation(root, bundle, r.message ?? 'error', r.stack), output)
  let value: unknown = null
  try {
    value = r.value === null ? null : JSON.parse(r.value)
  } catch {
    return fail('the script returned something that is not JSON', output)
  }
  return { ok: true, value, message: null, output, usedReference, compileErrors: [] }
}

export async function runSystems(opts: SystemsOptions): Promise<SystemsResult> {
  const start = performance.now()
  const root = opts.root ?? curriculumRoot()
  const mod = loadModule(root, opts.moduleId)
  if (!mod.systems) throw new CurriculumError(`module "${mod.id}" has no systems.ts`)
  const run = await runMain(root, mod.systems, mod.id, opts, opts.limits)
  const base = { moduleId: mod.id, output: run.output, usedReference: run.usedReference, compileErrors: run.compileErrors }
  if (!run.ok) return { ...base, status: 'error', rows: [], note: null, message: run.message, durationSeconds: seconds(start) }
  const parsed = systemsSchema.safeParse(run.value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return {
      ...base,
      status: 'error',
      rows: [],
      note: null,
      message: `systems() returned an unexpected value at "${issue.path.join('.')}": ${issue.message}`,
      durationSeconds: seconds(start)
    }
  }
  const rows: SystemsRow[] = parsed.data.rows
  return { ...base, status: 'ok', rows, note: parsed.data.note ?? null, message: null, durationSeconds: seconds(start) }
}

/** Passes a script's progress reports (validated) and console output to the caller. */
function emitTo(opts: { onProgress?: (p: MilestoneProgress) => void; onOutput?: (text: string) => void }) {
  return (data: { report?: string; console?: string }): void => {
    if (data.report !== undefined && opts.onProgress) {
      try {
        const p = progressSchema.safeParse(JSON.parse(data.report))
        if (p.success) opts.onProgress(p.data)
      } catch {
        // ignore a malformed report
      }
    }
    if (data.console !== undefined) opts.onOutput?.(data.console)
  }
}

/**
 * Runs a curriculum script's default export `(report, input)` in the sandbox with the learner's modules
 * (or references), passing `input` as JSON; returns what it returned. Used by the devices domain to
 * train a model on a captured dataset.
 */
export async function runScript(opts: ScriptOptions): Promise<ScriptResult> {
  const start = performance.now()
  const root = opts.root ?? curriculumRoot()
  const file = scriptPath(root, opts.script)
  const limits = { mainTimeoutMs: MILESTONE_TIMEOUT_MS, ...opts.limits }
  const input = opts.input === undefined ? undefined : JSON.stringify(opts.input)
  const run = await runMain(root, file, null, opts, limits, emitTo(opts), input)
  const base = { output: run.output, usedReference: run.usedReference, compileErrors: run.compileErrors, durationSeconds: seconds(start) }
  return run.ok
    ? { ...base, status: 'ok', value: run.value, message: null }
    : { ...base, status: 'error', value: null, message: run.message }
}

export async function runMilestone(opts: MilestoneOptions): Promise<MilestoneResult> {
  const start = performance.now()
  const root = opts.root ?? curriculumRoot()
  const file = milestonePath(root, opts.milestoneId)
  const limits = { mainTimeoutMs: MILESTONE_TIMEOUT_MS, ...opts.limits }
  const run = await runMain(root, file, null, opts, limits, emitTo(opts))
  const base = { milestoneId: opts.milestoneId, output: run.output, usedReference: run.usedReference, compileErrors: run.compileErrors }
  if (!run.ok)
    return { ...base, status: 'error', achieved: false, summary: '', metrics: {}, message: run.message, durationSeconds: seconds(start) }
  const parsed = milestoneSchema.safeParse(run.value)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return {
      ...base,
      status: 'error',
      achieved: false,
      summary: '',
      metrics: {},
      message: `run() returned an unexpected value at "${issue.path.join('.')}": ${issue.message}`,
      durationSeconds: seconds(start)
    }
  }
  return { ...base, status: 'ok', ...parsed.data, message: null, durationSeconds: seconds(start) }
}
