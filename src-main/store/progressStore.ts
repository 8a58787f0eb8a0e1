import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import type { ActivityView, Domain, Route } from '../../src-preload/contract'
import { domainSchema } from '../../src-preload/contract'
import { AppError } from '../shared/errors'
import { activityKinds, domainOf, isActivityKind, kindSpec, type ActivityKind, type PayloadOf, type StoredActivity } from './activities'
import { openDatabase, type OpenedDatabase } from './database'
import { EXPORT_FORMAT, EXPORT_VERSION, parseExportDocument, type ExportDocument, type ExportedActivity } from './exportFormat'
import { schemaVersion } from './migrations'

interface ActivityRow {
  seq: number
  uid: string
  at: string
  domain: Domain
  kind: string
  subject: string
  payload: string
}

export interface DomainTotals {
  domain: Domain
  events: number
  figures: { label: string; value: number }[]
}

/** The progress store: the single source of truth for everything the learner has done. */
export class ProgressStore {
  readonly path: string
  readonly recovery: OpenedDatabase['recovery']
  private readonly db: Database.Database

  private constructor(
    opened: OpenedDatabase,
    private readonly now: () => Date
  ) {
    this.db = opened.db
    this.path = opened.path
    this.recovery = opened.recovery
  }

  static open(dataDir: string, now: () => Date = () => new Date()): ProgressStore {
    return new ProgressStore(openDatabase(dataDir, now), now)
  }

  get schemaVersion(): number {
    return schemaVersion(this.db)
  }

  close(): void {
    this.db.close()
  }

  /** Appends one entry to the log and applies it to current state, atomically. Returns its uid. */
  record<K extends ActivityKind>(kind: K, subject: string, payload: PayloadOf<K>): string {
    const parsed = kindSpec(kind).payload.safeParse(payload)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw new AppError('bad-request', `invalid ${kind} entry: ${issue.path.join('.') || 'payload'}: ${issue.message}`)
    }
    const uid = randomUUID()
    this.db.transaction(() => {
      const entry = { uid, at: this.now().toISOString(), kind, subject, payload: parsed.data }
      const seq = this.insert(entry)!
      kindSpec(kind).apply?.(this.db, { ...entry, seq })
    })()
    return uid
  }

  /** Appends one log entry; returns its seq, or null when an entry with that uid is already there. */
  private insert(e: { uid: string; at: string; kind: ActivityKind; subject: string; payload: unknown }): number | null {
    const info = this.db
      .prepare('INSERT OR IGNORE INTO activity (uid, at, domain, kind, subject, payload) VALUES (?, ?, ?, ?, ?, ?)')
      .run(e.uid, e.at, domainOf(e.kind, e.payload), e.kind, e.subject, JSON.stringify(e.payload))
    return info.changes === 0 ? null : Number(info.lastInsertRowid)
  }

  /** Clears every derived table and replays the log in time order. */
  rebuild(): void {
    this.db.transaction(() => {
      for (const table of [
        'chapter_state',
        'bookmark',
        'note',
        'exercise_state',
        'milestone_state',
        'drill_card',
        'sim_scenario',
        'deployment'
      ]) {
        this.db.prepare(`DELETE FROM ${table}`).run()
      }
      for (const row of this.db.prepare('SELECT * FROM activity ORDER BY at, seq').all() as ActivityRow[]) {
        if (!isActivityKind(row.kind)) continue
        kindSpec(row.kind).apply?.(this.db, this.toStored(row))
      }
    })()
  }

  private toStored(row: ActivityRow): StoredActivity {
    return { seq: row.seq, uid: row.uid, at: row.at, subject: row.subject, payload: JSON.parse(row.payload) }
  }

  private describe(row: ActivityRow): string {
    if (!isActivityKind(row.kind)) return `${row.kind} ${row.subject}`
    return kindSpec(row.kind).describe(JSON.parse(row.payload), row.subject)
  }

  recent(limit: number): ActivityView[] {
    const rows = this.db.prepare('SELECT * FROM activity ORDER BY at DESC, seq DESC LIMIT ?').all(limit) as ActivityRow[]
    return rows.map((r) => ({ uid: r.uid, at: r.at, domain: r.domain, kind: r.kind, subject: r.subject, summary: this.describe(r) }))
  }

  /** Where the learner was last: the latest page they opened other than Home and Progress. */
  resume(): { route: Route; subject: string | null; at: string; summary: string } | null {
    const row = this.db
      .prepare(
        `SELECT * FROM activity WHERE kind = 'page_visit'
           AND json_extract(payload, '$.route') NOT IN ('home', 'progress')
         ORDER BY at DESC, seq DESC LIMIT 1`
      )
      .get() as ActivityRow | undefined
    if (!row) return null
    const payload = JSON.parse(row.payload) as PayloadOf<'page_visit'>
    return { route: payload.route, subject: row.subject || null, at: row.at, summary: this.describe(row) }
  }

  summary(): { totals: DomainTotals[]; firstActivityAt: string | null; lastActivityAt: string | null } {
    const count = (sql: string, ...args: unknown[]): number =>
      (this.db
        .prepare(sql)
        .pluck()
        .get(...args) as number) ?? 0
    const kindCount = (kind: ActivityKind): number => count('SELECT count(*) FROM activity WHERE kind = ?', kind)
    const nowIso = this.now().toISOString()
    const figures: Record<Domain, { label: string; value: number }[]> = {
      app: [{ label: 'pages opened, all sections', value: kindCount('page_visit') }],
      chapters: [
        { label: 'chapters started', value: count('SELECT count(*) FROM chapter_state') },
        { label: 'bookmarks', value: count('SELECT count(*) FROM bookmark') },
        { label: 'notes', value: count('SELECT count(*) FROM note') }
      ],
      tinytorch: [
        { label: 'modules passed', value: count(`SELECT count(*) FROM exercise_state WHERE status = 'passed'`) },
        { label: 'modules attempted', value: count('SELECT count(*) FROM exercise_state') },
        { label: 'attempts', value: kindCount('exercise_attempt') },
        { label: 'milestones reached', value: count('SELECT count(*) FROM milestone_state WHERE achieved = 1') }
      ],
      simulator: [
        { label: 'model runs', value: kindCount('sim_run') },
        { label: 'saved scenarios', value: count('SELECT count(*) FROM sim_scenario') }
      ],
      drills: [
        { label: 'cards studied', value: count('SELECT count(*) FROM drill_card') },
        { label: 'reviews', value: kindCount('drill_review') },
        { label: 'due now', value: count('SELECT count(*) FROM drill_card WHERE due_at <= ?', nowIso) }
      ],
      devices: [{ label: 'deployments', value: count('SELECT count(*) FROM deployment') }],
      review: []
    }
    const events = new Map(
      (this.db.prepare('SELECT domain, count(*) AS n FROM activity GROUP BY domain').all() as { domain: Domain; n: number }[]).map((r) => [
        r.domain,
        r.n
      ])
    )
    const range = this.db.prepare('SELECT min(at) AS first, max(at) AS last FROM activity').get() as {
      first: string | null
      last: string | null
    }
    return {
      totals: domainSchema.options.map((domain) => ({ domain, events: events.get(domain) ?? 0, figures: figures[domain] })),
      firstActivityAt: range.first,
      lastActivityAt: range.last
    }
  }

  exportDocument(appVersion: string): ExportDocument {
    const rows = this.db.prepare('SELECT * FROM activity ORDER BY seq').all() as ActivityRow[]
    return {
      format: EXPORT_FORMAT,
      version: EXPORT_VERSION,
      exportedAt: this.now().toISOString(),
      appVersion,
      schemaVersion: this.schemaVersion,
      activities: rows.map((r) => ({
        uid: r.uid,
        at: r.at,
        domain: r.domain,
        kind: r.kind,
        subject: r.subject,
        payload: JSON.parse(r.payload) as Record<string, unknown>
      }))
    }
  }

  /**
   * Merges an export into this store. Entries already present (same uid) are skipped, so importing the
   * same file twice changes nothing. The whole import is one transaction: a bad entry rejects the file
   * and leaves the store as it was.
   */
  importDocument(text: string): { added: number; skipped: number } {
    let doc: ExportDocument
    try {
      doc = parseExportDocument(text)
    } catch (e) {
      throw new AppError('bad-request', (e as Error).message)
    }
    const checked = doc.activities.map((a, i) => this.checkImported(a, i))
    let added = 0
    this.db.transaction(() => {
      for (const a of checked) if (this.insert(a) !== null) added++
      // Imported entries may be older than entries already here: state is replayed in time order.
      this.rebuild()
    })()
    return { added, skipped: checked.length - added }
  }

  private checkImported(
    a: ExportedActivity,
    index: number
  ): { uid: string; at: string; kind: ActivityKind; subject: string; payload: unknown } {
    const where = `activities[${index}]`
    if (!isActivityKind(a.kind)) {
      throw new AppError('bad-request', `${where}: unknown kind "${a.kind}" (known: ${Object.keys(activityKinds).join(', ')})`)
    }
    const parsed = kindSpec(a.kind).payload.safeParse(a.payload)
    if (!parsed.success) {
      const issue = parsed.error.issues[0]!
      throw new AppError('bad-request', `${where} (${a.kind}): payload.${issue.path.join('.')}: ${issue.message}`)
    }
    if (domainOf(a.kind, parsed.data) !== a.domain) {
      throw new AppError('bad-request', `${where}: kind ${a.kind} does not belong to domain ${a.domain}`)
    }
    return { uid: a.uid, at: new Date(a.at).toISOString(), kind: a.kind, subject: a.subject, payload: parsed.data }
  }

  exerciseStates(): Map<string, { status: 'started' | 'failed' | 'passed'; bestScore: number; maxScore: number; attempts: number }> {
    const rows = this.db.prepare('SELECT module_id, status, best_score, max_score, attempts FROM exercise_state').all() as {
      module_id: string
      status: 'started' | 'failed' | 'passed'
      best_score: number
      max_score: number
      attempts: number
    }[]
    return new Map(
      rows.map((r) => [r.module_id, { status: r.status, bestScore: r.best_score, maxScore: r.max_score, attempts: r.attempts }])
    )
  }

  /** Each milestone's derived state: reached at least once, how many runs, and the latest result. */
  milestoneStates(): Map<string, { achieved: boolean; runs: number; lastSummary: string; lastSeconds: number; updatedAt: string }> {
    const rows = this.db
      .prepare('SELECT milestone_id, achieved, runs, last_summary, last_seconds, updated_at FROM milestone_state')
      .all() as {
      milestone_id: string
      achieved: number
      runs: number
      last_summary: string
      last_seconds: number
      updated_at: string
    }[]
    return new Map(
      rows.map((r) => [
        r.milestone_id,
        { achieved: r.achieved === 1, runs: r.runs, lastSummary: r.last_summary, lastSeconds: r.last_seconds, updatedAt: r.updated_at }
      ])
    )
  }

  scenarios(
    dashboard: string
  ): { scenarioId: string; dashboard: string; name: string; params: Record<string, unknown>; savedAt: string }[] {
    const rows = this.db
      .prepare('SELECT scenario_id, dashboard, name, params, saved_at FROM sim_scenario WHERE dashboard = ? ORDER BY saved_at DESC, name')
      .all(dashboard) as { scenario_id: string; dashboard: string; name: string; params: string; saved_at: string }[]
    return rows.map((r) => ({
      scenarioId: r.scenario_id,
      dashboard: r.dashboard,
      name: r.name,
      params: JSON.parse(r.params),
      savedAt: r.saved_at
    }))
  }

  /** A consistent copy of the whole database file, made with SQLite's online backup API. */
  async backup(destination: string): Promise<{ path: string; bytes: number }> {
    await this.db.backup(destination)
    return { path: destination, bytes: statSync(destination).size }
  }

  /** Count of rows in a table; for tests and diagnostics. */
  tableCount(
    table:
      | 'activity'
      | 'chapter_state'
      | 'bookmark'
      | 'note'
      | 'exercise_state'
      | 'milestone_state'
      | 'drill_card'
      | 'sim_scenario'
      | 'deployment'
  ): number {
    return this.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  }
}
