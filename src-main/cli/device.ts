/**
 * `mlsys device …`: boards on serial ports from the command line. JSON on stdout, progress on stderr.
 * Exit codes: 0 success, 1 the device part failed (with `{ ok: false, error: { code, message } }` on
 * stdout for deploy and infer), 2 bad usage.
 */
import { readFileSync } from 'node:fs'
import { basename, resolve } from 'node:path'
import {
  DeviceError,
  DeviceManager,
  decodeTtm,
  findBoard,
  identify,
  isFullProfile,
  listSerialPorts,
  loadBoards,
  TtmError,
  VirtualBoard
} from '../devices'
import { type CliCommand, type CliIo, CommandFailed, HelpRequested, integerOption, parseCommand, UsageError } from './command'

const usage = `mlsys device list
  the serial ports with their USB ids and the board each one is: [{ path, vendorId, productId, serialNumber, board }]
mlsys device deploy <model.ttm> --port <path> [--timeout-ms n] [--retries n]
  send a TTM1 model to the mlsys agent (or a virtual board) on a port; deploying the same model again
  after an interruption continues where it stopped
  → { ok: true, bytes, seconds, bytesPerSecond, resumedFrom, retries, board }
  --timeout-ms   wait this long for each reply before sending again (default 1000)
  --retries      send one request again at most this many times (default 5)
mlsys device infer --port <path> --input <file.bin>
  run the board's model on raw int8 input bytes → { output, micros }
mlsys device virtual [--profile <board>]
  serve a virtual board on a pseudo-terminal: prints its path, serves until Ctrl-C (default profile: xiao-esp32s3)`

const DEFAULT_VIRTUAL_PROFILE = 'xiao-esp32s3'

function readBytes(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(resolve(path)))
  } catch (e) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
}

/** Runs a device action; a DeviceError becomes `{ ok: false, error }` on stdout and exit code 1. */
async function deviceAction<T>(action: () => Promise<T>): Promise<T> {
  try {
    return await action()
  } catch (e) {
    if (e instanceof DeviceError) throw new CommandFailed(e.message, { ok: false, error: { code: e.code, message: e.message } })
    throw e
  }
}

function progressPrinter(io: CliIo): (sent: number, total: number) => void {
  let last = -1
  return (sent, total) => {
    const percent = total ? Math.floor((100 * sent) / total) : 100
    if (percent !== last && (percent % 10 === 0 || sent === total)) io.err(`deploying: ${sent}/${total} bytes (${percent}%)`)
    last = percent
  }
}

async function list(io: CliIo): Promise<void> {
  const boards = loadBoards()
  const ports = await listSerialPorts()
  const out = ports.map((p) => ({
    path: p.path,
    vendorId: p.vendorId,
    productId: p.productId,
    serialNumber: p.serialNumber,
    board: identify(p.vendorId, p.productId, boards)?.profile.id ?? null
  }))
  io.out(JSON.stringify(out, null, 2))
}

async function deploy(argv: string[], dataDir: string, io: CliIo): Promise<void> {
  const { values, positionals } = parseCommand(
    argv,
    { port: { type: 'string' }, 'timeout-ms': { type: 'string' }, retries: { type: 'string' } },
    { min: 1, max: 1 }
  )
  if (!values.port) throw new UsageError('--port <path> is required (mlsys device list shows the ports)')
  const timeoutMs = integerOption('timeout-ms', values['timeout-ms'], 10, 600_000, 1000)
  const retries = integerOption('retries', values.retries, 0, 100, 5)
  const file = positionals[0]!
  const bytes = readBytes(file, 'model')
  try {
    decodeTtm(bytes)
  } catch (e) {
    if (e instanceof TtmError)
      throw new CommandFailed(`${file} is not a valid model: ${e.message}`, {
        ok: false,
        error: { code: 'invalid-model', message: e.message }
      })
    throw e
  }
  const manager = new DeviceManager({ dataDir, emit: () => undefined })
  try {
    await manager.refresh().catch(() => undefined)
    const name = basename(file).replace(/\.ttm$/i, '')
    const r = await deviceAction(() =>
      manager.withClient(values.port!, { timeoutMs, retries }, (client) => client.deploy(bytes, name, { onProgress: progressPrinter(io) }))
    )
    io.out(
      JSON.stringify(
        {
          ok: true,
          bytes: r.bytes,
          seconds: Number(r.seconds.toFixed(4)),
          bytesPerSecond: Math.round(r.bytesPerSecond),
          resumedFrom: r.resumedFrom,
          retries: r.retries,
          board: r.board
        },
        null,
        2
      )
    )
  } finally {
    await manager.close()
  }
}

async function infer(argv: string[], dataDir: string, io: CliIo): Promise<void> {
  const { values } = parseCommand(argv, { port: { type: 'string' }, input: { type: 'string' } }, { max: 0 })
  if (!values.port) throw new UsageError('--port <path> is required')
  if (!values.input) throw new UsageError('--input <file.bin> is required (raw int8 bytes, one per model input)')
  const input = readBytes(values.input, 'input')
  const manager = new DeviceManager({ dataDir, emit: () => undefined })
  try {
    await manager.refresh().catch(() => undefined)
    const r = await deviceAction(() =>
      manager.withClient(values.port!, {}, (client) => client.infer(new Int8Array(input.buffer, input.byteOffset, input.length)))
    )
    io.out(JSON.stringify({ output: [...r.output], micros: r.micros }))
  } finally {
    await manager.close()
  }
}

async function virtual(argv: string[], io: CliIo): Promise<void> {
  const { values } = parseCommand(argv, { profile: { type: 'string' } }, { max: 0 })
  const id = values.profile ?? DEFAULT_VIRTUAL_PROFILE
  let profile: ReturnType<typeof findBoard>
  try {
    profile = findBoard(id)
  } catch (e) {
    throw new UsageError((e as Error).message)
  }
  if (!isFullProfile(profile))
    throw new UsageError(
      `"${id}" is a ${profile.kind} profile; pick a board: ${loadBoards()
        .filter(isFullProfile)
        .map((b) => b.id)
        .join(', ')}`
    )
  const board = await deviceAction(() => VirtualBoard.start(profile))
  io.out(board.path)
  io.err(`virtual ${profile.name} on ${board.path}: it streams ax/ay/az samples and runs deployed models; Ctrl-C to stop`)
  await new Promise<void>((resolveStop) => {
    for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.once(signal, resolveStop)
  })
  await board.close()
}

export const deviceCommand: CliCommand = {
  name: 'device',
  summary: 'list boards, deploy and run models on them, or serve a virtual board',
  usage,
  async run(argv, { dataDir, io }) {
    if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequested()
    const [action, ...rest] = argv
    switch (action) {
      case 'list':
        parseCommand(rest, {}, { max: 0 })
        return list(io)
      case 'deploy':
        return deploy(rest, dataDir, io)
      case 'infer':
        return infer(rest, dataDir, io)
      case 'virtual':
        return virtual(rest, io)
      default:
        throw new UsageError(
          action === undefined
            ? 'name an action: list, deploy, infer or virtual'
            : `unknown action "${action}"; use list, deploy, infer or virtual`
        )
    }
  }
}
