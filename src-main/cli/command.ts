/**
 * The shape every `mlsys` command has, and the argument parsing they share (node:util parseArgs, strict:
 * an unknown flag is a usage error). Exit codes: 0 success, 1 the command failed, 2 bad usage.
 */
import { type ParseArgsConfig, parseArgs } from 'node:util'

export interface CliIo {
  /** One line (or block) of the command's result on stdout. */
  out(text: string): void
  /** Progress and notes on stderr, never mixed into a JSON result. */
  err(text: string): void
  /** stdout is a terminal: print a readable summary instead of JSON (unless --json). */
  isTTY: boolean
}

export interface CliContext {
  dataDir: string
  io: CliIo
}

export interface CliCommand {
  name: string
  /** One line for the command list. */
  summary: string
  /** The whole usage text, printed by `mlsys <name> --help`. */
  usage: string
  run(argv: string[], ctx: CliContext): Promise<void>
}

/** Bad usage: printed with the command's usage, exit code 2. */
export class UsageError extends Error {}

/** The command ran and failed: its message is printed, exit code 1. */
export class CommandFailed extends Error {
  constructor(
    message: string,
    /** A JSON document to print on stdout as the command's result (commands whose output is JSON). */
    readonly result?: unknown
  ) {
    super(message)
  }
}

/** A request for the usage text (`--help` or `-h`): not an error, exit code 0. */
export class HelpRequested extends Error {}

type Options = NonNullable<ParseArgsConfig['options']>

export interface ParsedCommand<O extends Options> {
  values: { [K in keyof O]?: O[K]['type'] extends 'boolean' ? boolean : O[K] extends { multiple: true } ? string[] : string }
  positionals: string[]
}

/**
 * Parses a command's arguments. `--help` anywhere asks for the usage; unknown flags, a missing value and
 * too many or too few positionals are usage errors that name the problem.
 */
export function parseCommand<O extends Options>(
  argv: string[],
  options: O,
  positionals: { min?: number; max?: number } = {}
): ParsedCommand<O> {
  if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequested()
  let parsed: { values: Record<string, unknown>; positionals: string[] }
  try {
    parsed = parseArgs({ args: argv, options, allowPositionals: true, strict: true })
  } catch (e) {
    throw new UsageError((e as Error).message.replace(/\. To specify a positional argument.*$/s, ''))
  }
  const { min = 0, max = Number.POSITIVE_INFINITY } = positionals
  if (parsed.positionals.length < min) throw new UsageError(`expected ${min === max ? min : `at least ${min}`} argument(s)`)
  if (parsed.positionals.length > max) {
    throw new UsageError(`unexpected argument "${parsed.positionals[max]}"`)
  }
  return parsed as ParsedCommand<O>
}

/** Parses a whole number option within bounds, naming the flag when it is wrong. */
export function integerOption(name: string, value: string | undefined, min: number, max: number, fallback: number): number {
  if (value === undefined) return fallback
  const n = Number(value)
  if (!Number.isInteger(n) || n < min || n > max)
    throw new UsageError(`--${name} must be a whole number from ${min} to ${max} (got ${value})`)
  return n
}

/** Prints a command's result: JSON when stdout is not a terminal or --json was given, else the summary. */
export function printResult(io: CliIo, json: boolean | undefined, value: unknown, summary: () => string): void {
  io.out(json || !io.isTTY ? JSON.stringify(value, null, 2) : summary())
}
