// Deploy throughput over pseudo-terminals, to the C agent (built for the host) and to the virtual board:
//  1. straight over a pty pair (no line rate: what the protocol and the two ends reach), and
//  2. through a relay that paces bytes at 115,200 baud (8N1: 11,520 bytes/s each way) with a fixed
//     turnaround latency, to check the figure computed for a real UART in docs/performance.md.
// Run: npm run bench:deploy   (needs socat, gcc and make)
import { type ChildProcess, spawn, spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import {
  cobsEncode,
  DeviceClient,
  encodeTtm,
  findBoard,
  type FullBoardProfile,
  ptyPair,
  type PtyPair,
  SerialConnection,
  type TtmModel,
  VirtualBoard
} from '../src-main/devices/index'
import { mulberry32 } from '../src-main/testing/random'

const root = resolve(__dirname, '..')
const BAUD_BYTES_PER_SECOND = 115200 / 10

/** A dense model of about `bytes` bytes (one square layer). */
function modelOfSize(bytes: number): Uint8Array {
  const n = Math.floor(Math.sqrt(bytes))
  const rnd = mulberry32(n)
  const model: TtmModel = {
    inputSize: n,
    outputSize: n,
    inputScale: 0.05,
    inputZeroPoint: 0,
    layers: [
      {
        activation: 'relu',
        inSize: n,
        outSize: n,
        inputZeroPoint: 0,
        outputZeroPoint: -128,
        outputScale: 0.1,
        multiplier: 1 << 30,
        shift: -8,
        weights: Int8Array.from({ length: n * n }, () => Math.floor(rnd() * 256) - 128),
        bias: new Int32Array(n)
      }
    ]
  }
  return encodeTtm(model)
}

/** Copies bytes between two ptys, each direction paced at `rate` bytes/s plus `latencyMs` (null: no pacing). */
async function pacedRelay(a: string, b: string, rate: number | null, latencyMs: number): Promise<() => Promise<void>> {
  const ca = await SerialConnection.open(a, 115200)
  const cb = await SerialConnection.open(b, 115200)
  const pipe = (from: SerialConnection, to: SerialConnection) => {
    let free = 0
    from.onData((bytes) => {
      const copy = bytes.slice()
      if (rate === null) {
        void to.write(copy).catch(() => undefined)
        return
      }
      const now = performance.now()
      free = Math.max(free, now) + (copy.length / rate) * 1000
      setTimeout(() => void to.write(copy).catch(() => undefined), free - now + latencyMs)
    })
  }
  pipe(ca, cb)
  pipe(cb, ca)
  return async () => {
    await ca.close()
    await cb.close()
  }
}

interface Board {
  name: string
  start(device: string): Promise<() => Promise<void>>
}

const boards: Board[] = [
  {
    name: 'C agent (host build)',
    async start(device) {
      const child: ChildProcess = spawn(
        join(root, 'native/firmware/mlsys-agent/build/mlsys-agent-host'),
        [device, '--capacity', '1048576'],
        {
          stdio: ['ignore', 'ignore', 'pipe']
        }
      )
      await new Promise<void>((r) => child.stderr!.on('data', (d) => String(d).includes('ready') && r()))
      return async () => {
        child.kill('SIGTERM')
        await new Promise((r) => child.once('exit', r))
      }
    }
  },
  {
    name: 'virtual board (TypeScript)',
    async start(device) {
      const vb = await VirtualBoard.attach(device, findBoard('nano33ble') as FullBoardProfile, { stream: false })
      return () => vb.close()
    }
  }
]

async function deployOnce(board: Board, bytes: Uint8Array, rate: number | null, latencyMs: number) {
  const boardPair: PtyPair = await ptyPair()
  const hostPair: PtyPair = await ptyPair()
  const stopBoard = await board.start(boardPair.a)
  const stopRelay = await pacedRelay(hostPair.a, boardPair.b, rate, latencyMs)
  const conn = await SerialConnection.open(hostPair.b, 115200)
  const client = new DeviceClient(conn, { timeoutMs: 5000 })
  try {
    await client.hello()
    return await client.deploy(bytes, `bench-${bytes.length}`)
  } finally {
    client.dispose()
    await conn.close()
    await stopRelay()
    await stopBoard()
    await hostPair.close()
    await boardPair.close()
  }
}

/** The expected rate on a real UART at 115,200 baud: chunk and ACK bytes on the wire, plus a turnaround per chunk. */
function expectedRate(maxChunk: number, latencySeconds: number): number {
  const chunkRaw = 1 + 2 + 4 + maxChunk + 4
  const chunkWire = cobsEncode(new Uint8Array(chunkRaw).fill(1)).length + 1
  const ackWire = cobsEncode(new Uint8Array(11).fill(1)).length + 1
  return maxChunk / ((chunkWire + ackWire) / BAUD_BYTES_PER_SECOND + latencySeconds)
}

async function main(): Promise<void> {
  for (const dir of ['native/tinyrt', 'native/firmware/mlsys-agent']) {
    const r = spawnSync('make', ['-C', join(root, dir)], { encoding: 'utf8' })
    if (r.status !== 0) throw new Error(r.stderr)
  }
  console.log('Expected at 115,200 baud (11,520 B/s), 1024-byte chunks:')
  for (const ms of [0, 1, 2, 5, 16]) {
    const rate = expectedRate(1024, ms / 1000)
    console.log(
      `  turnaround ${String(ms).padStart(2)} ms: ${rate.toFixed(0)} B/s = ${((100 * rate) / BAUD_BYTES_PER_SECOND).toFixed(1)}% of the line rate`
    )
  }
  const sizes = [16 * 1024, 64 * 1024, 256 * 1024]
  for (const board of boards) {
    console.log(`\n${board.name}, pty pair, no line rate (median of 3):`)
    for (const size of sizes) {
      const bytes = modelOfSize(size)
      const runs = []
      for (let k = 0; k < 3; k++) runs.push(await deployOnce(board, bytes, null, 0))
      const rates = runs.map((r) => r.bytesPerSecond).sort((a, b) => a - b)
      console.log(
        `  ${bytes.length} B: ${(rates[1]! / 1e3).toFixed(0)} kB/s (${runs.map((r) => r.seconds.toFixed(3)).join(', ')} s), retries ${runs.reduce((s, r) => s + r.retries, 0)}`
      )
    }
    const bytes = modelOfSize(32 * 1024)
    const paced = await deployOnce(board, bytes, BAUD_BYTES_PER_SECOND, 1)
    console.log(
      `  paced at 115,200 baud with a 1 ms turnaround, ${bytes.length} B: ${paced.bytesPerSecond.toFixed(0)} B/s = ${((100 * paced.bytesPerSecond) / BAUD_BYTES_PER_SECOND).toFixed(1)}% of the line rate (${paced.seconds.toFixed(2)} s)`
    )
  }
}

main().catch((e) => {
  console.error(e)
  process.exitCode = 1
})
