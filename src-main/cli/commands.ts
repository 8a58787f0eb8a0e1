/** Every `mlsys` command, in the order the usage lists them. */
import type { CliCommand } from './command'
import { drillsCommand } from './drills'
import { gradeCommand } from './grade'
import { progressCommand } from './progress'
import { serveCommand } from './serve'
import { simCommand } from './sim'

export const commands: readonly CliCommand[] = [progressCommand, simCommand, gradeCommand, drillsCommand, serveCommand]
