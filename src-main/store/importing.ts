/**
 * Checking log entries before they land: payload schemas, a nesting limit, and the import of an export
 * file entry by entry. Pure functions (no database), so a worker thread can run them on a large file.
 */
import { activityKinds, type ActivityKind, domainOf, isActivityKind, kindSpec } from './activities'
import { EXPORT_FORMAT, EXPORT_VERSION, exportedActivitySchema } from './exportFormat'

/** Deeper than this, a payload is refused (SQLite's JSON functions stop at 1000; no real entry comes close). */
export const MAX_PAYLOAD_DEPTH = 64
/** Rejected entries reported by name; the count covers the rest. */
export const MAX_REPORTED_PROBLEMS = 20

/** Nesting depth of a JSON-like value, measured without recursion (so a hostile value cannot overflow the stack). */
export function jsonDepth(value: unknown, limit = MAX_PAYLOAD_DEPTH + 1): number {
  let deepest = 0
  const stack: [unknown, number][] = [[value, 0]]
  while (stack.length > 0) {
    const [v, d] = stack.pop()!
    if (v === null || typeof v !== 'object') continue
    if (d + 1 > deepest) deepest = d + 1
    if (deepest >= limit) return deepest
    for (const child of Object.values(v as Record<string, unknown>)) stack.push([child, d + 1])
  }
  return deepest
}

export type CheckedEntry = { ok: true; payload: unknown } | { ok: false; problem: string }

/** A payload checked against its kind's schema and the nesting limit. */
export function checkEntry(kind: ActivityKind, payload: unknown): CheckedEntry {
  if (jsonDepth(payload) > MAX_PAYLOAD_DEPTH) return { ok: false, problem: `payload is nested more than ${MAX_PAYLOAD_DEPTH} levels deep` }
  const parsed = kindSpec(kind).payload.safeParse(payload)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    return { ok: false, problem: `${issue.path.join('.') || 'payload'}: ${issue.message}` }
  }
  return { ok: true, payload: parsed.data }
}

export interface PreparedEntry {
  uid: string
  at: string
  kind: ActivityKind
  subject: string
  payload: unknown
}

export type PreparedImport = { ok: true; entries: PreparedEntry[]; rejected: string[] } | { ok: false; problem: string }

export interface ImportOutcome {
  added: number
  skipped: number
  rejected: number
  /** The first rejected entries, each with its index and why. */
  problems: string[]
}

/** Reads an export file: the document must be one; each entry is then accepted or rejected on its own. */
export function prepareImport(text: string): PreparedImport {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    return { ok: false, problem: `not a progress export: the file is not valid JSON (${(e as Error).message})` }
  }
  const doc = raw as { format?: unknown; version?: unknown; activities?: unknown } | null
  if (doc === null || typeof doc !== 'object' || Array.isArray(doc))
    return { ok: false, problem: 'not a progress export: the file holds no JSON object' }
  if (doc.format !== EXPORT_FORMAT) return { ok: false, problem: `not a valid progress export: format must be "${EXPORT_FORMAT}"` }
  if (doc.version !== EXPORT_VERSION) {
    return { ok: false, problem: `this export is format version ${String(doc.version)}; this app reads version ${EXPORT_VERSION}` }
  }
  if (!Array.isArray(doc.activities)) return { ok: false, problem: 'not a valid progress export: activities must be a list' }
  const entries: PreparedEntry[] = []
  const rejected: string[] = []
  const seen = new Set<string>()
  doc.activities.forEach((a: unknown, index) => {
    const where = `activities[${index}]`
    const shape = exportedActivitySchema.safeParse(a)
    if (!shape.success) {
      const issue = shape.error.issues[0]!
      rejected.push(`${where}: ${issue.path.join('.') || 'entry'}: ${issue.message}`)
      return
    }
    const e = shape.data
    if (!isActivityKind(e.kind)) {
      rejected.push(`${where}: unknown kind "${e.kind.slice(0, 100)}" (known: ${Object.keys(activityKinds).join(', ')})`)
      return
    }
    const checked = checkEntry(e.kind, e.payload)
    if (!checked.ok) {
      rejected.push(`${where} (${e.kind}): ${checked.problem}`)
      return
    }
    if (domainOf(e.kind, checked.payload) !== e.domain) {
      rejected.push(`${where}: kind ${e.kind} does not belong to domain ${e.domain}`)
      return
    }
    if (seen.has(e.uid)) {
      rejected.push(`${where}: uid ${e.uid} appears twice in the file`)
      return
    }
    seen.add(e.uid)
    entries.push({ uid: e.uid, at: new Date(e.at).toISOString(), kind: e.kind, subject: e.subject, payload: checked.payload })
  })
  return { ok: true, entries, rejected }
}
