/**
 * Reads the TinyTorch curriculum from disk: `<root>/NN_name/module.json` and the files around it.
 * The root is always a parameter; `curriculumRoot()` finds the repository copy for tsx, vitest and the CLI.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { z } from 'zod'

export const MODULE_ID = /^\d\d_[a-z0-9_]+$/
const FILE_NAME = /^[A-Za-z0-9_][A-Za-z0-9_.-]*\.ts$/

const moduleSchema = z.object({
  id: z.string().regex(MODULE_ID, 'must look like "01_tensor" (two digits, underscore, lowercase name)'),
  title: z.string().min(1),
  order: z.number().int().min(0),
  summary: z.string(),
  prerequisites: z.array(z.string().regex(MODULE_ID, 'must be a module id like "01_tensor"')).default([]),
  files: z.array(z.string().regex(FILE_NAME, 'must be a plain .ts file name (no folders)')).min(1, 'must list at least one file'),
  tasks: z.array(z.object({ id: z.string().min(1), title: z.string().min(1) })).min(1, 'must list at least one task')
})

const hintsSchema = z.record(z.string(), z.array(z.string()))

export type ModuleManifest = z.infer<typeof moduleSchema>

export interface ModuleInfo extends ModuleManifest {
  /** Absolute folder of the module. */
  dir: string
  /** The learner's entry file (the first of `files`). */
  entry: string
  lesson: string
  /** Starter text of each file in `files`. */
  starter: Record<string, string>
  hints: Record<string, string[]>
  /** `<root>/reference/NN_name/index.ts`, or null when there is none yet. */
  referenceEntry: string | null
  tests: { visible: string | null; hidden: string | null }
  /** `systems.ts`, or null. */
  systems: string | null
}

export class CurriculumError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CurriculumError'
  }
}

/**
 * The repository's `curriculum/tinytorch`, found by walking up from this file (works from
 * `src-main/grader` under tsx and vitest, and from `out/main` when the folder sits beside the build).
 */
export function curriculumRoot(): string {
  const env = process.env.MLSYS_CURRICULUM_DIR
  if (env) return resolve(env)
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd()
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'curriculum', 'tinytorch')
    if (existsSync(join(candidate, 'harness', 'index.ts'))) return candidate
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  throw new CurriculumError('cannot find curriculum/tinytorch (pass the curriculum root explicitly)')
}

/** Folder names of modules that have a module.json, in folder order (no parsing). */
export function listModuleIds(root: string): string[] {
  if (!existsSync(root)) return []
  return readdirSync(root)
    .filter((name) => MODULE_ID.test(name) && existsSync(join(root, name, 'module.json')))
    .sort()
}

/** Every module of the curriculum, validated, ordered by `order` then id. */
export function listModules(root: string): ModuleInfo[] {
  return listModuleIds(root)
    .map((id) => loadModule(root, id))
    .sort((a, b) => a.order - b.order || a.id.localeCompare(b.id))
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch (e) {
    throw new CurriculumError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
}

function fieldPath(path: readonly PropertyKey[]): string {
  return path.reduce<string>((acc, key) => (typeof key === 'number' ? `${acc}[${key}]` : acc ? `${acc}.${String(key)}` : String(key)), '')
}

function parseJson(path: string): unknown {
  const text = readText(path)
  try {
    return JSON.parse(text)
  } catch (e) {
    throw new CurriculumError(`${path} is not valid JSON: ${(e as Error).message}`)
  }
}

function optionalFile(path: string): string | null {
  return existsSync(path) && statSync(path).isFile() ? path : null
}

export function loadModule(root: string, id: string): ModuleInfo {
  if (!MODULE_ID.test(id)) throw new CurriculumError(`"${id}" is not a module id (expected something like "01_tensor")`)
  const dir = join(root, id)
  const manifestPath = join(dir, 'module.json')
  if (!existsSync(manifestPath)) {
    const known = listModuleIds(root)
    throw new CurriculumError(`unknown module "${id}"; known modules: ${known.length ? known.join(', ') : '(none)'}`)
  }
  const parsed = moduleSchema.safeParse(parseJson(manifestPath))
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new CurriculumError(`${manifestPath}: field "${fieldPath(issue.path) || '(root)'}" ${issue.message}`)
  }
  const manifest = parsed.data
  if (manifest.id !== id) throw new CurriculumError(`${manifestPath}: field "id" is "${manifest.id}" but the folder is "${id}"`)

  const starter: Record<string, string> = {}
  for (const file of manifest.files) starter[file] = readText(join(dir, file))

  let hints: Record<string, string[]> = {}
  const hintsPath = join(dir, 'hints.json')
  if (existsSync(hintsPath)) {
    const h = hintsSchema.safeParse(parseJson(hintsPath))
    if (!h.success) {
      const issue = h.error.issues[0]!
      throw new CurriculumError(`${hintsPath}: field "${fieldPath(issue.path) || '(root)'}" ${issue.message}`)
    }
    hints = h.data
  }

  const lessonPath = join(dir, 'lesson.md')
  return {
    ...manifest,
    dir,
    entry: manifest.files[0]!,
    lesson: existsSync(lessonPath) ? readText(lessonPath) : '',
    starter,
    hints,
    referenceEntry: optionalFile(join(root, 'reference', id, 'index.ts')),
    tests: { visible: optionalFile(join(dir, 'tests', 'visible.ts')), hidden: optionalFile(join(dir, 'tests', 'hidden.ts')) },
    systems: optionalFile(join(dir, 'systems.ts'))
  }
}

/** Every module `id` builds on, directly or through another, in id order. */
export function prerequisiteClosure(root: string, id: string): string[] {
  const seen = new Set<string>()
  const visit = (m: string): void => {
    let prerequisites: readonly string[] = []
    try {
      prerequisites = loadModule(root, m).prerequisites
    } catch {
      return
    }
    for (const p of prerequisites) {
      if (seen.has(p)) continue
      seen.add(p)
      visit(p)
    }
  }
  visit(id)
  return [...seen].sort()
}

/** Milestone scripts: `<root>/milestones/<id>.ts`. */
export function listMilestones(root: string): string[] {
  const dir = join(root, 'milestones')
  if (!existsSync(dir)) return []
  return readdirSync(dir)
    .filter((f) => f.endsWith('.ts') && !f.endsWith('.test.ts'))
    .map((f) => f.slice(0, -3))
    .sort()
}

export function milestonePath(root: string, id: string): string {
  if (!/^[A-Za-z0-9_-]+$/.test(id)) throw new CurriculumError(`"${id}" is not a milestone id`)
  const path = join(root, 'milestones', `${id}.ts`)
  if (!existsSync(path)) {
    const known = listMilestones(root)
    throw new CurriculumError(`unknown milestone "${id}"; known milestones: ${known.length ? known.join(', ') : '(none)'}`)
  }
  return path
}

/** A curriculum script by its path relative to the root (`devices/train_classifier.ts`): no climbing out, .ts only. */
export function scriptPath(root: string, script: string): string {
  if (!/^[a-z0-9_]+\/[A-Za-z0-9_]+\.ts$/.test(script))
    throw new CurriculumError(`"${script}" is not a curriculum script (like devices/train_classifier.ts)`)
  const path = join(root, script)
  if (!existsSync(path)) throw new CurriculumError(`there is no curriculum script ${script} (looked for ${path})`)
  return path
}
