import { existsSync } from 'node:fs'
import { resolve } from 'node:path'
import { createServices } from '../app/services'
import { handlers } from '../ipc'
import { startWebHost } from '../webhost/server'
import { CliError, stringOption, type ParsedArgs } from './args'

export const serveUsage = `serve [--port <n>]       serve the app to a browser on 127.0.0.1 (until Ctrl-C)`

export function parsePort(value: string | undefined): number {
  if (value === undefined) return 0
  const port = Number(value)
  if (!Number.isInteger(port) || port < 0 || port > 65535) throw new CliError(`--port must be an integer from 0 to 65535 (got ${value})`)
  return port
}

export async function serveCommand(args: ParsedArgs, dataDir: string, out: (line: string) => void): Promise<void> {
  const port = parsePort(stringOption(args, 'port'))
  const rendererDir = resolve(stringOption(args, 'renderer-dir') ?? 'out/renderer')
  if (!existsSync(resolve(rendererDir, 'index.html'))) {
    throw new CliError(`no built renderer in ${rendererDir}: run \`npm run build\` first`)
  }
  const services = createServices(dataDir)
  if (services.store.recovery) {
    out(
      `warning: the progress database was unreadable (${services.store.recovery.reason}); it was moved to ${services.store.recovery.movedTo} and a fresh one started`
    )
  }
  let host: Awaited<ReturnType<typeof startWebHost>>
  try {
    host = await startWebHost({ rendererDir, handlers, ctx: services.ctx, hub: services.hub, port, token: process.env.MLSYS_TOKEN })
  } catch (e) {
    services.close()
    const code = (e as NodeJS.ErrnoException).code
    if (code === 'EADDRINUSE') throw new CliError(`port ${port} is already in use: pick another with --port <n>`)
    throw e
  }
  out(`MLSys Workstation is being served on this machine only.`)
  out(`Progress is stored in ${services.store.path}`)
  out(`Open: ${host.url}`)
  out(`Press Ctrl-C to stop.`)
  await new Promise<void>((resolveStop) => {
    const stop = () => resolveStop()
    process.once('SIGINT', stop)
    process.once('SIGTERM', stop)
  })
  await host.close()
  services.close()
  out('stopped')
}
