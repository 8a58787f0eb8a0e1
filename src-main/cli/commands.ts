/** Every `mlsys` command, in the order the usage lists them. */
import type { CliCommand } from './command'
import { deviceCommand } from './device'
import { gradeCommand } from './grade'
import { modelCommand } from './model'
import { progressCommand } from './progress'
import { serveCommand } from './serve'
import { simCommand } from './sim'

export const commands: readonly CliCommand[] = [progressCommand, simCommand, gradeCommand, deviceCommand, modelCommand, serveCommand]
