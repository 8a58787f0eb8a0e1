import Database from 'better-sqlite3'
import { existsSync, mkdirSync, renameSync } from 'node:fs'
import { join } from 'node:path'
import { migrate } from './migrations'

export const DATABASE_FILE = 'progress.sqlite'

export interface OpenedDatabase {
  db: Database.Database
  path: string
  /** Set when the previous file could not be used and was moved aside. */
  recovery: { movedTo: string; reason: string } | null
}

function configure(db: Database.Database): void {
  db.pragma('journal_mode = WAL')
  // FULL: a transaction that returned is on disk, even if the machine loses power right after.
  db.pragma('synchronous = FULL')
  db.pragma('foreign_keys = ON')
  db.pragma('busy_timeout = 5000')
}

function openAndCheck(path: string): Database.Database {
  const db = new Database(path)
  try {
    configure(db)
    const check = db.pragma('quick_check', { simple: true })
    if (check !== 'ok') throw new Error(`integrity check failed: ${String(check)}`)
    migrate(db)
    return db
  } catch (e) {
    db.close()
    throw e
  }
}

function stamp(now: Date): string {
  return now.toISOString().replace(/[:.]/g, '-')
}

/**
 * Opens (creating if needed) the progress database in `dataDir`. A file that is corrupt, not a
 * database, or unreadable is moved aside with its WAL and SHM companions, never deleted, and a fresh
 * database is started; the result says where the old file went.
 */
export function openDatabase(dataDir: string, now: () => Date = () => new Date()): OpenedDatabase {
  mkdirSync(dataDir, { recursive: true })
  const path = join(dataDir, DATABASE_FILE)
  if (!existsSync(path)) return { db: openAndCheck(path), path, recovery: null }
  try {
    return { db: openAndCheck(path), path, recovery: null }
  } catch (e) {
    const reason = (e as Error).message
    const movedTo = join(dataDir, `progress.unreadable-${stamp(now())}.sqlite`)
    renameSync(path, movedTo)
    for (const suffix of ['-wal', '-shm']) {
      if (existsSync(path + suffix)) renameSync(path + suffix, movedTo + suffix)
    }
    return { db: openAndCheck(path), path, recovery: { movedTo, reason } }
  }
}
