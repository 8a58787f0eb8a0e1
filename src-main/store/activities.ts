import type Database from 'better-sqlite3'
import { z } from 'zod'
import { dashboardTitle, routeSchema, routeTitles, type Domain, type Route } from '../../src-preload/contract'

/**
 * Every kind of entry the activity log holds: its domain, its payload schema, how it changes the
 * derived current-state tables, and how it reads in a list. Replaying the log through `apply` in order
 * rebuilds every state table, which is what import and `rebuild` do.
 */
interface KindSpec<P> {
  domain: Domain | ((payload: P) => Domain)
  payload: z.ZodType<P>
  apply?: (db: Database.Database, entry: StoredActivity<P>) => void
  /** The sentence a person reads; ids in it go through `title`. */
  describe: (payload: P, subject: string, title: TitleOf) => string
}

/** What a subject id names. The log keeps ids (they never change); people read titles. */
export type TitleKind = 'module' | 'milestone' | 'dashboard' | 'chapter'
export type TitleOf = (kind: TitleKind, id: string) => string

/** Titles without the curriculum at hand: dashboards from the contract, everything else by its id. */
export const idTitles: TitleOf = (kind, id) => (kind === 'dashboard' ? (dashboardTitle(id) ?? id) : id)

/** The title of what a page showed: a module, a dashboard, a chapter. */
function pageSubject(route: Route, subject: string, title: TitleOf): string {
  if (route === 'tinytorch') return subject === 'milestones' ? 'Milestones' : title('module', subject)
  if (route === 'simulator') return title('dashboard', subject)
  if (route === 'chapters') return title('chapter', subject)
  return subject
}

export interface StoredActivity<P = unknown> {
  seq: number
  uid: string
  at: string
  subject: string
  payload: P
}

const id = z.string().min(1).max(200)
const label = z.string().min(1).max(60)
const json = z.record(z.string(), z.unknown())

const routeDomain: Record<Route, Domain> = {
  home: 'app',
  progress: 'app',
  chapters: 'chapters',
  review: 'review',
  tinytorch: 'tinytorch',
  simulator: 'simulator',
  drills: 'drills',
  devices: 'devices'
}

function spec<P>(s: KindSpec<P>): KindSpec<P> {
  return s
}

export const activityKinds = {
  page_visit: spec({
    domain: (p: { route: Route }) => routeDomain[p.route],
    payload: z.object({ route: routeSchema }),
    describe: (p, subject, title) => `Opened ${routeTitles[p.route]}${subject ? ` · ${pageSubject(p.route, subject, title)}` : ''}`
  }),
  chapter_position: spec({
    domain: 'chapters',
    payload: z.object({ position: z.string().max(500), percentRead: z.number().min(0).max(100) }),
    apply: (db, e) =>
      db
        .prepare(
          `INSERT INTO chapter_state (chapter_id, position, percent_read, updated_at, source_seq) VALUES (?, ?, ?, ?, ?)
           ON CONFLICT(chapter_id) DO UPDATE SET position = excluded.position,
             percent_read = max(percent_read, excluded.percent_read), updated_at = excluded.updated_at, source_seq = excluded.source_seq`
        )
        .run(e.subject, e.payload.position, e.payload.percentRead, e.at, e.seq),
    describe: (p, subject, title) => `Read ${title('chapter', subject)} to ${Math.round(p.percentRead)}%`
  }),
  bookmark_add: spec({
    domain: 'chapters',
    payload: z.object({ bookmarkId: id, anchor: z.string().max(500), label: z.string().max(500) }),
    apply: (db, e) =>
      db
        .prepare('INSERT OR REPLACE INTO bookmark VALUES (?, ?, ?, ?, ?, ?)')
        .run(e.payload.bookmarkId, e.subject, e.payload.anchor, e.payload.label, e.at, e.seq),
    describe: (p, subject, title) => `Bookmarked “${p.label}” in ${title('chapter', subject)}`
  }),
  bookmark_remove: spec({
    domain: 'chapters',
    payload: z.object({ bookmarkId: id }),
    apply: (db, e) => db.prepare('DELETE FROM bookmark WHERE bookmark_id = ?').run(e.payload.bookmarkId),
    describe: (_p, subject, title) => `Removed a bookmark in ${title('chapter', subject)}`
  }),
  note_save: spec({
    domain: 'chapters',
    payload: z.object({ noteId: id, anchor: z.string().max(500), body: z.string().max(100_000) }),
    apply: (db, e) =>
      db
        .prepare(
          `INSERT INTO note VALUES (?, ?, ?, ?, ?, ?, ?)
           ON CONFLICT(note_id) DO UPDATE SET body = excluded.body, anchor = excluded.anchor,
             updated_at = excluded.updated_at, source_seq = excluded.source_seq`
        )
        .run(e.payload.noteId, e.subject, e.payload.anchor, e.payload.body, e.at, e.at, e.seq),
    describe: (_p, subject, title) => `Saved a note in ${title('chapter', subject)}`
  }),
  note_delete: spec({
    domain: 'chapters',
    payload: z.object({ noteId: id }),
    apply: (db, e) => db.prepare('DELETE FROM note WHERE note_id = ?').run(e.payload.noteId),
    describe: (_p, subject, title) => `Deleted a note in ${title('chapter', subject)}`
  }),
  exercise_attempt: spec({
    domain: 'tinytorch',
    payload: z.object({
      mode: z.enum(['run', 'submit']),
      status: z.enum(['pass', 'fail', 'error']),
      score: z.number().min(0),
      maxScore: z.number().min(0),
      durationSeconds: z.number().min(0),
      code: z.string().max(2_000_000)
    }),
    apply: (db, e) => {
      const passed = e.payload.mode === 'submit' && e.payload.status === 'pass'
      db.prepare(
        `INSERT INTO exercise_state (module_id, status, best_score, max_score, attempts, last_code, updated_at, source_seq)
         VALUES (@module, @status, @score, @max, 1, @code, @at, @seq)
         ON CONFLICT(module_id) DO UPDATE SET
           status = CASE WHEN exercise_state.status = 'passed' OR @status = 'passed' THEN 'passed' ELSE @status END,
           best_score = max(best_score, @score), max_score = @max, attempts = attempts + 1,
           last_code = @code, updated_at = @at, source_seq = @seq`
      ).run({
        module: e.subject,
        status: passed ? 'passed' : e.payload.status === 'pass' ? 'started' : 'failed',
        score: e.payload.score,
        max: e.payload.maxScore,
        code: e.payload.code,
        at: e.at,
        seq: e.seq
      })
    },
    describe: (p, subject, title) =>
      `${p.mode === 'submit' ? 'Submitted' : 'Ran'} ${title('module', subject)}: ${p.score}/${p.maxScore} points`
  }),
  /** A milestone run: what it reached, and which modules ran as the reference instead of the learner's code. */
  milestone_run: spec({
    domain: 'tinytorch',
    payload: z.object({
      status: z.enum(['ok', 'error']),
      achieved: z.boolean(),
      /** The run's figures (accuracy, loss, ...): finite numbers only. */
      metrics: z.record(z.string().max(100), z.number()),
      usedReference: z.array(id).max(100),
      durationSeconds: z.number().min(0)
    }),
    describe: (p, subject, title) => {
      const name = title('milestone', subject)
      if (p.status === 'error') return `Milestone ${name} did not run to the end`
      const help = p.usedReference.length ? ` with the reference for ${p.usedReference.map((m) => title('module', m)).join(', ')}` : ''
      return p.achieved ? `Reached milestone ${name}${help}` : `Ran milestone ${name}${help}: not reached yet`
    }
  }),
  hint_shown: spec({
    domain: 'tinytorch',
    payload: z.object({ task: z.string().min(1).max(100), level: z.number().int().min(0).max(20) }),
    describe: (p, subject, title) => `Opened hint ${p.level + 1} for ${p.task} in ${title('module', subject)}`
  }),
  drill_review: spec({
    domain: 'drills',
    payload: z.object({
      grade: z.number().int().min(0).max(5),
      correct: z.boolean(),
      ease: z.number().positive(),
      intervalDays: z.number().min(0),
      dueAt: z.string()
    }),
    apply: (db, e) =>
      db
        .prepare(
          `INSERT INTO drill_card VALUES (@card, @ease, @interval, @due, 1, @lapse, @at, @seq)
           ON CONFLICT(card_id) DO UPDATE SET ease = @ease, interval_days = @interval, due_at = @due,
             reps = reps + 1, lapses = lapses + @lapse, last_review_at = @at, source_seq = @seq`
        )
        .run({
          card: e.subject,
          ease: e.payload.ease,
          interval: e.payload.intervalDays,
          due: e.payload.dueAt,
          lapse: e.payload.correct ? 0 : 1,
          at: e.at,
          seq: e.seq
        }),
    describe: (p, subject) => `Reviewed drill ${subject}: ${p.correct ? 'correct' : 'missed'}`
  }),
  drill_attempt: spec({
    domain: 'drills',
    payload: z.object({
      templateId: id,
      mode: z.enum(['practice', 'daily', 'mock']),
      /** `daily:<YYYY-MM-DD>` or `mock:<id>` when the attempt belongs to a set. */
      session: z.string().max(200).nullable(),
      source: z.enum(['bank', 'imported']),
      kind: z.enum(['numeric', 'choice', 'open']),
      track: label,
      level: label,
      zone: label,
      area: label,
      topic: label,
      response: z.string().max(2000),
      grade: z.string().max(40),
      score: z.number().int().min(0).max(3),
      durationSeconds: z
        .number()
        .min(0)
        .max(86400 * 7)
    }),
    apply: (db, e) =>
      db
        .prepare(
          'INSERT INTO drill_attempt VALUES (@seq, @question, @template, @at, @mode, @session, @source, @kind, @track, @level, @zone, @area, @topic, @grade, @score)'
        )
        .run({ ...e.payload, seq: e.seq, question: e.subject, template: e.payload.templateId, at: e.at }),
    describe: (p, subject) => `Answered drill ${subject}: ${p.grade} (${p.score}/3)`
  }),
  drill_daily: spec({
    domain: 'drills',
    payload: z.object({ questions: z.array(id).min(1).max(10), score: z.number().int().min(0), maxScore: z.number().int().min(1) }),
    apply: (db, e) =>
      db
        .prepare(
          `INSERT INTO drill_daily VALUES (@day, @score, @max, @at, @seq)
           ON CONFLICT(day) DO UPDATE SET score = max(score, @score), at = @at, source_seq = @seq`
        )
        .run({ day: e.subject, score: e.payload.score, max: e.payload.maxScore, at: e.at, seq: e.seq }),
    describe: (p, subject) => `Finished the daily drills of ${subject}: ${p.score}/${p.maxScore}`
  }),
  drill_mock: spec({
    domain: 'drills',
    payload: z.object({
      track: label,
      level: label,
      questions: z.number().int().min(1).max(100),
      score: z.number().int().min(0),
      maxScore: z.number().int().min(1),
      durationSeconds: z.number().min(0),
      limitSeconds: z.number().min(0),
      byZone: z.record(z.string().max(60), z.object({ score: z.number().min(0), maxScore: z.number().min(0) }))
    }),
    apply: (db, e) =>
      db
        .prepare('INSERT OR REPLACE INTO drill_mock VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)')
        .run(
          e.subject,
          e.at,
          e.payload.track,
          e.payload.level,
          e.payload.questions,
          e.payload.score,
          e.payload.maxScore,
          e.payload.durationSeconds,
          e.payload.limitSeconds,
          JSON.stringify(e.payload.byZone),
          e.seq
        ),
    describe: (p) => `Mock interview (${p.track}, ${p.level}): ${p.score}/${p.maxScore}`
  }),
  sim_run: spec({
    domain: 'simulator',
    payload: z.object({ params: json }),
    describe: (_p, subject, title) => `Revealed a prediction on ${title('dashboard', subject)}`
  }),
  scenario_save: spec({
    domain: 'simulator',
    payload: z.object({ scenarioId: id, name: z.string().min(1).max(200), params: json }),
    apply: (db, e) =>
      db
        .prepare('INSERT OR REPLACE INTO sim_scenario VALUES (?, ?, ?, ?, ?, ?)')
        .run(e.payload.scenarioId, e.subject, e.payload.name, JSON.stringify(e.payload.params), e.at, e.seq),
    describe: (p, subject, title) => `Saved scenario “${p.name}” in ${title('dashboard', subject)}`
  }),
  scenario_delete: spec({
    domain: 'simulator',
    payload: z.object({ scenarioId: id }),
    apply: (db, e) => db.prepare('DELETE FROM sim_scenario WHERE scenario_id = ?').run(e.payload.scenarioId),
    describe: (_p, subject, title) => `Deleted a scenario in ${title('dashboard', subject)}`
  }),
  deployment: spec({
    domain: 'devices',
    payload: z.object({ deploymentId: id, board: z.string(), model: z.string(), status: z.string(), metrics: json }),
    apply: (db, e) =>
      db
        .prepare('INSERT OR REPLACE INTO deployment VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(e.payload.deploymentId, e.payload.board, e.payload.model, e.payload.status, JSON.stringify(e.payload.metrics), e.at, e.seq),
    describe: (p) => `Deployed ${p.model} to ${p.board}: ${p.status}`
  }),
  dataset_capture: spec({
    domain: 'devices',
    payload: z.object({ dataset: id, label: z.string().max(64), rows: z.number().int().min(0) }),
    describe: (p) => `Captured ${p.rows} samples labelled ${p.label} into ${p.dataset}`
  }),
  model_build: spec({
    domain: 'devices',
    payload: z.object({
      dataset: id,
      bytes: z.number().int().min(0),
      floatAccuracy: z.number().min(0).max(1),
      int8Accuracy: z.number().min(0).max(1),
      usedReference: z.array(z.string()).max(50)
    }),
    describe: (p, subject) =>
      `Built ${subject} from ${p.dataset}: int8 ${Math.round(100 * p.int8Accuracy)}% vs float ${Math.round(100 * p.floatAccuracy)}%`
  })
}

export type ActivityKind = keyof typeof activityKinds
export type PayloadOf<K extends ActivityKind> = z.output<(typeof activityKinds)[K]['payload']>

export const activityKindNames = Object.keys(activityKinds) as ActivityKind[]

export function isActivityKind(kind: string): kind is ActivityKind {
  return Object.hasOwn(activityKinds, kind)
}

/** Loosely typed view of one kind's spec, for code that handles every kind alike. */
export function kindSpec(kind: ActivityKind): KindSpec<unknown> {
  return activityKinds[kind] as unknown as KindSpec<unknown>
}

export function domainOf(kind: ActivityKind, payload: unknown): Domain {
  const d = kindSpec(kind).domain
  return typeof d === 'function' ? d(payload) : d
}
