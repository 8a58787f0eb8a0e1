import type Database from 'better-sqlite3'

/**
 * Versioned migrations. Migration N brings `PRAGMA user_version` from N-1 to N; each runs in its own
 * transaction, so a failure leaves the file at the previous version. Never edit a shipped migration:
 * add the next one.
 */
export const migrations: ReadonlyArray<{ version: number; description: string; sql: string }> = [
  {
    version: 1,
    description: 'activity log and per-domain current state',
    sql: `
      -- The append-only log: the source of truth. Every table below can be rebuilt from it.
      CREATE TABLE activity (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        uid     TEXT NOT NULL UNIQUE,
        at      TEXT NOT NULL,
        domain  TEXT NOT NULL CHECK (domain IN ('app','chapters','tinytorch','simulator','drills','devices')),
        kind    TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload))
      );
      CREATE INDEX activity_at ON activity(at);
      CREATE INDEX activity_domain_kind ON activity(domain, kind);
      CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity
        BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
      CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity
        BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;

      -- Current state, derived. source_seq names the log entry that last changed each row.
      CREATE TABLE chapter_state (
        chapter_id   TEXT PRIMARY KEY,
        position     TEXT NOT NULL,
        percent_read REAL NOT NULL CHECK (percent_read BETWEEN 0 AND 100),
        updated_at   TEXT NOT NULL,
        source_seq   INTEGER NOT NULL REFERENCES activity(seq)
      );
      CREATE TABLE bookmark (
        bookmark_id TEXT PRIMARY KEY,
        chapter_id  TEXT NOT NULL,
        anchor      TEXT NOT NULL,
        label       TEXT NOT NULL,
        created_at  TEXT NOT NULL,
        source_seq  INTEGER NOT NULL REFERENCES activity(seq)
      );
      CREATE TABLE note (
        note_id    TEXT PRIMARY KEY,
        chapter_id TEXT NOT NULL,
        anchor     TEXT NOT NULL,
        body       TEXT NOT NULL,
        created_at TEXT NOT NULL,
        updated_at TEXT NOT NULL,
        source_seq INTEGER NOT NULL REFERENCES activity(seq)
      );
      CREATE TABLE exercise_state (
        module_id  TEXT PRIMARY KEY,
        status     TEXT NOT NULL CHECK (status IN ('started','failed','passed')),
        best_score REAL NOT NULL,
        max_score  REAL NOT NULL,
        attempts   INTEGER NOT NULL,
        last_code  TEXT,
        updated_at TEXT NOT NULL,
        source_seq INTEGER NOT NULL REFERENCES activity(seq)
      );
      CREATE TABLE drill_card (
        card_id        TEXT PRIMARY KEY,
        ease           REAL NOT NULL,
        interval_days  REAL NOT NULL,
        due_at         TEXT NOT NULL,
        reps           INTEGER NOT NULL,
        lapses         INTEGER NOT NULL,
        last_review_at TEXT NOT NULL,
        source_seq     INTEGER NOT NULL REFERENCES activity(seq)
      );
      CREATE TABLE sim_scenario (
        scenario_id TEXT PRIMARY KEY,
        dashboard   TEXT NOT NULL,
        name        TEXT NOT NULL,
        params      TEXT NOT NULL CHECK (json_valid(params)),
        saved_at    TEXT NOT NULL,
        source_seq  INTEGER NOT NULL REFERENCES activity(seq)
      );
      CREATE TABLE deployment (
        deployment_id TEXT PRIMARY KEY,
        board         TEXT NOT NULL,
        model         TEXT NOT NULL,
        status        TEXT NOT NULL,
        metrics       TEXT NOT NULL CHECK (json_valid(metrics)),
        at            TEXT NOT NULL,
        source_seq    INTEGER NOT NULL REFERENCES activity(seq)
      );
    `
  },
  {
    version: 2,
    description: 'the review domain (one spaced-repetition deck for chapters, highlights and drills)',
    // SQLite cannot alter a CHECK: rebuild the log table with the wider domain list (foreign keys are off
    // during migrations, see migrate()), then restore its indexes and append-only triggers.
    sql: `
      CREATE TABLE activity_v2 (
        seq     INTEGER PRIMARY KEY AUTOINCREMENT,
        uid     TEXT NOT NULL UNIQUE,
        at      TEXT NOT NULL,
        domain  TEXT NOT NULL CHECK (domain IN ('app','chapters','tinytorch','simulator','drills','devices','review')),
        kind    TEXT NOT NULL,
        subject TEXT NOT NULL DEFAULT '',
        payload TEXT NOT NULL DEFAULT '{}' CHECK (json_valid(payload))
      );
      INSERT INTO activity_v2 (seq, uid, at, domain, kind, subject, payload) SELECT seq, uid, at, domain, kind, subject, payload FROM activity;
      DROP TABLE activity;
      ALTER TABLE activity_v2 RENAME TO activity;
      CREATE INDEX activity_at ON activity(at);
      CREATE INDEX activity_domain_kind ON activity(domain, kind);
      CREATE TRIGGER activity_no_update BEFORE UPDATE ON activity
        BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
      CREATE TRIGGER activity_no_delete BEFORE DELETE ON activity
        BEGIN SELECT RAISE(ABORT, 'the activity log is append-only'); END;
    `
  },
  {
    version: 3,
    description: 'milestone results (derived from milestone_run log entries)',
    sql: `
      CREATE TABLE milestone_state (
        milestone_id  TEXT PRIMARY KEY,
        achieved      INTEGER NOT NULL CHECK (achieved IN (0, 1)),
        runs          INTEGER NOT NULL,
        last_summary  TEXT NOT NULL,
        last_seconds  REAL NOT NULL,
        updated_at    TEXT NOT NULL,
        source_seq    INTEGER NOT NULL REFERENCES activity(seq)
      );
    `
  }
]

export const latestSchemaVersion = migrations[migrations.length - 1]!.version

export function schemaVersion(db: Database.Database): number {
  return db.pragma('user_version', { simple: true }) as number
}

/** Applies every pending migration; returns the versions applied. */
export function migrate(db: Database.Database): number[] {
  const current = schemaVersion(db)
  if (current > latestSchemaVersion) {
    throw new Error(
      `progress database is at schema version ${current}, newer than this app understands (${latestSchemaVersion}); update the app`
    )
  }
  const applied: number[] = []
  const foreignKeys = db.pragma('foreign_keys', { simple: true }) as number
  // A migration may rebuild a table that others reference; the references are checked after it instead.
  db.pragma('foreign_keys = OFF')
  try {
    for (const m of migrations) {
      if (m.version <= current) continue
      db.transaction(() => {
        db.exec(m.sql)
        const broken = db.pragma('foreign_key_check') as unknown[]
        if (broken.length > 0) throw new Error(`migration ${m.version} left ${broken.length} broken references`)
        db.pragma(`user_version = ${m.version}`)
      })()
      applied.push(m.version)
    }
  } finally {
    db.pragma(`foreign_keys = ${foreignKeys ? 'ON' : 'OFF'}`)
  }
  return applied
}
