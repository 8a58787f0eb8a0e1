/**
 * Every `mlsys` command, in the order the usage lists them. Each is loaded when it runs, so a command
 * starts without loading what the others need (SQLite, esbuild, serial ports, ONNX Runtime).
 */
import type { CliCommand } from './command'

export interface CommandEntry {
  name: string
  /** One line for the command list. */
  summary: string
  load(): Promise<CliCommand>
}

export const commands: readonly CommandEntry[] = [
  { name: 'progress', summary: 'export, import or back up your progress', load: async () => (await import('./progress')).progressCommand },
  { name: 'sim', summary: 'evaluate a simulator function, or list them (--list)', load: async () => (await import('./sim')).simCommand },
  { name: 'grade', summary: 'grade a TinyTorch module (JSON result)', load: async () => (await import('./grade')).gradeCommand },
  { name: 'book', summary: 'list, import, show and search chapters (JSON)', load: async () => (await import('./book')).bookCommand },
  {
    name: 'drills',
    summary: 'list, sample and grade interview drills; import a question vault (JSON)',
    load: async () => (await import('./drills')).drillsCommand
  },
  {
    name: 'device',
    summary: 'list boards, deploy a model, run inference on a board, serve a virtual board (JSON)',
    load: async () => (await import('./device')).deviceCommand
  },
  {
    name: 'model',
    summary: 'run a TTM1 model through the TypeScript interpreter (JSON)',
    load: async () => (await import('./model')).modelCommand
  },
  { name: 'serve', summary: 'serve the app to a browser on 127.0.0.1', load: async () => (await import('./serve')).serveCommand }
]
