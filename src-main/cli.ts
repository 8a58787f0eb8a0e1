/**
 * Headless entry: `npm run -s mlsys -- <command> ...`. Runs under plain Node (never imports electron).
 * Exit codes: 0 success, 1 the command failed, 2 bad usage.
 */
import { CliError, parseArgs, stringOption } from './cli/args'
import { gradeCommand, gradeUsage } from './cli/grade'
import { progressCommand, progressUsage } from './cli/progress'
import { serveCommand, serveUsage } from './cli/serve'
import { simCommand, simUsage } from './cli/sim'
import { defaultDataDir } from './shared/paths'

const usage = `usage: mlsys <command> [--data-dir <folder>]
  ${progressUsage}
  ${serveUsage}
  ${simUsage}
  ${gradeUsage}`

type Command = (args: ReturnType<typeof parseArgs>, dataDir: string, out: (line: string) => void) => Promise<void>

const commands: Record<string, Command> = {
  progress: progressCommand,
  serve: serveCommand,
  sim: simCommand,
  grade: gradeCommand
}

async function main(argv: string[]): Promise<number> {
  const args = parseArgs(argv, new Set(['help', 'list', 'reference', 'hidden']))
  const name = args.positionals[0]
  if (!name || args.options.has('help')) {
    console.log(usage)
    return name ? 0 : 2
  }
  const command = commands[name]
  if (!command) {
    console.error(`unknown command "${name}"\n${usage}`)
    return 2
  }
  try {
    await command(args, stringOption(args, 'data-dir') ?? defaultDataDir(), (line) => console.log(line))
    return 0
  } catch (e) {
    console.error(`error: ${(e as Error).message}`)
    return e instanceof CliError ? 2 : 1
  }
}

main(process.argv.slice(2)).then((code) => {
  process.exitCode = code
})
