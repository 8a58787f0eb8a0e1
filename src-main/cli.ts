/**
 * Headless entry: `npm run -s mlsys -- <command> ...`. Runs under plain Node (never imports electron).
 * Exit codes: 0 success, 1 the command failed, 2 bad usage. `--data-dir <folder>` works with every command.
 */
import { type CliContext, CommandFailed, commands, HelpRequested, UsageError } from './cli/index'
import { defaultDataDir } from './shared/paths'

function topUsage(): string {
  const width = Math.max(...commands.map((c) => c.name.length))
  return [
    'usage: mlsys <command> [arguments] [--data-dir <folder>]',
    '',
    ...commands.map((c) => `  ${c.name.padEnd(width)}  ${c.summary}`),
    '',
    'mlsys <command> --help shows the usage of one command.'
  ].join('\n')
}

/** Takes `--data-dir <folder>` (or `--data-dir=<folder>`) out of the arguments, wherever it stands. */
function extractDataDir(argv: string[]): { dataDir: string | undefined; rest: string[] } {
  const rest: string[] = []
  let dataDir: string | undefined
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      rest.push(...argv.slice(i))
      break
    }
    if (arg === '--data-dir') {
      const value = argv[i + 1]
      if (value === undefined || value.startsWith('--')) throw new UsageError('--data-dir needs a folder')
      dataDir = value
      i++
    } else if (arg.startsWith('--data-dir=')) dataDir = arg.slice('--data-dir='.length)
    else rest.push(arg)
  }
  return { dataDir, rest }
}

export async function main(argv: string[], io: CliContext['io']): Promise<number> {
  let extracted: ReturnType<typeof extractDataDir>
  try {
    extracted = extractDataDir(argv)
  } catch (e) {
    io.err(`${(e as Error).message}\n\n${topUsage()}`)
    return 2
  }
  const [name, ...args] = extracted.rest
  if (name === undefined || name === '--help' || name === '-h' || name === 'help') {
    ;(name === undefined ? io.err : io.out)(topUsage())
    return name === undefined ? 2 : 0
  }
  const entry = commands.find((c) => c.name === name)
  if (!entry) {
    io.err(`unknown command "${name}"\n\n${topUsage()}`)
    return 2
  }
  const command = await entry.load()
  try {
    await command.run(args, { dataDir: extracted.dataDir ?? defaultDataDir(), io })
    return 0
  } catch (e) {
    if (e instanceof HelpRequested) {
      io.out(command.usage)
      return 0
    }
    if (e instanceof UsageError) {
      io.err(`${e.message}\n\nusage:\n${command.usage}`)
      return 2
    }
    if (e instanceof CommandFailed) {
      if (e.result !== undefined) io.out(JSON.stringify(e.result, null, 2))
      io.err(`error: ${e.message}`)
      return 1
    }
    io.err(`error: ${(e as Error).message}`)
    return 1
  }
}

/** Runs the CLI in this process with its real stdout and stderr, setting the exit code. */
export function runCli(argv: string[]): Promise<void> {
  const io: CliContext['io'] = {
    out: (text) => process.stdout.write(`${text}\n`),
    err: (text) => process.stderr.write(`${text}\n`),
    isTTY: process.stdout.isTTY === true
  }
  return main(argv, io).then((code) => {
    process.exitCode = code
  })
}

if (require.main === module) void runCli(process.argv.slice(2))
