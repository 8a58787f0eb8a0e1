/**
 * Deploys over real pseudo-terminals (socat) to both board implementations: the C agent
 * (native/firmware/mlsys-agent built for the host) and the virtual board (TypeScript). A relay between
 * two pty pairs drops, damages or cuts frames. The three runtimes (TypeScript interpreter, ttm-run, the
 * agent on its "board") must agree on every output.
 */
import { type ChildProcess, spawn } from 'node:child_process'
import { readFileSync } from 'node:fs'
import { join } from 'node:path'
import { afterAll, afterEach, beforeAll, describe, expect, it } from 'vitest'
import { findBoard, type FullBoardProfile } from './boards'
import { DeviceClient, type DeviceError } from './client'
import { runTtm } from './interpreter'
import { body, encodeFrame, FrameDecoder, MSG, NAK, read, UNKNOWN_SEQ } from './protocol'
import { type PtyPair, ptyPair } from './pty'
import { SerialConnection } from './serial'
import { decodeTtm, encodeTtm } from './ttm'
import { agentDir, agentHost, make, tinyrtDir } from '../testing/native'
import { mulberry32 } from '../testing/random'
import { randomInput, randomModel } from '../testing/ttmModels'
import { type FrameFault, type Relay, relay } from './testing/relay'
import { VirtualBoard } from './virtualBoard'

const profile = findBoard('nano33ble') as FullBoardProfile

interface BoardUnderTest {
  name: string
  start(devicePath: string): Promise<{ stop(): Promise<void>; alive(): boolean }>
}

const boards: BoardUnderTest[] = [
  {
    name: 'C agent (mlsys-agent-host)',
    async start(devicePath) {
      const child: ChildProcess = spawn(agentHost, [devicePath, '--board', 'host-agent', '--capacity', '65536', '--arena', '4096'], {
        stdio: ['ignore', 'ignore', 'pipe']
      })
      await new Promise<void>((resolve, reject) => {
        let err = ''
        child.stderr!.on('data', (d) => {
          err += String(d)
          if (err.includes('ready')) resolve()
        })
        child.once('exit', (code) => reject(new Error(`the agent exited with ${code}: ${err}`)))
      })
      return {
        alive: () => child.exitCode === null && child.signalCode === null,
        stop: async () => {
          if (child.exitCode !== null || child.signalCode !== null) return
          const exited = new Promise((r) => child.once('exit', r))
          child.kill('SIGTERM')
          await exited
        }
      }
    }
  },
  {
    name: 'virtual board (TypeScript)',
    async start(devicePath) {
      const board = await VirtualBoard.attach(devicePath, profile, { stream: false })
      return { alive: () => board.isRunning, stop: () => board.close() }
    }
  }
]

/** A model of a few KB: several 1024-byte chunks. */
function sizableModel(seed: number) {
  const rnd = mulberry32(seed)
  for (;;) {
    const model = randomModel(rnd, { maxLayers: 4, maxWidth: 60 })
    const bytes = encodeTtm(model)
    if (bytes.length > 3500 && bytes.length < 12000) return { model, bytes, rnd }
  }
}

const frameType = (wire: Uint8Array): number | null => {
  const d = new FrameDecoder(1 << 16).push(wire)[0]
  return d?.ok ? d.frame.type : null
}

beforeAll(() => {
  make(tinyrtDir)
  make(agentDir)
})

for (const board of boards) {
  describe(`deploy over pseudo-terminals to the ${board.name}`, () => {
    let boardPair: PtyPair
    let running: Awaited<ReturnType<BoardUnderTest['start']>>
    const cleanups: (() => Promise<void>)[] = []

    /** host pty pair + relay to the board's pty; returns a client on the host end. */
    async function connect(faults: { toBoard?: FrameFault; toHost?: FrameFault } = {}, timeoutMs = 1000) {
      const hostPair = await ptyPair()
      const r: Relay = await relay(hostPair.a, boardPair.b, faults)
      const conn = await SerialConnection.open(hostPair.b, 115200)
      const client = new DeviceClient(conn, { timeoutMs, retries: 4 })
      const close = async () => {
        client.dispose()
        await conn.close()
        await r.close()
        await hostPair.close()
      }
      cleanups.push(close)
      return { client, conn, relay: r, hostPair, close }
    }

    beforeAll(async () => {
      boardPair = await ptyPair()
      running = await board.start(boardPair.a)
    })
    afterEach(async () => {
      for (const c of cleanups.splice(0)) await c()
    })
    afterAll(async () => {
      await running?.stop()
      await boardPair?.close()
    })

    it('deploys a model in chunks and infers exactly what the TypeScript interpreter computes', async () => {
      const { model, bytes, rnd } = sizableModel(1)
      const { client } = await connect()
      const info = await client.hello()
      expect(info).toMatchObject({ protocol: 1, maxChunk: 1024 })
      const progress: number[] = []
      const r = await client.deploy(bytes, 'sizable', { onProgress: (sent) => progress.push(sent) })
      expect(r).toMatchObject({ bytes: bytes.length, resumedFrom: 0, retries: 0 })
      expect(progress.length).toBe(1 + Math.ceil(bytes.length / 1024))
      expect(await client.status()).toEqual({ model: 'sizable', received: bytes.length, total: bytes.length, active: true })
      for (let k = 0; k < 20; k++) {
        const input = randomInput(rnd, model.inputSize)
        const got = await client.infer(input)
        expect([...got.output]).toEqual([...runTtm(model, input)])
        expect(got.micros).toBeGreaterThanOrEqual(0)
      }
    })

    it('agrees with the shared vectors', async () => {
      const { client } = await connect()
      const dir = join(tinyrtDir, 'vectors')
      const lines = readFileSync(join(dir, 'vectors.txt'), 'utf8')
        .split('\n')
        .filter((l) => l.startsWith('ok '))
        .map((l) => l.split(' '))
      let deployed = ''
      for (const [, model, input, ...expected] of lines) {
        const bytes = new Uint8Array(readFileSync(join(dir, model!)))
        if (deployed !== model) {
          await client.deploy(bytes, model!)
          deployed = model!
        }
        const out = await client.infer(new Int8Array(readFileSync(join(dir, input!))))
        expect([...out.output], `${model} ${input}`).toEqual(expected.map(Number))
      }
      expect(lines.length).toBeGreaterThan(30)
    })

    it('recovers from a dropped ACK by sending the request again', async () => {
      const { model, bytes, rnd } = sizableModel(2)
      let acks = 0
      const { client } = await connect({ toHost: (wire) => (frameType(wire) === MSG.ACK && ++acks === 3 ? null : wire) })
      const r = await client.deploy(bytes, 'dropped-ack')
      expect(r.retries).toBe(1)
      const input = randomInput(rnd, model.inputSize)
      expect([...(await client.infer(input)).output]).toEqual([...runTtm(model, input)])
    })

    it('recovers from a corrupted frame (NAK 1) by sending it again', async () => {
      const { bytes } = sizableModel(3)
      let chunks = 0
      let naks = 0
      const { client } = await connect({
        toBoard: (wire) => {
          if (frameType(wire) !== MSG.CHUNK || ++chunks !== 2) return wire
          const bad = wire.slice()
          bad[40] = bad[40]! === 0x55 ? 0x56 : 0x55
          return bad
        },
        toHost: (wire) => {
          const d = new FrameDecoder(1 << 16).push(wire)[0]
          if (d?.ok && d.frame.type === MSG.NAK && d.frame.seq === UNKNOWN_SEQ && read.nak(d.frame.body)?.code === NAK.BAD_FRAME) naks++
          return wire
        }
      })
      const r = await client.deploy(bytes, 'corrupted')
      expect(naks).toBe(1)
      expect(r.retries).toBe(1)
      expect((await client.status()).active).toBe(true)
    })

    it('ends with a clear error when the board goes away, and the next deploy resumes', async () => {
      const { model, bytes, rnd } = sizableModel(4)
      const first = await connect()
      const failure = await first.client
        .deploy(bytes, 'resumable', {
          onProgress: (sent) => {
            // Unplug: the host's pseudo-terminal disappears mid-transfer.
            if (sent >= 2048) void first.hostPair.close()
          }
        })
        .catch((e: DeviceError) => e)
      expect((failure as DeviceError).code).toBe('disconnected')
      expect((failure as DeviceError).message).toMatch(/^the board went away/)
      await first.close()

      const second = await connect()
      const status = await second.client.status()
      expect(status).toMatchObject({ model: 'resumable', active: false })
      expect(status.received).toBeGreaterThanOrEqual(2048)
      const r = await second.client.deploy(bytes, 'resumable')
      expect(r.resumedFrom).toBe(status.received)
      const input = randomInput(rnd, model.inputSize)
      expect([...(await second.client.infer(input)).output]).toEqual([...runTtm(model, input)])
    })

    it('survives hostile bytes (garbage, oversized frames, bad COBS, wrong CRC) and still answers', async () => {
      const { conn, client } = await connect()
      const replies = new FrameDecoder(1 << 16)
      let badFrameNaks = 0
      const naks = new Map<number, number>()
      conn.onData((b) => {
        for (const d of replies.push(b)) {
          if (d.ok && d.frame.type === MSG.NAK && d.frame.seq === UNKNOWN_SEQ) badFrameNaks++
          else if (d.ok && d.frame.type === MSG.NAK) naks.set(d.frame.seq, read.nak(d.frame.body)!.code)
        }
      })
      const rnd = mulberry32(77)
      const wrongCrc = encodeFrame({ type: MSG.HELLO, seq: 5, body: new Uint8Array(0) })
      wrongCrc[2] = wrongCrc[2]! ^ 0x01
      const hostile = [
        Uint8Array.from({ length: 3000 }, () => Math.floor(rnd() * 256)),
        Uint8Array.of(...new Uint8Array(5000).fill(0x41), 0),
        Uint8Array.of(0x09, 0x01, 0x02, 0),
        wrongCrc,
        Uint8Array.of(0x01, 0x01, 0x01, 0)
      ]
      for (const h of hostile) await conn.write(h)
      await new Promise((r) => setTimeout(r, 300))
      expect(badFrameNaks).toBeGreaterThanOrEqual(4)
      expect(running.alive()).toBe(true)
      const info = await client.hello()
      expect(info.protocol).toBe(1)
      // A BEGIN larger than the board holds, a CHUNK with no transfer, an unknown type: NAKs, not crashes.
      await conn.write(encodeFrame({ type: MSG.BEGIN, seq: 9001, body: body.begin(info.flashBytes + 1, 0, 'huge') }))
      await conn.write(encodeFrame({ type: MSG.CHUNK, seq: 9002, body: body.chunk(0, new Uint8Array(8)) }))
      await conn.write(encodeFrame({ type: 0x7e, seq: 9003, body: body.ack(1) }))
      await new Promise((r) => setTimeout(r, 200))
      expect(Object.fromEntries(naks)).toEqual({ 9001: NAK.TOO_LARGE, 9002: NAK.BAD_OFFSET, 9003: NAK.UNKNOWN_TYPE })
      await expect(client.deploy(new Uint8Array(info.flashBytes + 1), 'huge')).rejects.toMatchObject({ code: 'too-large' })
      expect(running.alive()).toBe(true)
    })

    it('reports a model name with quotes, backslashes, control characters and UTF-8 intact in STATUS', async () => {
      const { bytes } = sizableModel(6)
      const { client } = await connect()
      const name = 'say "hi"\\ \u0001\ttab µ-model'
      await client.deploy(bytes, name)
      expect(await client.status()).toEqual({ model: name, received: bytes.length, total: bytes.length, active: true })
    })

    it('refuses a damaged model at END, naming the field, and keeps no model', async () => {
      const { bytes } = sizableModel(5)
      const damaged = bytes.slice()
      damaged[4] = 7 // version 7, sent with its own CRC so only the validator can object
      const { client } = await connect()
      const e = (await client.deploy(damaged, 'damaged').catch((x) => x)) as DeviceError
      expect(e.code).toBe('bad-model')
      expect(e.message).toContain('version')
      expect(await client.status()).toMatchObject({ active: false })
      await expect(client.infer(new Int8Array(decodeTtm(bytes).inputSize))).rejects.toMatchObject({ code: 'no-model' })
    })
  })
}
