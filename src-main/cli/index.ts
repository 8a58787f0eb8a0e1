export { type CliCommand, type CliContext, CommandFailed, HelpRequested, parseCommand, UsageError } from './command'
export { type CommandEntry, commands } from './commands'
