import type Database from 'better-sqlite3'
import { z } from 'zod'
import { dashboardTitle, routeSchema, routeTitles, type Domain, type Route } from '../../src-preload/contract'
import { replayCard, type CardLogEntry } from '../review'

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

export const HIGHLIGHT_COLORS = ['yellow', 'green', 'blue', 'pink', 'purple'] as const
export const CARD_SOURCES = ['quiz', 'highlight', 'drill', 'other'] as const

/** One review card's log entries, in time order. */
export function cardLog(db: Database.Database, cardId: string): CardLogEntry[] {
  const rows = db
    .prepare(
      `SELECT kind, at, payload FROM activity
       WHERE subject = ? AND kind IN ('card_add', 'card_review', 'card_undo', 'card_remove') ORDER BY at, seq`
    )
    .all(cardId) as { kind: CardLogEntry['kind']; at: string; payload: string }[]
  return rows.map((r) => ({ kind: r.kind, at: r.at, payload: JSON.parse(r.payload) }))
}

/**
 * Re-derives one review card from all of its log entries (added, reviewed, reviews undone, removed): the
 * scheduler replays them in time order, so state never drifts from the log and rebuild() gives the same.
 */
function rederiveCard(db: Database.Database, cardId: string, seq: number): void {
  const rows = cardLog(db, cardId)
  const card = replayCard(rows)
  db.prepare(
    `INSERT INTO review_card (card_id, source, front, back, chapter_id, link, added_at, state, due, stability, difficulty, reps, lapses, last_review, removed, source_seq)
     VALUES (@card, 'other', @card, '', NULL, NULL, @added, @state, @due, @stability, @difficulty, @reps, @lapses, @last, @removed, @seq)
     ON CONFLICT(card_id) DO UPDATE SET state = @state, due = @due, stability = @stability, difficulty = @difficulty, reps = @reps,
       lapses = @lapses, last_review = @last, removed = @removed, source_seq = @seq`
  ).run({
    card: cardId,
    added: rows[0]?.at ?? new Date(0).toISOString(),
    state: card.state,
    due: card.due,
    stability: card.stability,
    difficulty: card.difficulty,
    reps: card.reps,
    lapses: card.lapses,
    last: card.lastReview,
    removed: card.removed ? 1 : 0,
    seq
  })
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
  chapter_read: spec({
    domain: 'chapters',
    payload: z.object({ read: z.boolean() }),
    apply: (db, e) =>
      db
        .prepare(
          `INSERT INTO chapter_state (chapter_id, position, percent_read, updated_at, source_seq, read_at) VALUES (?, '', 0, ?, ?, ?)
           ON CONFLICT(chapter_id) DO UPDATE SET read_at = excluded.read_at, updated_at = excluded.updated_at, source_seq = excluded.source_seq`
        )
        .run(e.subject, e.at, e.seq, e.payload.read ? e.at : null),
    describe: (p, subject, title) => `Marked ${title('chapter', subject)} as ${p.read ? 'read' : 'unread'}`
  }),
  chapter_time: spec({
    domain: 'chapters',
    payload: z.object({ seconds: z.number().min(0).max(3600) }),
    apply: (db, e) =>
      db
        .prepare(
          `INSERT INTO chapter_state (chapter_id, position, percent_read, updated_at, source_seq, seconds_spent) VALUES (?, '', 0, ?, ?, ?)
           ON CONFLICT(chapter_id) DO UPDATE SET seconds_spent = seconds_spent + excluded.seconds_spent, source_seq = excluded.source_seq`
        )
        .run(e.subject, e.at, e.seq, e.payload.seconds),
    describe: (p, subject, title) => `Read ${title('chapter', subject)} for ${Math.max(1, Math.round(p.seconds / 60))} min`
  }),
  highlight_save: spec({
    domain: 'chapters',
    payload: z.object({
      highlightId: id,
      color: z.enum(HIGHLIGHT_COLORS),
      /** W3C Web Annotation TextQuoteSelector: the exact text, and some text before and after it. */
      quote: z.string().min(1).max(5000),
      prefix: z.string().max(200),
      suffix: z.string().max(200),
      /** TextPositionSelector hint: character offset of the quote in the chapter's text when it was made. */
      start: z.number().int().min(0),
      sectionId: z.string().max(200),
      note: z.string().max(20_000)
    }),
    apply: (db, e) =>
      db
        .prepare(
          `INSERT INTO highlight VALUES (@id, @chapter, @color, @quote, @prefix, @suffix, @start, @section, @note, @at, @at, @seq)
           ON CONFLICT(highlight_id) DO UPDATE SET color = @color, quote = @quote, prefix = @prefix, suffix = @suffix, start = @start,
             section_id = @section, note = @note, updated_at = @at, source_seq = @seq`
        )
        .run({
          id: e.payload.highlightId,
          chapter: e.subject,
          color: e.payload.color,
          quote: e.payload.quote,
          prefix: e.payload.prefix,
          suffix: e.payload.suffix,
          start: e.payload.start,
          section: e.payload.sectionId,
          note: e.payload.note,
          at: e.at,
          seq: e.seq
        }),
    describe: (p, subject, title) =>
      `${p.note ? 'Noted' : 'Highlighted'} “${p.quote.length > 60 ? `${p.quote.slice(0, 57)}…` : p.quote}” in ${title('chapter', subject)}`
  }),
  highlight_delete: spec({
    domain: 'chapters',
    payload: z.object({ highlightId: id }),
    apply: (db, e) => db.prepare('DELETE FROM highlight WHERE highlight_id = ?').run(e.payload.highlightId),
    describe: (_p, subject, title) => `Removed a highlight in ${title('chapter', subject)}`
  }),
  card_add: spec({
    domain: 'review',
    payload: z.object({
      source: z.enum(CARD_SOURCES),
      front: z.string().min(1).max(5000),
      back: z.string().max(20_000),
      chapterId: z.string().max(200).nullable(),
      /** Where the card comes from in the app (a route like `#/chapters/vol1/01-x/sec-y`), or null. */
      link: z.string().max(500).nullable()
    }),
    apply: (db, e) => {
      db.prepare(
        `INSERT INTO review_card (card_id, source, front, back, chapter_id, link, added_at, state, due, stability, difficulty, reps, lapses, last_review, removed, source_seq)
         VALUES (@card, @source, @front, @back, @chapter, @link, @at, 'new', @at, 0, 0, 0, 0, NULL, 0, @seq)
         ON CONFLICT(card_id) DO UPDATE SET source = @source, front = @front, back = @back, chapter_id = @chapter, link = @link, source_seq = @seq`
      ).run({
        card: e.subject,
        source: e.payload.source,
        front: e.payload.front,
        back: e.payload.back,
        chapter: e.payload.chapterId,
        link: e.payload.link,
        at: e.at,
        seq: e.seq
      })
      rederiveCard(db, e.subject, e.seq)
    },
    describe: (p, subject) => `Added ${p.source === 'highlight' ? 'a card from a highlight' : `card ${subject}`} to review`
  }),
  card_review: spec({
    domain: 'review',
    payload: z.object({ reviewId: id, rating: z.number().int().min(1).max(4) }),
    apply: (db, e) => rederiveCard(db, e.subject, e.seq),
    describe: (p, subject) => `Reviewed ${subject}: ${['Again', 'Hard', 'Good', 'Easy'][p.rating - 1]}`
  }),
  card_undo: spec({
    domain: 'review',
    payload: z.object({ reviewId: id }),
    apply: (db, e) => rederiveCard(db, e.subject, e.seq),
    describe: (_p, subject) => `Undid the last rating of ${subject}`
  }),
  card_remove: spec({
    domain: 'review',
    payload: z.object({}),
    apply: (db, e) => rederiveCard(db, e.subject, e.seq),
    describe: (_p, subject) => `Removed ${subject} from review`
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
