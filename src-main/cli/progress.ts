import { readFileSync, writeFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { createServices } from '../app/services'
import { CliError, type ParsedArgs } from './args'

export const progressUsage = `progress export <file>   write all progress to a versioned JSON file
  progress import <file>   merge a progress export into this profile
  progress backup <file>   copy the whole database file (SQLite backup API)`

export async function progressCommand(args: ParsedArgs, dataDir: string, out: (line: string) => void): Promise<void> {
  const [, action, file] = args.positionals
  if (!action || !['export', 'import', 'backup'].includes(action)) throw new CliError(`usage:\n  ${progressUsage}`)
  if (!file) throw new CliError(`progress ${action} needs a file path`)
  const services = createServices(dataDir)
  try {
    if (services.store.recovery) {
      out(`note: the previous database was unreadable and was moved to ${services.store.recovery.movedTo}`)
    }
    const path = resolve(file)
    if (action === 'export') {
      const doc = services.store.exportDocument(services.ctx.appVersion)
      writeFileSync(path, JSON.stringify(doc, null, 2))
      out(`exported ${doc.activities.length} activities to ${path}`)
    } else if (action === 'import') {
      let text: string
      try {
        text = readFileSync(path, 'utf8')
      } catch (e) {
        throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
      }
      try {
        const { added, skipped } = services.store.importDocument(text)
        out(`imported ${added} activities (${skipped} already present) from ${path}`)
      } catch (e) {
        throw new CliError((e as Error).message)
      }
    } else {
      const { bytes } = await services.store.backup(path)
      out(`backed up the progress database (${bytes} bytes) to ${path}`)
    }
  } finally {
    services.close()
  }
}
