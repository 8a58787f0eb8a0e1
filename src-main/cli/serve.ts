import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { createServices } from '../app'
import { handlers } from '../ipc'
import { startWebHost } from '../webhost'
import { type CliCommand, CommandFailed, integerOption, parseCommand, UsageError } from './command'

const usage = `mlsys serve [--port <n>] [--renderer-dir <folder>]
  serve the app to a browser on 127.0.0.1 until Ctrl-C; prints the address with its access token
  --port           port to listen on (default: any free port)
  --renderer-dir   the built renderer (default: out/renderer; run \`npm run build\` first)`

export function parsePort(value: string | undefined): number {
  return integerOption('port', value, 0, 65535, 0)
}

export const serveCommand: CliCommand = {
  name: 'serve',
  summary: 'serve the app to a browser on 127.0.0.1',
  usage,
  async run(argv, { dataDir, io }) {
    const { values } = parseCommand(argv, { port: { type: 'string' }, 'renderer-dir': { type: 'string' } }, { max: 0 })
    const port = parsePort(values.port)
    const rendererDir = resolve(values['renderer-dir'] ?? 'out/renderer')
    if (!existsSync(resolve(rendererDir, 'index.html')))
      throw new UsageError(`no built renderer in ${rendererDir}: run \`npm run build\` first`)
    const services = createServices(dataDir, { prestartGrading: true })
    if (services.store.recovery) {
      io.err(
        `warning: the progress database was unreadable (${services.store.recovery.reason}); it was moved to ${services.store.recovery.movedTo} and a fresh one started`
      )
    }
    let host: Awaited<ReturnType<typeof startWebHost>>
    try {
      host = await startWebHost({ rendererDir, handlers, ctx: services.ctx, hub: services.hub, port, token: process.env.MLSYS_TOKEN })
    } catch (e) {
      services.close()
      if ((e as NodeJS.ErrnoException).code === 'EADDRINUSE')
        throw new CommandFailed(`port ${port} is already in use: pick another with --port <n>`)
      throw e
    }
    io.out('MLSys Workstation is being served on this machine only.')
    io.out(`Progress is stored in ${services.store.path}`)
    io.out(`Open: ${host.url}`)
    io.out('Press Ctrl-C to stop.')
    await new Promise<void>((resolveStop) => {
      const stop = () => resolveStop()
      process.once('SIGINT', stop)
      process.once('SIGTERM', stop)
    })
    await host.close()
    services.close()
    io.out('stopped')
  }
}
