import type Database from 'better-sqlite3'
import { z } from 'zod'
import { routeSchema, type Domain, type Route } from '../../src-preload/contract'

/**
 * Every kind of entry the activity log holds: its domain, its payload schema, how it changes the
 * derived current-state tables, and how it reads in a list. Replaying the log through `apply` in order
 * rebuilds every state table, which is what import and `rebuild` do.
 */
interface KindSpec<P> {
  domain: Domain | ((payload: P) => Domain)
  payload: z.ZodType<P>
  apply?: (db: Database.Database, entry: StoredActivity<P>) => void
  describe: (payload: P, subject: string) => string
}

export interface StoredActivity<P = unknown> {
  seq: number
  uid: string
  at: string
  subject: string
  payload: P
}

const id = z.string().min(1).max(200)
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

export const routeTitles: Record<Route, string> = {
  home: 'Home',
  chapters: 'Chapters',
  review: 'Review',
  tinytorch: 'TinyTorch',
  simulator: 'Simulator',
  drills: 'Drills',
  devices: 'Devices',
  progress: 'Progress'
}

function spec<P>(s: KindSpec<P>): KindSpec<P> {
  return s
}

export const activityKinds = {
  page_visit: spec({
    domain: (p: { route: Route }) => routeDomain[p.route],
    payload: z.object({ route: routeSchema }),
    describe: (p, subject) => `Opened ${routeTitles[p.route]}${subject ? ` · ${subject}` : ''}`
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
    describe: (p, subject) => `Read ${subject} to ${Math.round(p.percentRead)}%`
  }),
  bookmark_add: spec({
    domain: 'chapters',
    payload: z.object({ bookmarkId: id, anchor: z.string().max(500), label: z.string().max(500) }),
    apply: (db, e) =>
      db
        .prepare('INSERT OR REPLACE INTO bookmark VALUES (?, ?, ?, ?, ?, ?)')
        .run(e.payload.bookmarkId, e.subject, e.payload.anchor, e.payload.label, e.at, e.seq),
    describe: (p, subject) => `Bookmarked “${p.label}” in ${subject}`
  }),
  bookmark_remove: spec({
    domain: 'chapters',
    payload: z.object({ bookmarkId: id }),
    apply: (db, e) => db.prepare('DELETE FROM bookmark WHERE bookmark_id = ?').run(e.payload.bookmarkId),
    describe: (_p, subject) => `Removed a bookmark in ${subject}`
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
    describe: (_p, subject) => `Saved a note in ${subject}`
  }),
  note_delete: spec({
    domain: 'chapters',
    payload: z.object({ noteId: id }),
    apply: (db, e) => db.prepare('DELETE FROM note WHERE note_id = ?').run(e.payload.noteId),
    describe: (_p, subject) => `Deleted a note in ${subject}`
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
    describe: (p, subject) => `${p.mode === 'submit' ? 'Submitted' : 'Ran'} ${subject}: ${p.score}/${p.maxScore}`
  }),
  milestone_run: spec({
    domain: 'tinytorch',
    payload: z.object({
      status: z.enum(['ok', 'error']),
      achieved: z.boolean(),
      summary: z.string().max(2000),
      metrics: z.record(z.string(), z.number()),
      wallSeconds: z.number().min(0),
      usedReference: z.array(z.string().max(100)).max(50)
    }),
    // achieved stays 1 once reached; the other columns follow the latest run.
    apply: (db, e) =>
      db
        .prepare(
          `INSERT INTO milestone_state (milestone_id, achieved, runs, last_summary, last_seconds, updated_at, source_seq)
           VALUES (@id, @achieved, 1, @summary, @seconds, @at, @seq)
           ON CONFLICT(milestone_id) DO UPDATE SET achieved = max(achieved, @achieved), runs = runs + 1,
             last_summary = @summary, last_seconds = @seconds, updated_at = @at, source_seq = @seq`
        )
        .run({
          id: e.subject,
          achieved: e.payload.achieved ? 1 : 0,
          summary: e.payload.summary,
          seconds: e.payload.wallSeconds,
          at: e.at,
          seq: e.seq
        }),
    describe: (p, subject) =>
      `Ran milestone ${subject}: ${p.status === 'error' ? 'errored' : p.achieved ? 'reached' : 'not reached'} in ${p.wallSeconds.toFixed(1)} s`
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
  sim_run: spec({
    domain: 'simulator',
    payload: z.object({ params: json }),
    describe: (_p, subject) => `Ran the ${subject} model`
  }),
  scenario_save: spec({
    domain: 'simulator',
    payload: z.object({ scenarioId: id, name: z.string().min(1).max(200), params: json }),
    apply: (db, e) =>
      db
        .prepare('INSERT OR REPLACE INTO sim_scenario VALUES (?, ?, ?, ?, ?, ?)')
        .run(e.payload.scenarioId, e.subject, e.payload.name, JSON.stringify(e.payload.params), e.at, e.seq),
    describe: (p, subject) => `Saved scenario “${p.name}” in ${subject}`
  }),
  scenario_delete: spec({
    domain: 'simulator',
    payload: z.object({ scenarioId: id }),
    apply: (db, e) => db.prepare('DELETE FROM sim_scenario WHERE scenario_id = ?').run(e.payload.scenarioId),
    describe: (_p, subject) => `Deleted a scenario in ${subject}`
  }),
  deployment: spec({
    domain: 'devices',
    payload: z.object({ deploymentId: id, board: z.string(), model: z.string(), status: z.string(), metrics: json }),
    apply: (db, e) =>
      db
        .prepare('INSERT OR REPLACE INTO deployment VALUES (?, ?, ?, ?, ?, ?, ?)')
        .run(e.payload.deploymentId, e.payload.board, e.payload.model, e.payload.status, JSON.stringify(e.payload.metrics), e.at, e.seq),
    describe: (p) => `Deployed ${p.model} to ${p.board}: ${p.status}`
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
