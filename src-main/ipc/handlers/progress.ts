import { join } from 'node:path'
import type { DomainHandlers } from '.'
import type { PreparedImport } from '../../store'
import { AppError } from '../../shared/errors'
import { OffThreadError, runOffThread } from '../../shared/workerScripts'
import { curriculumCatalog, curriculumTitles } from './curriculum'

function dateStamp(d: Date): string {
  return d.toISOString().slice(0, 10)
}

export const appHandlers: DomainHandlers<'app'> = {
  'app.info': (_input, ctx) => ({
    version: ctx.appVersion,
    dataDir: ctx.dataDir,
    databasePath: ctx.store.path,
    schemaVersion: ctx.store.schemaVersion,
    recovery: ctx.store.recovery
  }),
  'app.cancelWork': (input, ctx) => ({ cancelled: ctx.work.cancel(input.id) })
}

export const progressHandlers: DomainHandlers<'progress'> = {
  'progress.visit': (input, ctx) => {
    const uid = ctx.store.record('page_visit', input.subject ?? '', { route: input.route })
    ctx.emit('progressChanged', { domain: null })
    return { uid }
  },
  'progress.summary': (_input, ctx) => ctx.store.summary(curriculumCatalog(ctx)),
  'progress.recent': (input, ctx) => ctx.store.recent(input.limit, curriculumTitles(ctx)),
  'progress.resume': (_input, ctx) => ctx.store.resume(curriculumTitles(ctx)),
  'progress.export': (_input, ctx) => {
    const doc = ctx.store.exportDocument(ctx.appVersion)
    return { fileName: `mlsys-progress-${dateStamp(new Date(doc.exportedAt))}.json`, json: JSON.stringify(doc, null, 2) }
  },
  'progress.import': async (input, ctx) => {
    // Reading and checking a large file happens in a worker; only the writes happen here.
    const work = ctx.work.begin('Importing progress', ctx.signal)
    let prepared: PreparedImport
    try {
      prepared = await runOffThread<PreparedImport>('progress-import', input.json, {
        signal: work.signal,
        timeoutMs: 120_000,
        maxHeapMb: 2048
      })
    } catch (e) {
      work.end()
      if (e instanceof OffThreadError && e.kind === 'cancelled')
        throw new AppError('cancelled', 'the import was cancelled; nothing was imported')
      if (e instanceof OffThreadError) throw new AppError('too-large', `the file could not be read: ${e.message}`)
      throw e
    }
    try {
      // Once entries land, the import runs to its end: every chunk leaves the store consistent.
      work.progress(0.5)
      const result = await ctx.store.importDocument(prepared)
      ctx.emit('progressChanged', { domain: null })
      return result
    } finally {
      work.end()
    }
  },
  'progress.backup': (_input, ctx) =>
    ctx.store.backup(join(ctx.backupDir, `progress-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`))
}
