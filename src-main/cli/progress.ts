import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createServices } from '../app'
import { type CliCommand, parseCommand, UsageError } from './command'

const usage = `mlsys progress export <file>   write all progress to a versioned JSON file
mlsys progress import <file>   merge a progress export into this profile (entries already present are skipped)
mlsys progress backup <file>   copy the whole database file (SQLite backup API)`

const actions = ['export', 'import', 'backup'] as const

export const progressCommand: CliCommand = {
  name: 'progress',
  summary: 'export, import or back up your progress',
  usage,
  async run(argv, { dataDir, io }) {
    const { positionals } = parseCommand(argv, {}, { min: 2, max: 2 })
    const [action, file] = positionals as [string, string]
    if (!(actions as readonly string[]).includes(action)) throw new UsageError(`unknown action "${action}"; use export, import or backup`)
    const path = resolve(file)
    let importText: string | undefined
    if (action === 'import') {
      try {
        importText = readFileSync(path, 'utf8')
      } catch (e) {
        throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
      }
    }
    const services = createServices(dataDir)
    try {
      if (services.store.recovery) io.err(`note: the previous database was unreadable and was moved to ${services.store.recovery.movedTo}`)
      if (action === 'export') {
        const doc = services.store.exportDocument(services.ctx.appVersion)
        writeFileSync(path, JSON.stringify(doc, null, 2))
        io.out(`exported ${doc.activities.length} activities to ${path}`)
      } else if (importText !== undefined) {
        let outcome: Awaited<ReturnType<typeof services.store.importDocument>>
        try {
          outcome = await services.store.importDocument(importText)
        } catch (e) {
          throw new UsageError((e as Error).message)
        }
        io.out(`imported ${outcome.added} activities (${outcome.skipped} already present, ${outcome.rejected} rejected) from ${path}`)
        for (const problem of outcome.problems) io.err(`rejected ${problem}`)
        if (outcome.rejected > outcome.problems.length) io.err(`… and ${outcome.rejected - outcome.problems.length} more rejected entries`)
      } else {
        const { bytes } = await services.store.backup(path)
        io.out(`backed up the progress database (${bytes} bytes) to ${path}`)
      }
    } finally {
      services.close()
    }
  }
}
