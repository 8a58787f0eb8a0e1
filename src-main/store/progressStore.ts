import type Database from 'better-sqlite3'
import { randomUUID } from 'node:crypto'
import { mkdirSync, statSync } from 'node:fs'
import { dirname } from 'node:path'
import type { ActivityView, Completion, Domain, Route } from '../../src-preload/contract'
import { domainSchema } from '../../src-preload/contract'
import { AppError } from '../shared/errors'
import {
  cardLog,
  domainOf,
  idTitles,
  isActivityKind,
  kindSpec,
  type ActivityKind,
  type PayloadOf,
  type StoredActivity,
  type TitleOf
} from './activities'
import type { CardLogEntry } from '../review'
import { openDatabase, type OpenedDatabase } from './database'
import { EXPORT_FORMAT, EXPORT_VERSION, type ExportDocument } from './exportFormat'
import { checkEntry, type ImportOutcome, MAX_REPORTED_PROBLEMS, type PreparedEntry, type PreparedImport, prepareImport } from './importing'
import { schemaVersion } from './migrations'

/** Every derived table, cleared and replayed by rebuild(). */
const STATE_TABLES = [
  'chapter_state',
  'bookmark',
  'note',
  'highlight',
  'exercise_state',
  'drill_attempt',
  'drill_daily',
  'drill_mock',
  'review_card',
  'sim_scenario',
  'deployment'
] as const
type StateTable = (typeof STATE_TABLES)[number]

export interface ChapterStateRow {
  chapterId: string
  position: string
  percentRead: number
  readAt: string | null
  secondsSpent: number
  updatedAt: string
}

export interface HighlightRow {
  highlightId: string
  chapterId: string
  color: string
  quote: string
  prefix: string
  suffix: string
  start: number
  sectionId: string
  note: string
  createdAt: string
  updatedAt: string
}

export interface ReviewCardRow {
  cardId: string
  source: string
  front: string
  back: string
  chapterId: string | null
  link: string | null
  addedAt: string
  state: 'new' | 'learning' | 'review' | 'relearning'
  due: string
  stability: number
  difficulty: number
  reps: number
  lapses: number
  lastReview: string | null
}

interface ActivityRow {
  seq: number
  uid: string
  at: string
  domain: Domain
  kind: string
  subject: string
  payload: string
}

export interface DrillAttemptRow {
  questionId: string
  templateId: string
  at: string
  mode: 'practice' | 'daily' | 'mock'
  session: string | null
  source: 'bank' | 'imported'
  kind: string
  track: string
  level: string
  zone: string
  area: string
  topic: string
  grade: string
  score: number
}

export interface DrillMockRow {
  mockId: string
  at: string
  track: string
  level: string
  questions: number
  score: number
  maxScore: number
  durationSeconds: number
  limitSeconds: number
  byZone: Record<string, { score: number; maxScore: number }>
}

export interface DomainTotals {
  domain: Domain
  events: number
  figures: { label: string; value: number }[]
}

export interface Titled {
  id: string
  title: string
}

/** What the curriculum holds, for completion: each list in curriculum order, with titles. */
export interface CurriculumCatalog {
  modules: Titled[]
  milestones: Titled[]
  dashboards: Titled[]
  /** The chapters of study notes (and any imported textbook chapters), in reading order. */
  chapters?: Titled[]
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

  /** `busyMs`: how long to wait for another program that holds the file before giving up (DatabaseLockedError). */
  static open(dataDir: string, now: () => Date = () => new Date(), busyMs?: number): ProgressStore {
    return new ProgressStore(openDatabase(dataDir, now, busyMs), now)
  }

  get schemaVersion(): number {
    return schemaVersion(this.db)
  }

  close(): void {
    this.db.close()
  }

  /**
   * Appends one entry to the log and applies it to current state, atomically. Returns its uid. The entry
   * either lands or this throws: an invalid payload is a bad-request naming the field, and a write SQLite
   * refuses is an error, never a uid for a row that does not exist.
   */
  record<K extends ActivityKind>(kind: K, subject: string, payload: PayloadOf<K>): string {
    const checked = checkEntry(kind, payload)
    if (!checked.ok) throw new AppError('bad-request', `invalid ${kind} entry: ${checked.problem}`)
    const uid = randomUUID()
    this.db.transaction(() => {
      const entry = { uid, at: this.now().toISOString(), kind, subject, payload: checked.payload }
      const seq = this.insert(entry)
      kindSpec(kind).apply?.(this.db, { ...entry, seq })
    })()
    return uid
  }

  /** Appends one log entry and returns its seq; throws when SQLite refuses it. */
  private insert(e: { uid: string; at: string; kind: ActivityKind; subject: string; payload: unknown }): number {
    this.insertStatement ??= this.db.prepare('INSERT INTO activity (uid, at, domain, kind, subject, payload) VALUES (?, ?, ?, ?, ?, ?)')
    const info = this.insertStatement.run(e.uid, e.at, domainOf(e.kind, e.payload), e.kind, e.subject, JSON.stringify(e.payload))
    return Number(info.lastInsertRowid)
  }

  private insertStatement: Database.Statement | undefined

  /** Clears every derived table and replays the log in time order. */
  rebuild(): void {
    this.db.transaction(() => {
      for (const table of STATE_TABLES) {
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

  private describe(row: ActivityRow, title: TitleOf): string {
    if (!isActivityKind(row.kind)) return `${row.kind} ${row.subject}`
    return kindSpec(row.kind).describe(JSON.parse(row.payload), row.subject, title)
  }

  /**
   * The latest things done, newest first, each as a sentence with titles from `title` (ids without it).
   * Opening a page is not something done: visits stay in the log (for "continue where you left off") but not here.
   */
  recent(limit: number, title: TitleOf = idTitles): ActivityView[] {
    const rows = this.db
      .prepare(`SELECT * FROM activity WHERE kind != 'page_visit' ORDER BY at DESC, seq DESC LIMIT ?`)
      .all(limit) as ActivityRow[]
    return rows.map((r) => ({ uid: r.uid, at: r.at, domain: r.domain, kind: r.kind, subject: r.subject, summary: this.describe(r, title) }))
  }

  /** Where the learner was last: the latest page they opened other than Home and Progress. */
  resume(title: TitleOf = idTitles): { route: Route; subject: string | null; at: string; summary: string } | null {
    const row = this.db
      .prepare(
        `SELECT * FROM activity WHERE kind = 'page_visit'
           AND json_extract(payload, '$.route') NOT IN ('home', 'progress')
         ORDER BY at DESC, seq DESC LIMIT 1`
      )
      .get() as ActivityRow | undefined
    if (!row) return null
    const payload = JSON.parse(row.payload) as PayloadOf<'page_visit'>
    return { route: payload.route, subject: row.subject || null, at: row.at, summary: this.describe(row, title) }
  }

  /**
   * How far through the curriculum the learner is: modules passed, milestones reached with their own code,
   * dashboards explored (a prediction revealed or a scenario saved there). Page visits do not count.
   * Chapters read and review cards due join this list when those domains land.
   */
  completion(catalog: CurriculumCatalog): Completion[] {
    const states = this.exerciseStates()
    const modules = catalog.modules.map((m) => {
      const s = states.get(m.id)
      const detail = s ? `best ${s.bestScore}/${s.maxScore} points · ${s.attempts} attempt${s.attempts === 1 ? '' : 's'}` : null
      return { id: m.id, title: m.title, done: s?.status === 'passed', detail }
    })

    const runs = this.db.prepare(`SELECT subject, payload FROM activity WHERE kind = 'milestone_run' ORDER BY at, seq`).all() as {
      subject: string
      payload: string
    }[]
    const own = new Set<string>()
    const helped = new Set<string>()
    for (const r of runs) {
      const p = JSON.parse(r.payload) as PayloadOf<'milestone_run'>
      if (!p.achieved) continue
      if (p.usedReference.length === 0) own.add(r.subject)
      else helped.add(r.subject)
    }
    const milestones = catalog.milestones.map((m) => ({
      id: m.id,
      title: m.title,
      done: own.has(m.id),
      detail: own.has(m.id) ? 'reached with your own modules' : helped.has(m.id) ? 'reached only with reference modules so far' : null
    }))

    const explored = new Map<string, Set<string>>()
    for (const r of this.db.prepare(`SELECT DISTINCT subject, kind FROM activity WHERE kind IN ('sim_run', 'scenario_save')`).all() as {
      subject: string
      kind: string
    }[]) {
      explored.set(
        r.subject,
        (explored.get(r.subject) ?? new Set()).add(r.kind === 'sim_run' ? 'a prediction revealed' : 'a scenario saved')
      )
    }
    const dashboards = catalog.dashboards.map((d) => {
      const how = explored.get(d.id)
      return { id: d.id, title: d.title, done: how !== undefined, detail: how ? [...how].sort().join(', ') : null }
    })

    const reading = this.chapterStates()
    const chapters = (catalog.chapters ?? []).map((c) => {
      const s = reading.get(c.id)
      const detail = s ? (s.readAt ? 'marked as read' : `${Math.round(s.percentRead)} % read`) : null
      return { id: c.id, title: c.title, done: Boolean(s?.readAt), detail }
    })

    const entry = (id: Completion['id'], label: string, items: Completion['items']): Completion => ({
      id,
      label,
      done: items.filter((i) => i.done).length,
      total: items.length,
      items
    })
    return [
      entry('modules', 'TinyTorch modules passed', modules),
      entry('milestones', 'Milestones reached', milestones),
      entry('dashboards', 'Simulator dashboards explored', dashboards),
      ...(chapters.length ? [entry('chapters', 'Chapters read', chapters)] : [])
    ]
  }

  summary(catalog?: CurriculumCatalog): {
    completion: Completion[]
    totals: DomainTotals[]
    firstActivityAt: string | null
    lastActivityAt: string | null
  } {
    const count = (sql: string, ...args: unknown[]): number =>
      (this.db
        .prepare(sql)
        .pluck()
        .get(...args) as number) ?? 0
    const kindCount = (kind: ActivityKind): number => count('SELECT count(*) FROM activity WHERE kind = ?', kind)
    const figures: Record<Domain, { label: string; value: number }[]> = {
      // Opening a page is not progress: the app has no figures of its own.
      app: [],
      chapters: [
        { label: 'chapters started', value: count('SELECT count(*) FROM chapter_state WHERE percent_read > 0') },
        { label: 'chapters read', value: count('SELECT count(*) FROM chapter_state WHERE read_at IS NOT NULL') },
        { label: 'highlights', value: count('SELECT count(*) FROM highlight') },
        { label: 'notes', value: count(`SELECT count(*) FROM highlight WHERE note != ''`) + count('SELECT count(*) FROM note') },
        { label: 'bookmarks', value: count('SELECT count(*) FROM bookmark') }
      ],
      tinytorch: [
        { label: 'modules passed', value: count(`SELECT count(*) FROM exercise_state WHERE status = 'passed'`) },
        { label: 'modules attempted', value: count('SELECT count(*) FROM exercise_state') },
        { label: 'attempts', value: kindCount('exercise_attempt') },
        { label: 'milestone runs', value: kindCount('milestone_run') }
      ],
      simulator: [
        { label: 'model runs', value: kindCount('sim_run') },
        { label: 'saved scenarios', value: count('SELECT count(*) FROM sim_scenario') }
      ],
      drills: [
        { label: 'questions answered', value: count('SELECT count(*) FROM drill_attempt') },
        {
          label: '% scoring 2 or more',
          value: Math.round(100 * (count('SELECT avg(score >= 2) FROM drill_attempt') as number))
        },
        { label: 'daily sets', value: count('SELECT count(*) FROM drill_daily') },
        { label: 'mock interviews', value: count('SELECT count(*) FROM drill_mock') }
      ],
      devices: [
        { label: 'deployments', value: count('SELECT count(*) FROM deployment') },
        { label: 'models built', value: kindCount('model_build') },
        {
          label: 'samples captured',
          value: count(`SELECT coalesce(sum(json_extract(payload, '$.rows')), 0) FROM activity WHERE kind = 'dataset_capture'`)
        }
      ],
      review: [
        { label: 'cards', value: count('SELECT count(*) FROM review_card WHERE removed = 0') },
        { label: 'reviews', value: kindCount('card_review') - kindCount('card_undo') },
        { label: 'due now', value: count('SELECT count(*) FROM review_card WHERE removed = 0 AND due <= ?', this.now().toISOString()) }
      ]
    }
    const events = new Map(
      (
        this.db.prepare(`SELECT domain, count(*) AS n FROM activity WHERE kind != 'page_visit' GROUP BY domain`).all() as {
          domain: Domain
          n: number
        }[]
      ).map((r) => [r.domain, r.n])
    )
    const range = this.db.prepare('SELECT min(at) AS first, max(at) AS last FROM activity').get() as {
      first: string | null
      last: string | null
    }
    return {
      completion: catalog ? this.completion(catalog) : [],
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
   * Merges an export into this store. Entries already present (same uid) are skipped, so importing the same
   * file twice changes nothing. Entries that are not valid (unknown kind, bad payload, wrong domain) are
   * rejected and reported one by one. `prepared` is the file already checked off the main thread (see
   * prepareImport); plain text also works.
   *
   * When every new entry is at least as recent as the log (importing into a new profile, or a later export),
   * entries land and apply in time order in transactions of `chunkSize`, yielding between them so the app
   * keeps answering; each chunk leaves log and state consistent, and an interrupted import is finished by
   * importing again. Entries older than the log change what state the log implies, so they land with a full
   * replay in one transaction.
   */
  async importDocument(input: string | PreparedImport, options: { chunkSize?: number } = {}): Promise<ImportOutcome> {
    const prepared = typeof input === 'string' ? prepareImport(input) : input
    if (!prepared.ok) throw new AppError('bad-request', prepared.problem)
    const chunkSize = options.chunkSize ?? 500
    const pause = () => new Promise<void>((resolve) => setImmediate(resolve))
    const exists = this.db.prepare('SELECT 1 FROM activity WHERE uid = ?').pluck()
    const fresh: PreparedEntry[] = []
    for (let i = 0; i < prepared.entries.length; i += chunkSize) {
      for (const a of prepared.entries.slice(i, i + chunkSize)) if (!exists.get(a.uid)) fresh.push(a)
      await pause()
    }
    const outcome = {
      added: fresh.length,
      skipped: prepared.entries.length - fresh.length,
      rejected: prepared.rejected.length,
      problems: prepared.rejected.slice(0, MAX_REPORTED_PROBLEMS)
    }
    if (fresh.length === 0) return outcome
    fresh.sort((a, b) => (a.at < b.at ? -1 : a.at > b.at ? 1 : 0))
    const latest = this.db.prepare('SELECT max(at) FROM activity').pluck().get() as string | null
    if (latest !== null && fresh[0]!.at < latest) {
      this.db.transaction(() => {
        for (const a of fresh) this.insert(a)
        this.rebuild()
      })()
      return outcome
    }
    for (let i = 0; i < fresh.length; i += chunkSize) {
      this.db.transaction(() => {
        for (const a of fresh.slice(i, i + chunkSize)) {
          const seq = this.insert(a)
          kindSpec(a.kind).apply?.(this.db, { ...a, seq })
        }
      })()
      if (i + chunkSize < fresh.length) await pause()
    }
    return outcome
  }

  /** For one module: the highest hint level shown so far, per task (absent: none yet). */
  hintsShown(moduleId: string): Map<string, number> {
    const rows = this.db
      .prepare(
        `SELECT json_extract(payload, '$.task') AS task, max(json_extract(payload, '$.level')) AS level
           FROM activity WHERE kind = 'hint_shown' AND subject = ? GROUP BY task`
      )
      .all(moduleId) as { task: string; level: number }[]
    return new Map(rows.map((r) => [r.task, r.level]))
  }

  /** How many different versions of a module's code were submitted without passing. */
  failedSubmissions(moduleId: string): number {
    return this.db
      .prepare(
        `SELECT count(DISTINCT json_extract(payload, '$.code')) FROM activity
          WHERE kind = 'exercise_attempt' AND subject = ? AND json_extract(payload, '$.mode') = 'submit'
            AND json_extract(payload, '$.status') != 'pass'`
      )
      .pluck()
      .get(moduleId) as number
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

  /** Drill attempts, all or those of one daily set or mock interview (`session`), oldest first. */
  drillAttempts(session?: string): DrillAttemptRow[] {
    const sql = `SELECT question_id AS questionId, template_id AS templateId, at, mode, session, source, kind, track, level, zone,
                 area, topic, grade, score FROM drill_attempt ${session === undefined ? '' : 'WHERE session = ?'} ORDER BY at, source_seq`
    return this.db.prepare(sql).all(...(session === undefined ? [] : [session])) as DrillAttemptRow[]
  }

  /** Attempts and attempts scoring 2 or more, grouped by one or two attempt columns. */
  drillTallies(
    by: readonly ('area' | 'track' | 'topic' | 'template_id')[]
  ): (Record<string, string> & { attempts: number; good: number })[] {
    const cols = by.join(', ')
    return this.db
      .prepare(`SELECT ${cols}, count(*) AS attempts, sum(score >= 2) AS good FROM drill_attempt GROUP BY ${cols} ORDER BY ${cols}`)
      .all() as (Record<string, string> & { attempts: number; good: number })[]
  }

  drillDailies(): { day: string; score: number; maxScore: number; at: string }[] {
    return this.db.prepare('SELECT day, score, max_score AS maxScore, at FROM drill_daily ORDER BY day').all() as {
      day: string
      score: number
      maxScore: number
      at: string
    }[]
  }

  drillMocks(): DrillMockRow[] {
    const rows = this.db
      .prepare(
        `SELECT mock_id AS mockId, at, track, level, questions, score, max_score AS maxScore, duration_seconds AS durationSeconds,
                limit_seconds AS limitSeconds, by_zone AS byZone FROM drill_mock ORDER BY at DESC`
      )
      .all() as (Omit<DrillMockRow, 'byZone'> & { byZone: string })[]
    return rows.map((r) => ({ ...r, byZone: JSON.parse(r.byZone) }))
  }

  /** Deployments to boards, newest first (one row per deployment; evaluating it updates the row). */
  deployments(
    limit: number
  ): { deploymentId: string; board: string; model: string; status: string; metrics: Record<string, unknown>; at: string }[] {
    const rows = this.db
      .prepare('SELECT deployment_id, board, model, status, metrics, at FROM deployment ORDER BY at DESC, source_seq DESC LIMIT ?')
      .all(limit) as { deployment_id: string; board: string; model: string; status: string; metrics: string; at: string }[]
    return rows.map((r) => ({
      deploymentId: r.deployment_id,
      board: r.board,
      model: r.model,
      status: r.status,
      metrics: JSON.parse(r.metrics),
      at: r.at
    }))
  }

  /** A consistent copy of the whole database file, made with SQLite's online backup API. */
  async backup(destination: string): Promise<{ path: string; bytes: number }> {
    mkdirSync(dirname(destination), { recursive: true })
    await this.db.backup(destination)
    return { path: destination, bytes: statSync(destination).size }
  }

  chapterStates(): Map<string, ChapterStateRow> {
    const rows = this.db
      .prepare(
        `SELECT chapter_id AS chapterId, position, percent_read AS percentRead, read_at AS readAt, seconds_spent AS secondsSpent,
           updated_at AS updatedAt FROM chapter_state`
      )
      .all() as ChapterStateRow[]
    return new Map(rows.map((r) => [r.chapterId, r]))
  }

  /** The chapter read most recently (by its last saved position), for "continue reading". */
  lastRead(): { chapterId: string; position: string; percentRead: number; at: string } | null {
    const row = this.db
      .prepare(`SELECT subject, payload, at FROM activity WHERE kind = 'chapter_position' ORDER BY at DESC, seq DESC LIMIT 1`)
      .get() as { subject: string; payload: string; at: string } | undefined
    if (!row) return null
    const p = JSON.parse(row.payload) as PayloadOf<'chapter_position'>
    const state = this.chapterStates().get(row.subject)
    return { chapterId: row.subject, position: p.position, percentRead: state?.percentRead ?? p.percentRead, at: row.at }
  }

  bookmarks(chapterId?: string): { bookmarkId: string; chapterId: string; anchor: string; label: string; createdAt: string }[] {
    return this.db
      .prepare(
        `SELECT bookmark_id AS bookmarkId, chapter_id AS chapterId, anchor, label, created_at AS createdAt FROM bookmark
         WHERE ? IS NULL OR chapter_id = ? ORDER BY created_at, bookmark_id`
      )
      .all(chapterId ?? null, chapterId ?? null) as {
      bookmarkId: string
      chapterId: string
      anchor: string
      label: string
      createdAt: string
    }[]
  }

  highlights(chapterId?: string): HighlightRow[] {
    return this.db
      .prepare(
        `SELECT highlight_id AS highlightId, chapter_id AS chapterId, color, quote, prefix, suffix, start, section_id AS sectionId, note,
           created_at AS createdAt, updated_at AS updatedAt FROM highlight WHERE ? IS NULL OR chapter_id = ? ORDER BY chapter_id, start, created_at`
      )
      .all(chapterId ?? null, chapterId ?? null) as HighlightRow[]
  }

  /** Review cards (removed ones left out), soonest due first. */
  reviewCards(): ReviewCardRow[] {
    return this.db
      .prepare(
        `SELECT card_id AS cardId, source, front, back, chapter_id AS chapterId, link, added_at AS addedAt, state, due, stability, difficulty,
           reps, lapses, last_review AS lastReview FROM review_card WHERE removed = 0 ORDER BY due, card_id`
      )
      .all() as ReviewCardRow[]
  }

  reviewCard(cardId: string): (ReviewCardRow & { removed: boolean }) | null {
    const row = this.db
      .prepare(
        `SELECT card_id AS cardId, source, front, back, chapter_id AS chapterId, link, added_at AS addedAt, state, due, stability, difficulty,
           reps, lapses, last_review AS lastReview, removed FROM review_card WHERE card_id = ?`
      )
      .get(cardId) as (ReviewCardRow & { removed: number }) | undefined
    return row ? { ...row, removed: row.removed === 1 } : null
  }

  /** One card's log entries in time order (for previews of its next intervals). */
  cardLog(cardId: string): CardLogEntry[] {
    return cardLog(this.db, cardId)
  }

  /** Every rating that counts (undone ones left out), oldest first. */
  reviewHistory(): { cardId: string; reviewId: string; rating: number; at: string }[] {
    const undone = new Set(
      (
        this.db.prepare(`SELECT json_extract(payload, '$.reviewId') FROM activity WHERE kind = 'card_undo'`).pluck().all() as string[]
      ).filter(Boolean)
    )
    const rows = this.db
      .prepare(
        `SELECT subject AS cardId, json_extract(payload, '$.reviewId') AS reviewId, json_extract(payload, '$.rating') AS rating, at
         FROM activity WHERE kind = 'card_review' ORDER BY at, seq`
      )
      .all() as { cardId: string; reviewId: string; rating: number; at: string }[]
    return rows.filter((r) => !undone.has(r.reviewId))
  }

  /** Count of rows in a table; for tests and diagnostics. */
  tableCount(table: 'activity' | StateTable): number {
    return this.db.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number
  }
}
