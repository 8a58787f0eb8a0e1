// Import of a local question vault (`staffml/vault/**/*.yaml`, the curriculum's interview questions) into the
// learner's data folder. Only the learner's own copy is read; nothing from it is added to this repository.
import { lstatSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join, relative, sep } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { parseUnit, TRACKS, type Track } from './grader'
import { readQuantities } from './reading'
import { sameDims } from './units'

/** Caps that keep an import bounded whatever the folder holds. */
export const VAULT_LIMITS = { files: 20_000, fileBytes: 256 * 1024, depth: 12, warnings: 200 }

const text = (max: number) => z.string().trim().min(1).max(max)
const word = z
  .string()
  .trim()
  .min(1)
  .max(60)
  .transform((s) => s.toLowerCase())

/** One vault file, as far as the import reads it (other fields are ignored). */
const vaultFileSchema = z.object({
  id: z.string().regex(/^[A-Za-z0-9][A-Za-z0-9._-]{0,99}$/, 'id must be letters, digits, dots, dashes or underscores'),
  status: z.string(),
  track: word,
  level: z.string().trim().min(1).max(10),
  zone: word,
  topic: word,
  competency_area: word,
  title: text(300),
  scenario: text(20_000),
  question: text(5_000),
  details: z
    .object({
      realistic_solution: text(20_000).optional(),
      common_mistake: text(10_000).optional(),
      napkin_math: text(20_000).optional(),
      options: z.array(text(2_000)).min(2).max(8).optional(),
      correct_index: z.number().int().min(0).optional()
    })
    .default({})
})

export const importedQuestionSchema = z.object({
  id: z.string(),
  file: z.string(),
  track: z.string(),
  level: z.string(),
  zone: z.string(),
  area: z.string(),
  topic: z.string(),
  title: z.string(),
  scenario: z.string(),
  question: z.string(),
  mode: z.enum(['choice', 'numeric', 'open']),
  options: z.array(z.string()).nullable(),
  correctIndex: z.number().int().nullable(),
  expected: z.object({ value: z.number(), unit: z.string() }).nullable(),
  /** The tolerance track for numeric grading (the vault's own track when it is one of ours). */
  gradingTrack: z.enum(TRACKS),
  napkinMath: z.string().nullable(),
  modelAnswer: z.string().nullable(),
  commonMistake: z.string().nullable()
})
export type ImportedQuestion = z.infer<typeof importedQuestionSchema>

const vaultStoreSchema = z.object({
  format: z.literal('mlsys-drills-vault'),
  version: z.literal(1),
  importedAt: z.string(),
  source: z.string(),
  questions: z.array(importedQuestionSchema)
})

export interface ImportSummary {
  questions: number
  skipped: number
  warnings: string[]
}

/**
 * The single quantity a napkin-math conclusion states ("**Result: ~33 GB** …"), in a unit the grader reads;
 * null when it states none or several.
 */
export function statedResult(napkin: string): { value: number; unit: string } | null {
  const conclusion = napkin.split(/\*\*Conclusion[^*]*\*\*/i)[1] ?? ''
  const result = /Result:?\s*([^\n]*)/i.exec(conclusion)?.[1]?.split('**')[0]
  if (!result) return null
  const found = readQuantities(result)
  if (found.length !== 1) return null
  const reading = found[0]!.readings[0]!
  if (!reading.unit || !Number.isFinite(reading.value)) return null
  // "ms per window" reads back as plain "ms" when the per-part changes nothing
  const plain = reading.unit.label.split('/')[0]!
  for (const unit of [plain, reading.unit.label]) {
    try {
      const u = parseUnit(unit)
      if (u.factor === reading.unit.factor && sameDims(u.dims, reading.unit.dims)) return { value: reading.value, unit }
    } catch {
      // a label the unit parser cannot read back (an odd compound): try the next, else self-graded
    }
  }
  return null
}

/** Validates one parsed vault file into an imported question; a string says why it was not imported. */
export function toImportedQuestion(raw: unknown, file: string): ImportedQuestion | string {
  const parsed = vaultFileSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return `${issue.path.join('.') || '(file)'}: ${issue.message}`
  }
  const q = parsed.data
  if (q.status !== 'published') return `status is "${q.status}", not published`
  const d = q.details
  const hasChoice = d.options !== undefined && d.correct_index !== undefined && d.correct_index < d.options.length
  const expected = !hasChoice && d.napkin_math ? statedResult(d.napkin_math) : null
  return {
    id: `vault:${q.id}`,
    file,
    track: q.track,
    level: q.level,
    zone: q.zone,
    area: q.competency_area,
    topic: q.topic,
    title: q.title,
    scenario: q.scenario,
    question: q.question,
    mode: hasChoice ? 'choice' : expected ? 'numeric' : 'open',
    options: hasChoice ? d.options! : null,
    correctIndex: hasChoice ? d.correct_index! : null,
    expected,
    gradingTrack: (TRACKS as readonly string[]).includes(q.track) ? (q.track as Track) : 'global',
    napkinMath: d.napkin_math ?? null,
    modelAnswer: d.realistic_solution ?? null,
    commonMistake: d.common_mistake ?? null
  }
}

/** The folder to read: `<root>/staffml/vault` when it exists, otherwise the folder itself. */
function vaultFolder(root: string): { folder: string; note: string | null } {
  const nested = join(root, 'staffml', 'vault')
  try {
    if (lstatSync(nested).isDirectory()) return { folder: nested, note: null }
  } catch {
    // no staffml/vault inside: the learner may have chosen the vault folder itself
  }
  return { folder: root, note: `no staffml/vault folder in ${root}: reading the YAML files in the folder itself` }
}

/** Every .yaml file under a folder: no symbolic links followed, bounded in depth and count. */
function yamlFiles(folder: string, warn: (message: string) => void): string[] {
  const out: string[] = []
  const walk = (dir: string, depth: number) => {
    if (depth > VAULT_LIMITS.depth) return warn(`${dir}: deeper than ${VAULT_LIMITS.depth} folders, not read`)
    let names: string[]
    try {
      names = readdirSync(dir).sort()
    } catch (e) {
      return warn(`${dir}: cannot list (${(e as Error).message})`)
    }
    for (const name of names) {
      if (out.length >= VAULT_LIMITS.files) return
      const path = join(dir, name)
      const info = lstatSync(path, { throwIfNoEntry: false })
      if (!info || info.isSymbolicLink()) continue
      if (info.isDirectory()) walk(path, depth + 1)
      else if (info.isFile() && /\.ya?ml$/i.test(name)) out.push(path)
    }
  }
  walk(folder, 0)
  if (out.length >= VAULT_LIMITS.files) warn(`more than ${VAULT_LIMITS.files} YAML files: only the first ${VAULT_LIMITS.files} were read`)
  return out
}

/**
 * Reads every vault question under `root`, in chunks so the caller can report progress and yield. Files that
 * do not parse or validate are skipped with a warning; unpublished questions are counted as skipped.
 */
export async function readVault(
  root: string,
  onProgress: (done: number, total: number) => void | Promise<void> = () => {},
  signal?: AbortSignal
): Promise<{ questions: ImportedQuestion[]; summary: ImportSummary }> {
  const info = lstatSync(root, { throwIfNoEntry: false })
  if (!info?.isDirectory()) throw new VaultError(`${root} is not a folder`)
  const warnings: string[] = []
  let extraWarnings = 0
  const warn = (message: string) => (warnings.length < VAULT_LIMITS.warnings ? warnings.push(message) : extraWarnings++)
  const { folder, note } = vaultFolder(root)
  if (note) warn(note)
  const files = yamlFiles(folder, warn)
  const byId = new Map<string, ImportedQuestion>()
  let skipped = 0
  let unpublished = 0
  for (let i = 0; i < files.length; i++) {
    const path = files[i]!
    const file = relative(folder, path).split(sep).join('/')
    const result = readOne(path, file)
    if (typeof result === 'string') {
      skipped++
      if (result.startsWith('status is')) unpublished++
      else warn(`${file}: ${result}`)
    } else {
      if (byId.has(result.id)) warn(`${file}: duplicate id ${result.id.slice(6)}, the later file wins`)
      byId.set(result.id, result)
    }
    if (i % 200 === 199) {
      await onProgress(i + 1, files.length)
      if (signal?.aborted) throw new VaultCancelled('the vault import was cancelled; the earlier import is unchanged')
    }
  }
  await onProgress(files.length, files.length)
  if (unpublished > 0) warn(`${unpublished} question(s) are not published and were skipped`)
  if (extraWarnings > 0) warnings.push(`… and ${extraWarnings} more warnings`)
  const questions = [...byId.values()]
  return { questions, summary: { questions: questions.length, skipped, warnings } }
}

function readOne(path: string, file: string): ImportedQuestion | string {
  const size = lstatSync(path).size
  if (size > VAULT_LIMITS.fileBytes) return `${size} bytes, larger than the ${VAULT_LIMITS.fileBytes}-byte limit for one question`
  let raw: unknown
  try {
    raw = parse(readFileSync(path, 'utf8'), { maxAliasCount: 50, prettyErrors: false })
  } catch (e) {
    // RangeError covers input nested deeply enough to exhaust the parser's stack
    return `not valid YAML: ${((e as Error).message ?? String(e)).split('\n')[0]}`
  }
  return toImportedQuestion(raw, file)
}

export class VaultError extends Error {}
export class VaultCancelled extends Error {}

/** Where imported questions live: `<data>/drills/vault.json`. */
export function vaultStorePath(dataDir: string): string {
  return join(dataDir, 'drills', 'vault.json')
}

/** Replaces the stored import (ids are stable, so progress on a question carries over a re-import). */
export function saveVault(dataDir: string, source: string, questions: ImportedQuestion[], now = new Date()): void {
  const path = vaultStorePath(dataDir)
  mkdirSync(join(dataDir, 'drills'), { recursive: true })
  const doc = { format: 'mlsys-drills-vault', version: 1, importedAt: now.toISOString(), source, questions }
  writeFileSync(`${path}.tmp`, JSON.stringify(doc))
  renameSync(`${path}.tmp`, path)
}

/** The stored import, or none; a damaged file reads as none with the reason. */
export function loadVault(dataDir: string): { questions: ImportedQuestion[]; source: string | null; problem: string | null } {
  let text: string
  try {
    text = readFileSync(vaultStorePath(dataDir), 'utf8')
  } catch {
    return { questions: [], source: null, problem: null }
  }
  try {
    const doc = vaultStoreSchema.parse(JSON.parse(text))
    return { questions: doc.questions, source: doc.source, problem: null }
  } catch (e) {
    return {
      questions: [],
      source: null,
      problem: `the imported vault (${vaultStorePath(dataDir)}) is unreadable: ${(e as Error).message.slice(0, 200)}; import it again`
    }
  }
}
