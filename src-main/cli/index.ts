export { type CliCommand, type CliContext, CommandFailed, HelpRequested, parseCommand, UsageError } from './command'
export { commands } from './commands'
export { makeGradeCommand } from './grade'
