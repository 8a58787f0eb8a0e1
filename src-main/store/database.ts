import Database from 'better-sqlite3'
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { migrate } from './migrations'

/** The file is healthy but another program holds it: waited for, then reported, never moved aside. */
export class DatabaseLockedError extends Error {
  constructor(readonly path: string) {
    super(
      `another program is using your progress file (${path}) and did not let go within a few seconds; close it (another copy of the workstation, an SQLite browser, a sync tool) and start again`
    )
    this.name = 'DatabaseLockedError'
  }
}

/** SQLite result codes that mean the file itself is damaged or not a database. */
const DAMAGED = new Set(['SQLITE_CORRUPT', 'SQLITE_NOTADB', 'SQLITE_CORRUPT_VTAB', 'SQLITE_CORRUPT_SEQUENCE', 'SQLITE_CORRUPT_INDEX'])
const LOCKED = /^SQLITE_(BUSY|LOCKED)/

function sqliteCode(e: unknown): string {
  return typeof (e as { code?: unknown })?.code === 'string' ? (e as { code: string }).code : ''
}

/** Why a file must be moved aside: damaged, failed its integrity check, or written by a newer app. */
class Unusable extends Error {}

export const DATABASE_FILE = 'progress.sqlite'

export interface OpenedDatabase {
  db: Database.Database
  path: string
  /** Set when the previous file could not be used and was moved aside. */
  recovery: { movedTo: string; reason: string } | null
}

function configure(db: Database.Database, busyMs: number): void {
  // First, so every statement below waits for another program's lock instead of failing at once.
  db.pragma(`busy_timeout = ${busyMs}`)
  db.pragma('journal_mode = WAL')
  // FULL: a transaction that returned is on disk, even if the machine loses power right after.
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
}

function openAndCheck(path: string, busyMs: number): Database.Database {
  const db = new Database(path)
  try {
    configure(db, busyMs)
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Unusable(`integrity check failed: ${String(check)}`)
    try {
      migrate(db)
    } catch (e) {
      if (/newer than this app understands/.test((e as Error).message)) throw new Unusable((e as Error).message)
      throw e
    }
    db.pragma('busy_timeout = 5000')
    return db
  } catch (e) {
    db.close()
    if (LOCKED.test(sqliteCode(e))) throw new DatabaseLockedError(path)
    if (DAMAGED.has(sqliteCode(e))) throw new Unusable((e as Error).message)
    throw e
  }
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-')
}

/**
 * Opens (creating if needed) the progress database in `dataDir`. A file another program holds locked is
 * waited for (`busyMs`), then reported with DatabaseLockedError, untouched. Only a file that is damaged,
 * not a database, fails its integrity check or was written by a newer app is moved aside with its WAL and
 * SHM companions, never deleted, and a fresh database started; the result says where the old file went.
 * Any other failure (permissions, a full disk) is thrown as it is.
 */
export function openDatabase(dataDir: string, now: () => Date = () => new Date(), busyMs = 10_000): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, DATABASE_FILE)
  if (!existsSync(path)) return { db: openAndCheck(path, busyMs), path, recovery: null }
  try {
    return { db: openAndCheck(path, busyMs), path, recovery: null }
  } catch (e) {
    if (!(e instanceof Unusable)) throw e
    const reason = (e as Error).message
    const movedTo = join(dataDir, `progress.unreadable-${stamp(now())}.sqlite`)
    renameSync(path, movedTo)
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(path + suffix)) renameSync(path + suffix, movedTo + suffix)
    }
    return { db: openAndCheck(path, busyMs), path, recovery: { movedTo, reason } }
  }
}
