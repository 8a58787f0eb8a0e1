import Database from 'better-sqlite3'
import { spawn } from 'node:child_process'
import { existsSync, readFileSync, readdirSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { tempDir } from '../testing/fixtures'
import { DATABASE_FILE, EXPORT_FORMAT, ProgressStore, latestSchemaVersion, migrations } from '.'

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
      store.record('milestone_run', '04_cnn', {
        status: 'ok',
        achieved: true,
        summary: 'reached 97.9%',
        metrics: { testAccuracy: 0.979 },
        wallSeconds: 72,
        usedReference: []
      }),
    () =>
      store.record('milestone_run', '04_cnn', {
        status: 'ok',
        achieved: false,
        summary: 'reached 91%',
        metrics: { testAccuracy: 0.91 },
        wallSeconds: 60,
        usedReference: ['09_spatial']
      }),
    () =>
      store.record('drill_review', 'q-roofline-1', {
        grade: 4,
        correct: true,
        ease: 2.5,
        intervalDays: 1,
        dueAt: '2026-11-02T09:00:00.000Z'
      }),
    () =>
      store.record('drill_review', 'q-roofline-1', {
        grade: 1,
        correct: false,
        ease: 2.3,
        intervalDays: 0,
        dueAt: '2026-11-01T09:30:00.000Z'
      }),
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
      'drill_card',
      'exercise_state',
      'milestone_state',
      'note',
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
    expect(totals.chapters!.events).toBe(7) // 1 visit + 2 positions + 2 adds + 1 remove + 1 note
    expect(fig('chapters', 'chapters started')).toBe(1)
    expect(fig('chapters', 'bookmarks')).toBe(1) // b1 kept, b2 removed
    expect(fig('tinytorch', 'modules passed')).toBe(1) // a later failing run does not un-pass a module
    expect(fig('tinytorch', 'attempts')).toBe(3)
    expect(fig('tinytorch', 'milestones reached')).toBe(1) // a later run that falls short does not un-reach it
    expect(store.milestoneStates().get('04_cnn')).toMatchObject({ achieved: true, runs: 2, lastSummary: 'reached 91%', lastSeconds: 60 })
    expect(fig('drills', 'reviews')).toBe(2)
    // The miss reset the card to due 09:30 on Nov 1; the clock is at 09:00:18 then, so it is not yet due.
    expect(fig('drills', 'due now')).toBe(0)
    expect(fig('simulator', 'saved scenarios')).toBe(1)
    expect(fig('devices', 'deployments')).toBe(1)
    expect(store.resume()).toMatchObject({ route: 'simulator', subject: 'roofline', summary: 'Opened Simulator · roofline' })
    expect(store.recent(2).map((a) => a.summary)).toEqual(['Opened Simulator · roofline', 'Deployed kws to xiao-esp32s3: ok'])
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
      const out = [
        'chapter_state',
        'bookmark',
        'note',
        'exercise_state',
        'milestone_state',
        'drill_card',
        'sim_scenario',
        'deployment'
      ].map((t) => db.prepare(`SELECT * FROM ${t} ORDER BY 1`).all())
      db.close()
      return out
    }
    const before = snapshot()
    store.rebuild()
    expect(snapshot()).toEqual(before)
  })
})

describe('export and import', () => {
  it('round-trips into a fresh profile and reproduces the same Progress page', () => {
    const c = clock()
    const source = ProgressStore.open(tempDir(), c.now)
    fill(source, c.tick)
    const doc = source.exportDocument('1.2.3')
    expect(doc.format).toBe(EXPORT_FORMAT)
    expect(doc.activities).toHaveLength(18)

    const target = ProgressStore.open(tempDir(), c.now)
    expect(target.importDocument(JSON.stringify(doc))).toEqual({ added: 18, skipped: 0 })
    expect(target.summary()).toEqual(source.summary())
    expect(target.recent(50)).toEqual(source.recent(50))
    expect(target.resume()).toEqual(source.resume())
    // Importing the same file again adds nothing.
    expect(target.importDocument(JSON.stringify(doc))).toEqual({ added: 0, skipped: 18 })
    expect(target.tableCount('activity')).toBe(18)
  })

  it('merges an older export so state still follows time order', () => {
    const c = clock()
    const old = ProgressStore.open(tempDir(), c.now)
    old.record('chapter_position', 'ch1', { position: '#start', percentRead: 10 })
    const oldDoc = JSON.stringify(old.exportDocument('1'))
    c.tick(60_000)
    const current = ProgressStore.open(tempDir(), c.now)
    current.record('chapter_position', 'ch1', { position: '#end', percentRead: 90 })
    current.importDocument(oldDoc)
    // The newer position wins because it is later in time, even though it was inserted first.
    const db = new Database(current.path, { readonly: true })
    expect(db.prepare('SELECT position, percent_read FROM chapter_state').get()).toEqual({ position: '#end', percent_read: 90 })
    db.close()
  })

  it('rejects bad files whole, with a message that says where, and changes nothing', () => {
    const store = ProgressStore.open(tempDir())
    store.record('page_visit', '', { route: 'home' })
    const good = store.exportDocument('1')
    const cases: Array<[string, RegExp]> = [
      ['not json at all', /not valid JSON/],
      [JSON.stringify({ ...good, version: 99 }), /format version 99; this app reads version 1/],
      [
        JSON.stringify({ ...good, activities: [{ ...good.activities[0], uid: 'new', kind: 'hack' }] }),
        /activities\[0\]: unknown kind "hack"/
      ],
      [
        JSON.stringify({ ...good, activities: [{ ...good.activities[0], uid: 'new', payload: { route: 'nowhere' } }] }),
        /activities\[0\] \(page_visit\): payload\.route/
      ],
      [JSON.stringify({ ...good, activities: [{ ...good.activities[0], uid: 'x2', at: 'yesterday' }] }), /activities\.0\.at/],
      [
        JSON.stringify({
          ...good,
          activities: [
            { ...good.activities[0], uid: 'ok-1' },
            { ...good.activities[0], uid: 'bad', domain: 'devices' }
          ]
        }),
        /activities\[1\]: kind page_visit does not belong to domain devices/
      ]
    ]
    for (const [text, message] of cases) expect(() => store.importDocument(text)).toThrow(message)
    expect(store.tableCount('activity')).toBe(1)
  })

  it('backs up the whole database through the SQLite backup API', async () => {
    const dir = tempDir()
    const store = ProgressStore.open(dir)
    store.record('page_visit', '', { route: 'devices' })
    const { path, bytes } = await store.backup(join(dir, 'copy.sqlite'))
    expect(bytes).toBeGreaterThan(0)
    const copy = new Database(path, { readonly: true })
    expect(copy.prepare('SELECT count(*) FROM activity').pluck().get()).toBe(1)
    copy.close()
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
