/** Every `mlsys` command, in the order the usage lists them. */
import { bookCommand } from './book'
import type { CliCommand } from './command'
import { gradeCommand } from './grade'
import { progressCommand } from './progress'
import { serveCommand } from './serve'
import { simCommand } from './sim'

export const commands: readonly CliCommand[] = [progressCommand, simCommand, gradeCommand, bookCommand, serveCommand]
