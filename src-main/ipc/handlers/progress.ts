import { join } from 'node:path'
import type { DomainHandlers } from '.'
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
  })
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
  'progress.import': (input, ctx) => {
    const result = ctx.store.importDocument(input.json)
    ctx.emit('progressChanged', { domain: null })
    return result
  },
  'progress.backup': (_input, ctx) =>
    ctx.store.backup(join(ctx.backupDir, `progress-backup-${new Date().toISOString().replace(/[:.]/g, '-')}.sqlite`))
}
