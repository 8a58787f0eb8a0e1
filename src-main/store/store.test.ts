import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../testing/fixtures'
import { DATABASE_FILE, DatabaseLockedError, EXPORT_FORMAT, ProgressStore, latestSchemaVersion, migrations } from '.'

/** A clock the test moves by hand, so `at` ordering is deterministic. */
function clock(start = Date.parse('2026-11-01T09:00:00Z')) {
  let t = start
  return { now: () => new Date(t), tick: (ms = 1000) => (t += ms) }
}

/** A little of everything, across every domain. */
function fill(store: ProgressStore, tick: () => void) {
  const steps: Array<() => void> = [
    () => store.record('page_visit', '', { route: 'chapters' }),
    () => store.record('chapter_position', 'vol1/ch03', { position: '#dataflow', percentRead: 40 }),
    () => store.record('chapter_position', 'vol1/ch03', { position: '#kernels', percentRead: 75 }),
    () => store.record('bookmark_add', 'vol1/ch03', { bookmarkId: 'b1', anchor: '#roofline', label: 'Roofline' }),
    () => store.record('bookmark_add', 'vol1/ch03', { bookmarkId: 'b2', anchor: '#tiling', label: 'Tiling' }),
    () => store.record('bookmark_remove', 'vol1/ch03', { bookmarkId: 'b2' }),
    () => store.record('note_save', 'vol1/ch03', { noteId: 'n1', anchor: '#roofline', body: 'ridge = peak / bw' }),
    () =>
      store.record('exercise_attempt', '01_tensor', {
        mode: 'run',
        status: 'fail',
        score: 3,
        maxScore: 10,
        durationSeconds: 0.4,
        code: 'v1'
      }),
    () =>
      store.record('exercise_attempt', '01_tensor', {
        mode: 'submit',
        status: 'pass',
        score: 10,
        maxScore: 10,
        durationSeconds: 0.5,
        code: 'v2'
      }),
    () =>
      store.record('exercise_attempt', '01_tensor', {
        mode: 'run',
        status: 'fail',
        score: 7,
        maxScore: 10,
        durationSeconds: 0.3,
        code: 'v3'
      }),
    () =>
      store.record('card_add', 'quiz:vol1/ch03:q1', {
        source: 'quiz',
        front: 'Ridge point?',
        back: 'peak / bw',
        chapterId: 'vol1/ch03',
        link: null
      }),
    () => store.record('card_review', 'quiz:vol1/ch03:q1', { reviewId: 'r1', rating: 3 }),
    () => store.record('card_review', 'quiz:vol1/ch03:q1', { reviewId: 'r2', rating: 1 }),
    () => store.record('card_undo', 'quiz:vol1/ch03:q1', { reviewId: 'r2' }),
    () =>
      store.record('highlight_save', 'vol1/ch03', {
        highlightId: 'h1',
        color: 'yellow',
        quote: 'the ridge point',
        prefix: 'where ',
        suffix: ' sits',
        start: 120,
        sectionId: 'sec-roofline',
        note: 'remember this'
      }),
    () => store.record('chapter_read', 'vol1/ch03', { read: true }),
    () => store.record('chapter_time', 'vol1/ch03', { seconds: 90 }),
    () =>
      store.record('drill_attempt', 'kv-cache-one-sequence@7', {
        templateId: 'kv-cache-one-sequence',
        mode: 'practice',
        session: null,
        source: 'bank',
        kind: 'numeric',
        track: 'cloud',
        level: 'L2',
        zone: 'fluency',
        area: 'memory',
        topic: 'kv-cache',
        response: '1 GB',
        grade: 'close',
        score: 3,
        durationSeconds: 40
      }),
    () => store.record('drill_daily', '2026-11-01', { questions: ['kv-cache-one-sequence@7'], score: 3, maxScore: 3 }),
    () => store.record('sim_run', 'roofline', { params: { batch: 8 } }),
    () => store.record('scenario_save', 'roofline', { scenarioId: 's1', name: 'H100 decode', params: { batch: 1 } }),
    () =>
      store.record('deployment', 'xiao-esp32s3', {
        deploymentId: 'd1',
        board: 'xiao-esp32s3',
        model: 'kws',
        status: 'ok',
        metrics: { latencySeconds: 0.012 }
      }),
    () => store.record('page_visit', 'roofline', { route: 'simulator' })
  ]
  for (const step of steps) {
    step()
    tick()
  }
}

describe('migrations', () => {
  it('brings a new file to the latest version with WAL, foreign keys and every table', () => {
    const dir = tempDir()
    const store = ProgressStore.open(dir)
    expect(store.schemaVersion).toBe(latestSchemaVersion)
    store.close()
    const db = new Database(join(dir, DATABASE_FILE))
    expect(db.pragma('user_version', { simple: true })).toBe(migrations.length)
    expect(db.pragma('journal_mode', { simple: true })).toBe('wal')
    const tables = db
      .prepare("SELECT name FROM sqlite_master WHERE type = 'table' AND name NOT LIKE 'sqlite_%' ORDER BY name")
      .pluck()
      .all() as string[]
    expect(tables).toEqual([
      'activity',
      'bookmark',
      'chapter_state',
      'deployment',
      'drill_attempt',
      'drill_daily',
      'drill_mock',
      'exercise_state',
      'highlight',
      'note',
      'review_card',
      'sim_scenario'
    ])
    db.close()
  })

  it('reopening an up-to-date file applies nothing and keeps the data', () => {
    const dir = tempDir()
    const a = ProgressStore.open(dir)
    a.record('page_visit', '', { route: 'drills' })
    a.close()
    const b = ProgressStore.open(dir)
    expect(b.tableCount('activity')).toBe(1)
    expect(b.recovery).toBeNull()
    b.close()
  })

  it('keeps the log append-only and state rows tied to their log entry', () => {
    const dir = tempDir()
    const store = ProgressStore.open(dir)
    store.record('page_visit', '', { route: 'drills' })
    store.close()
    const db = new Database(join(dir, DATABASE_FILE))
    db.pragma('foreign_keys = ON')
    expect(() => db.prepare("UPDATE activity SET kind = 'x'").run()).toThrow('the activity log is append-only')
    expect(() => db.prepare('DELETE FROM activity').run()).toThrow('the activity log is append-only')
    expect(() => db.prepare("INSERT INTO sim_scenario VALUES ('s', 'roofline', 'n', '{}', 'now', 999)").run()).toThrow(/FOREIGN KEY/)
    db.close()
  })
})

describe('recording and current state', () => {
  it('derives current state from the log', () => {
    const c = clock()
    const store = ProgressStore.open(tempDir(), c.now)
    fill(store, c.tick)
    const totals = Object.fromEntries(store.summary().totals.map((t) => [t.domain, t]))
    const fig = (domain: string, label: string) => totals[domain]!.figures.find((f) => f.label === label)!.value
    expect(totals.chapters!.events).toBe(9) // 2 positions + 2 adds + 1 remove + 1 note + 1 highlight + read + time; the visit is not progress
    expect(totals.app!.figures).toEqual([])
    expect(fig('chapters', 'chapters started')).toBe(1)
    expect(fig('chapters', 'chapters read')).toBe(1)
    expect(fig('chapters', 'highlights')).toBe(1)
    expect(fig('chapters', 'notes')).toBe(2) // the highlight's note and the note entry
    expect(fig('chapters', 'bookmarks')).toBe(1) // b1 kept, b2 removed
    expect(fig('tinytorch', 'modules passed')).toBe(1) // a later failing run does not un-pass a module
    expect(fig('tinytorch', 'attempts')).toBe(3)
    // Two ratings, the miss undone: one review counts. Good on a new card schedules it days out, so nothing is due.
    expect(fig('review', 'cards')).toBe(1)
    expect(fig('review', 'reviews')).toBe(1)
    expect(fig('review', 'due now')).toBe(0)
    expect(store.reviewCard('quiz:vol1/ch03:q1')).toMatchObject({ state: 'review', reps: 1, lapses: 0 })
    expect(store.chapterStates().get('vol1/ch03')).toMatchObject({ percentRead: 75, secondsSpent: 90, position: '#kernels' })
    expect(store.highlights('vol1/ch03')).toEqual([expect.objectContaining({ quote: 'the ridge point', note: 'remember this' })])
    expect(fig('drills', 'questions answered')).toBe(1)
    expect(fig('drills', '% scoring 2 or more')).toBe(100)
    expect(fig('drills', 'daily sets')).toBe(1)
    expect(fig('simulator', 'saved scenarios')).toBe(1)
    expect(fig('devices', 'deployments')).toBe(1)
    // Dashboard titles come from the contract even without the curriculum at hand.
    expect(store.resume()).toMatchObject({ route: 'simulator', subject: 'roofline', summary: 'Opened Simulator · Roofline' })
    // Visits are not things done: the recent list leaves them out (resume still reads them).
    expect(store.recent(2).map((a) => a.summary)).toEqual(['Deployed kws to xiao-esp32s3: ok', 'Saved scenario “H100 decode” in Roofline'])
    // With titles from the curriculum, module ids read as their titles.
    const titles = (kind: string, id: string) => (kind === 'module' && id === '01_tensor' ? 'Tensor' : id)
    expect(store.recent(50, titles).map((a) => a.summary)).toContain('Submitted Tensor: 10/10 points')
  })

  it('completion counts modules passed, milestones reached with own code and dashboards explored, not visits', () => {
    const c = clock()
    const store = ProgressStore.open(tempDir(), c.now)
    const catalog = {
      modules: [
        { id: '01_tensor', title: 'Tensor' },
        { id: '02_activations', title: 'Activations' }
      ],
      milestones: [
        { id: '01_perceptron', title: 'The Perceptron' },
        { id: '02_xor', title: 'The XOR Problem' }
      ],
      dashboards: [
        { id: 'roofline', title: 'Roofline' },
        { id: 'batch', title: 'Batch size' },
        { id: 'tail', title: 'Tail latency' }
      ]
    }
    const none = store.completion(catalog)
    expect(none.map((x) => [x.id, x.done, x.total])).toEqual([
      ['modules', 0, 2],
      ['milestones', 0, 2],
      ['dashboards', 0, 3]
    ])
    for (const route of ['simulator', 'tinytorch', 'home'] as const)
      store.record('page_visit', route === 'simulator' ? 'batch' : '', { route })
    const attempt = { mode: 'submit' as const, score: 10, maxScore: 10, durationSeconds: 1, code: '' }
    store.record('exercise_attempt', '02_activations', { ...attempt, status: 'pass' })
    store.record('exercise_attempt', '01_tensor', { ...attempt, mode: 'run', status: 'fail', score: 4 })
    const run = { status: 'ok' as const, metrics: { testAccuracy: 0.95 }, durationSeconds: 2 }
    store.record('milestone_run', '01_perceptron', { ...run, achieved: true, usedReference: ['05_autograd'] })
    store.record('milestone_run', '02_xor', { ...run, achieved: false, usedReference: [] })
    store.record('sim_run', 'tail', { params: { function: 'mmcQueue' } })
    store.record('scenario_save', 'tail', { scenarioId: 's', name: 'x', params: {} })
    store.record('scenario_save', 'roofline', { scenarioId: 't', name: 'y', params: {} })
    const [modules, milestones, dashboards] = store.completion(catalog)
    expect(modules).toMatchObject({ done: 1, total: 2 })
    expect(modules!.items).toEqual([
      { id: '01_tensor', title: 'Tensor', done: false, detail: 'best 4/10 points · 1 attempt' },
      { id: '02_activations', title: 'Activations', done: true, detail: 'best 10/10 points · 1 attempt' }
    ])
    // The perceptron was reached with a reference module: not yet the learner's own. XOR was not reached.
    expect(milestones).toMatchObject({ done: 0, total: 2 })
    expect(milestones!.items.map((i) => i.detail)).toEqual(['reached only with reference modules so far', null])
    store.record('milestone_run', '01_perceptron', { ...run, achieved: true, usedReference: [] })
    expect(store.completion(catalog)[1]).toMatchObject({ done: 1, items: [{ done: true, detail: 'reached with your own modules' }, {}] })
    // Visiting the batch dashboard explored nothing; a revealed prediction or a saved scenario does.
    expect(dashboards).toMatchObject({ done: 2, total: 3 })
    expect(dashboards!.items).toEqual([
      { id: 'roofline', title: 'Roofline', done: true, detail: 'a scenario saved' },
      { id: 'batch', title: 'Batch size', done: false, detail: null },
      { id: 'tail', title: 'Tail latency', done: true, detail: 'a prediction revealed, a scenario saved' }
    ])
    expect(store.summary(catalog).completion).toEqual(store.completion(catalog))
  })

  it('completion counts chapters marked as read, and says how far the others got', () => {
    const store = ProgressStore.open(tempDir())
    const catalog = {
      modules: [],
      milestones: [],
      dashboards: [],
      chapters: [
        { id: 'vol1/01-introduction', title: 'Introduction' },
        { id: 'vol1/02-ml-systems', title: 'ML Systems' },
        { id: 'vol1/03-ml-workflow', title: 'ML Workflow' }
      ]
    }
    store.record('chapter_position', 'vol1/02-ml-systems', { position: '#sec-v1-ml-systems-spectrum', percentRead: 40 })
    store.record('chapter_read', 'vol1/01-introduction', { read: true })
    const chapters = store.completion(catalog).find((c) => c.id === 'chapters')!
    expect(chapters).toMatchObject({ label: 'Chapters read', done: 1, total: 3 })
    expect(chapters.items.map((i) => [i.title, i.done, i.detail])).toEqual([
      ['Introduction', true, 'marked as read'],
      ['ML Systems', false, '40 % read'],
      ['ML Workflow', false, null]
    ])
    store.record('chapter_read', 'vol1/01-introduction', { read: false })
    expect(store.completion(catalog).find((c) => c.id === 'chapters')!.done).toBe(0)
  })

  it('refuses a milestone run with non-finite metrics or a malformed reference list', () => {
    const store = ProgressStore.open(tempDir())
    const base = { status: 'ok' as const, achieved: true, usedReference: [], durationSeconds: 1 }
    expect(() => store.record('milestone_run', 'm', { ...base, metrics: { loss: Number.NaN } })).toThrow(
      /invalid milestone_run entry: metrics/
    )
    expect(() => store.record('milestone_run', 'm', { ...base, metrics: {}, usedReference: [''] })).toThrow(/usedReference/)
    expect(store.tableCount('activity')).toBe(0)
  })

  it('rejects a malformed entry with a message naming the field, and writes nothing', () => {
    const store = ProgressStore.open(tempDir())
    expect(() => store.record('chapter_position', 'ch1', { position: '#a', percentRead: 140 })).toThrow(
      /invalid chapter_position entry: percentRead/
    )
    expect(store.tableCount('activity')).toBe(0)
  })

  it('rebuild reproduces the incrementally maintained state exactly', () => {
    const c = clock()
    const dir = tempDir()
    const store = ProgressStore.open(dir, c.now)
    fill(store, c.tick)
    const snapshot = () => {
      const db = new Database(join(dir, DATABASE_FILE), { readonly: true })
      const tables = [
        'chapter_state',
        'bookmark',
        'note',
        'highlight',
        'exercise_state',
        'drill_attempt',
        'drill_daily',
        'review_card',
        'sim_scenario',
        'deployment'
      ]
      const out = tables.map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all())
      db.close()
      return out
    }
    const before = snapshot()
    store.rebuild()
    expect(snapshot()).toEqual(before)
  })
})

describe('export and import', () => {
  it('round-trips into a fresh profile and reproduces the same Progress page, in chunks too', async () => {
    const c = clock()
    const source = ProgressStore.open(tempDir(), c.now)
    fill(source, c.tick)
    const doc = source.exportDocument('1.2.3')
    expect(doc.format).toBe(EXPORT_FORMAT)
    expect(doc.activities).toHaveLength(23)

    const target = ProgressStore.open(tempDir(), c.now)
    expect(await target.importDocument(JSON.stringify(doc))).toEqual({ added: 23, skipped: 0, rejected: 0, problems: [] })
    expect(target.summary()).toEqual(source.summary())
    expect(target.recent(50)).toEqual(source.recent(50))
    expect(target.resume()).toEqual(source.resume())
    // Importing the same file again adds nothing.
    expect(await target.importDocument(JSON.stringify(doc))).toEqual({ added: 0, skipped: 23, rejected: 0, problems: [] })
    expect(target.tableCount('activity')).toBe(23)
    // three entries per transaction, applied in time order as they land: the same state as one replay
    const chunked = ProgressStore.open(tempDir(), c.now)
    expect((await chunked.importDocument(JSON.stringify(doc), { chunkSize: 3 })).added).toBe(23)
    expect(chunked.summary()).toEqual(source.summary())
    expect(chunked.exerciseStates()).toEqual(source.exerciseStates())
  })

  it('merges an older export so state still follows time order', async () => {
    const c = clock()
    const old = ProgressStore.open(tempDir(), c.now)
    old.record('chapter_position', 'ch1', { position: '#start', percentRead: 10 })
    const oldDoc = JSON.stringify(old.exportDocument('1'))
    c.tick(60_000)
    const current = ProgressStore.open(tempDir(), c.now)
    current.record('chapter_position', 'ch1', { position: '#end', percentRead: 90 })
    await current.importDocument(oldDoc)
    // The newer position wins because it is later in time, even though it was inserted first.
    const db = new Database(current.path, { readonly: true })
    expect(db.prepare('SELECT position, percent_read FROM chapter_state').get()).toEqual({ position: '#end', percent_read: 90 })
    db.close()
  })

  it('rejects a file that is not an export whole, with a message that says why, and changes nothing', async () => {
    const store = ProgressStore.open(tempDir())
    store.record('page_visit', '', { route: 'home' })
    const good = store.exportDocument('1')
    for (const [text, message] of [
      ['not json at all', /not valid JSON/],
      [JSON.stringify({ ...good, version: 99 }), /format version 99; this app reads version 1/],
      [JSON.stringify({ hello: 1 }), /not a valid progress export: format/],
      [JSON.stringify([1, 2]), /holds no JSON object/],
      [JSON.stringify({ ...good, activities: 'all of them' }), /activities must be a list/]
    ] as Array<[string, RegExp]>) {
      await expect(store.importDocument(text)).rejects.toThrow(message)
    }
    expect(store.tableCount('activity')).toBe(1)
  })

  it('imports the valid entries and reports each rejected one separately', async () => {
    const store = ProgressStore.open(tempDir())
    store.record('page_visit', '', { route: 'home' })
    const good = store.exportDocument('1')
    const base = good.activities[0]!
    let deep: unknown = { leaf: 1 }
    for (let i = 0; i < 1500; i++) deep = { d: deep }
    const cases: Array<[unknown, RegExp]> = [
      [
        JSON.stringify({ ...good, activities: [{ ...good.activities[0], uid: 'new', kind: 'hack' }] }),
        /activities\[0\]: unknown kind "hack"/
      ],
      [
        JSON.stringify({ ...good, activities: [{ ...good.activities[0], uid: 'new', payload: { route: 'nowhere' } }] }),
        /activities\[0\] \(page_visit\): route: /
      ],
      [JSON.stringify({ ...good, activities: [{ ...good.activities[0], uid: 'x2', at: 'yesterday' }] }), /activities\[0\]: at: /],
      [
        JSON.stringify({
          ...good,
          activities: [
            { ...good.activities[0], uid: 'ok-1' },
            { ...good.activities[0], uid: 'bad', domain: 'devices' }
          ]
        }),
        /activities\[1\]: kind page_visit does not belong to domain devices/
      ],
      [
        { ...good, activities: [{ ...base, uid: 'deep', kind: 'sim_run', domain: 'simulator', payload: { params: deep } }] },
        /nested more than 64 levels/
      ]
    ]
    for (const [doc, message] of cases) {
      const text = typeof doc === 'string' ? doc : JSON.stringify(doc)
      const r = await store.importDocument(text)
      expect(r.rejected).toBeGreaterThan(0)
      expect(r.problems.join('\n')).toMatch(message)
    }
    // the one valid entry among them ('ok-1') landed; nothing invalid did
    expect(store.tableCount('activity')).toBe(2)
    const mixed = await store.importDocument(
      JSON.stringify({
        ...good,
        activities: [
          { ...base, uid: 'a1' },
          { ...base, uid: 'a1' },
          { ...base, uid: 'a2', kind: 'nope' }
        ]
      })
    )
    expect(mixed).toEqual({
      added: 1,
      skipped: 0,
      rejected: 2,
      problems: ['activities[1]: uid a1 appears twice in the file', expect.stringMatching(/^activities\[2\]: unknown kind "nope"/)]
    })
  })

  it('never returns a uid for an entry that did not land: deep or refused payloads throw', () => {
    const store = ProgressStore.open(tempDir())
    let deep: unknown = 1
    for (let i = 0; i < 1500; i++) deep = [deep]
    expect(() => store.record('sim_run', 'roofline', { params: { deep } })).toThrow(
      /invalid sim_run entry: payload is nested more than 64 levels deep/
    )
    expect(store.tableCount('activity')).toBe(0)
    expect(() => store.record('page_visit', '', { route: 'nowhere' as never })).toThrow(/invalid page_visit entry: route/)
    expect(store.tableCount('activity')).toBe(0)
  })

  it('backs up the whole database through the SQLite backup API', async () => {
    const dir = tempDir()
    const store = ProgressStore.open(dir)
    store.record('page_visit', '', { route: 'devices' })
    // the folder does not exist yet, as in a new profile's backups/
    const { path, bytes } = await store.backup(join(dir, 'backups', 'nested', 'copy.sqlite'))
    expect(bytes).toBeGreaterThan(0)
    const copy = new Database(path, { readonly: true })
    expect(copy.prepare('SELECT count(*) FROM activity').pluck().get()).toBe(1)
    copy.close()
  })
})

describe('a file another program holds', () => {
  it('waits for a short lock and opens the same data, moving nothing aside', async () => {
    const dir = tempDir()
    const store = ProgressStore.open(dir)
    store.record('page_visit', '', { route: 'drills' })
    store.close()
    const holder = new Database(join(dir, DATABASE_FILE))
    holder.pragma('locking_mode = EXCLUSIVE')
    holder.exec('BEGIN EXCLUSIVE')
    setTimeout(() => {
      holder.exec('COMMIT')
      holder.close()
    }, 300)
    // the child waits inside SQLite's busy handler while this process releases the lock
    const root = resolve(__dirname, '../..')
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        '-e',
        `
      const { ProgressStore } = require(${JSON.stringify(join(root, 'src-main/store'))});
      const s = ProgressStore.open(${JSON.stringify(dir)});
      console.log(JSON.stringify({ recovery: s.recovery, count: s.tableCount('activity') }))`
      ],
      { cwd: root, stdio: ['ignore', 'pipe', 'pipe'] }
    )
    let out = ''
    child.stdout.on('data', (d) => (out += d))
    await new Promise((r) => child.on('exit', r))
    expect(JSON.parse(out)).toEqual({ recovery: null, count: 1 })
    expect(readdirSync(dir).some((f) => f.startsWith('progress.unreadable-'))).toBe(false)
  })

  it('reports a lock that does not go away, and leaves the file where it is', () => {
    const dir = tempDir()
    ProgressStore.open(dir).close()
    const holder = new Database(join(dir, DATABASE_FILE))
    holder.pragma('locking_mode = EXCLUSIVE')
    holder.exec('BEGIN EXCLUSIVE')
    try {
      expect(() => ProgressStore.open(dir, undefined, 200)).toThrow(DatabaseLockedError)
      expect(() => ProgressStore.open(dir, undefined, 200)).toThrow(/another program is using your progress file/)
      expect(readdirSync(dir).some((f) => f.startsWith('progress.unreadable-'))).toBe(false)
    } finally {
      holder.exec('COMMIT')
      holder.close()
    }
    expect(ProgressStore.open(dir).recovery).toBeNull()
  })
})

describe('damaged files', () => {
  it('moves a corrupt file aside, keeps its bytes, and starts fresh', () => {
    const dir = tempDir()
    const garbage = Buffer.from('this is not a database'.repeat(400))
    writeFileSync(join(dir, DATABASE_FILE), garbage)
    const fixed = new Date('2026-11-23T10:00:00.000Z')
    const store = ProgressStore.open(dir, () => fixed)
    expect(store.recovery).not.toBeNull()
    expect(store.recovery!.movedTo).toBe(join(dir, 'progress.unreadable-2026-11-23T10-00-00-000Z.sqlite'))
    expect(store.recovery!.reason).toMatch(/not a database/)
    expect(readFileSync(store.recovery!.movedTo)).toEqual(garbage)
    store.record('page_visit', '', { route: 'home' })
    expect(store.tableCount('activity')).toBe(1)
  })

  it('moves aside a database whose pages are damaged', () => {
    const dir = tempDir()
    const store = ProgressStore.open(dir)
    for (let i = 0; i < 300; i++) store.record('sim_run', 'roofline', { params: { i, pad: 'x'.repeat(200) } })
    store.close()
    const path = join(dir, DATABASE_FILE)
    const bytes = readFileSync(path)
    // Overwrite the middle of the file (b-tree pages), leaving the header intact.
    bytes.fill(0xa5, 8192, bytes.length - 4096)
    writeFileSync(path, bytes)
    const reopened = ProgressStore.open(dir)
    expect(reopened.recovery).not.toBeNull()
    expect(existsSync(reopened.recovery!.movedTo)).toBe(true)
    expect(reopened.tableCount('activity')).toBe(0)
  })

  it('moves aside a file from a newer app instead of guessing', () => {
    const dir = tempDir()
    const db = new Database(join(dir, DATABASE_FILE))
    db.pragma('user_version = 99')
    db.close()
    const store = ProgressStore.open(dir)
    expect(store.recovery?.reason).toMatch(/schema version 99, newer than this app understands/)
    expect(readdirSync(dir).some((f) => f.startsWith('progress.unreadable-'))).toBe(true)
  })

  it('loses no committed row when the process is killed mid-write', async () => {
    const dir = tempDir()
    ProgressStore.open(dir).close()
    const root = resolve(__dirname, '../..')
    const child = spawn(process.execPath, ['--import', 'tsx', join(root, 'src-main/testing/crashWriter.ts'), dir], {
      cwd: root,
      stdio: ['ignore', 'pipe', 'inherit']
    })
    let lastReported = 0
    let pending = ''
    await new Promise<void>((done) => {
      child.stdout!.on('data', (d: Buffer) => {
        // Only whole lines count: a chunk may end in the middle of a number.
        pending += d.toString()
        const lines = pending.split('\n')
        pending = lines.pop()!
        if (lines.length) lastReported = Number(lines[lines.length - 1])
        if (lastReported >= 300 && !child.killed) child.kill('SIGKILL')
      })
      // 'close' comes after the last buffered line has been read, unlike 'exit'.
      child.once('close', () => done())
    })
    const store = ProgressStore.open(dir)
    expect(store.recovery).toBeNull()
    const rows = store.tableCount('activity')
    // Every commit the writer reported is there; at most one more (committed, killed before printing).
    expect(rows).toBeGreaterThanOrEqual(lastReported)
    expect(rows).toBeLessThanOrEqual(lastReported + 1)
    store.close()
  })
})
