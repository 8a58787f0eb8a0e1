import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { createServices } from '../app'
import { ChapterUnavailable, importBook, ImportError } from '../chapters'
import { CommandFailed, type CliCommand, parseCommand, UsageError } from './command'

const usage = `mlsys book list                 every chapter (study notes and imported textbook chapters), as JSON
mlsys book import <folder>      import the textbook from a local clone (or a folder holding vol1/ and vol2/)
mlsys book show <id>            one chapter's id, title and the HTML the reader shows
mlsys book search "<query>"     search chapters and TinyTorch lessons, best first

Output is JSON on stdout; progress and warnings go to stderr.`

const actions = ['list', 'import', 'show', 'search'] as const

export const bookCommand: CliCommand = {
  name: 'book',
  summary: 'list, import, show and search chapters (JSON)',
  usage,
  async run(argv, { dataDir, io }) {
    const { positionals } = parseCommand(argv, {}, { min: 1, max: 2 })
    const [action, arg] = positionals as [string, string | undefined]
    if (!(actions as readonly string[]).includes(action))
      throw new UsageError(`unknown action "${action}"; use list, import, show or search`)
    if (action === 'list' && arg !== undefined) throw new UsageError('book list takes no argument')
    if (action !== 'list' && arg === undefined)
      throw new UsageError(`book ${action} needs ${action === 'import' ? 'a folder' : action === 'show' ? 'a chapter id' : 'a query'}`)
    if (action === 'import' && !existsSync(resolve(arg!))) throw new CommandFailed(`${resolve(arg!)} does not exist`)
    const services = createServices(dataDir)
    const library = services.ctx.chapters
    try {
      if (action === 'list') {
        const list = library.list().map((c) => ({
          id: c.id,
          volume: c.volume,
          title: c.title,
          source: c.source,
          sections: c.sections,
          words: c.words,
          quizQuestions: c.quizQuestions,
          ...(c.error ? { error: c.error } : {})
        }))
        io.out(JSON.stringify(list, null, 2))
      } else if (action === 'import') {
        let result: Awaited<ReturnType<typeof importBook>>
        try {
          result = await importBook(arg!, library.bookDir, { onProgress: (done, total, title) => io.err(`[${done}/${total}] ${title}`) })
        } catch (e) {
          if (e instanceof ImportError) throw new CommandFailed(e.message)
          throw e
        }
        for (const w of result.warnings) io.err(`warning: ${w}`)
        io.out(JSON.stringify(result, null, 2))
      } else if (action === 'show') {
        let rendered: ReturnType<typeof library.render>
        try {
          rendered = library.render(arg!)
        } catch (e) {
          if (e instanceof ChapterUnavailable) throw new CommandFailed(`${arg} cannot be shown: ${e.message}`)
          throw e
        }
        if (!rendered) throw new CommandFailed(`there is no chapter ${arg} (mlsys book list shows them)`)
        io.out(JSON.stringify({ id: rendered.doc.summary.id, title: rendered.doc.summary.title, html: rendered.html }, null, 2))
      } else {
        const hits = library.search(arg!, 20).map((h) => ({ chapterId: h.chapterId, sectionId: h.sectionId, snippet: h.snippet }))
        io.out(JSON.stringify(hits, null, 2))
      }
    } finally {
      services.close()
    }
  }
}
