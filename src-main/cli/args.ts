/** Splits argv into positionals and `--name value` / `--flag` options. */
export interface ParsedArgs {
  positionals: string[]
  options: Map<string, string | true>
}

export function parseArgs(argv: readonly string[], flags: ReadonlySet<string> = new Set()): ParsedArgs {
  const positionals: string[] = []
  const options = new Map<string, string | true>()
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!
    if (arg === '--') {
      positionals.push(...argv.slice(i + 1))
      break
    }
    if (arg.startsWith('--')) {
      const [name, inline] = arg.slice(2).split(/=(.*)/s, 2) as [string, string | undefined]
      if (inline !== undefined) options.set(name, inline)
      else if (flags.has(name) || i + 1 >= argv.length || argv[i + 1]!.startsWith('--')) options.set(name, true)
      else options.set(name, argv[++i]!)
    } else positionals.push(arg)
  }
  return { positionals, options }
}

export class CliError extends Error {}

export function stringOption(args: ParsedArgs, name: string): string | undefined {
  const v = args.options.get(name)
  if (v === true) throw new CliError(`--${name} needs a value`)
  return v
}
