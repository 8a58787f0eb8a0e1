/**
 * The virtual board, as a pure core: the board protocol over the TypeScript interpreter, with a board
 * profile's figures (capacity, RAM, and latency estimated from MACs and the clock), plus a simulated
 * 3-axis accelerometer so the monitor, plotter and capture work without hardware.
 *
 * While idle it prints `ax:…,ay:…,az:…` lines at `sampleHz`. The text commands `gesture <name>` and
 * `stream on|off` (one line each) change what it prints. A protocol frame silences the stream until
 * frames have stopped for two seconds, and the first reply after a stream starts with 0x00 so the
 * host's frame decoder drops any partial text line before it.
 */
import { BoardProtocol, type BoardRuntime } from './board'
import type { FullBoardProfile } from './boards'
import { estimateSeconds } from './fit'
import { arenaBytes, runTtm } from './interpreter'
import { encodeText, NAK } from './protocol'
import { decodeTtm, TtmError, type TtmModel } from './ttm'

export const GESTURES = ['rest', 'tilt', 'shake', 'wave'] as const
export type Gesture = (typeof GESTURES)[number]

export const VIRTUAL_FIRMWARE = 'mlsys virtual board 1.0'
export const VIRTUAL_MAX_CHUNK = 1024
/** How long after the last frame the sensor stream stays quiet. */
export const PROTOCOL_QUIET_MS = 2000

/** A board runtime over the TypeScript interpreter; `micros` gives the time it reports per inference. */
export function interpreterRuntime(info: BoardRuntime['info'], micros: (model: TtmModel) => number): BoardRuntime {
  return {
    info,
    load(bytes) {
      let model: TtmModel
      try {
        model = decodeTtm(bytes)
      } catch (e) {
        if (e instanceof TtmError) return { ok: false, code: NAK.BAD_MODEL, reason: e.message }
        throw e
      }
      if (arenaBytes(model) > info.ramBytes)
        return {
          ok: false,
          code: NAK.TOO_LARGE,
          reason: `the model needs ${arenaBytes(model)} bytes of activation memory; this board has ${info.ramBytes}`
        }
      const t = micros(model)
      return {
        ok: true,
        model: { inputSize: model.inputSize, outputSize: model.outputSize, run: (x) => ({ output: runTtm(model, x), micros: t }) }
      }
    }
  }
}

/**
 * One simulated accelerometer reading in g, for a gesture at time t (seconds). The motions mix
 * incommensurate frequencies with a slow swell, so no two windows of a capture repeat exactly (as with
 * a real hand), and a model has to learn the motion rather than memorise a phase.
 */
export function accelerometer(gesture: Gesture, t: number, noise: () => number): [number, number, number] {
  const s = (hz: number, phase = 0) => Math.sin(2 * Math.PI * hz * t + phase)
  const n = (sd: number) => sd * noise()
  const swell = 1 + 0.25 * s(0.31, 0.5)
  switch (gesture) {
    case 'rest':
      return [n(0.02), n(0.02), 1 + n(0.02)]
    case 'tilt':
      return [0.71 + n(0.02), n(0.02), 0.71 + n(0.02)]
    case 'shake':
      return [1.2 * swell * s(5.3) + n(0.05), 0.3 * swell * s(3.7, 1) + n(0.05), 1 + 0.3 * s(4.9, 2) + n(0.05)]
    case 'wave':
      return [0.2 * s(1.13) + n(0.03), 0.9 * swell * s(1.47) + n(0.03), 1 + 0.1 * s(1.47, 1) + n(0.03)]
  }
}

/** Seeded standard normal noise (Box–Muller over a 32-bit generator). */
function normalNoise(seed: number): () => number {
  let a = seed >>> 0
  const uniform = () => {
    a = (a + 0x6d2b79f5) | 0
    let t = Math.imul(a ^ (a >>> 15), 1 | a)
    t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296
  }
  return () => Math.sqrt(-2 * Math.log(1 - uniform())) * Math.cos(2 * Math.PI * uniform())
}

export interface VirtualOptions {
  sampleHz?: number
  gesture?: Gesture
  stream?: boolean
  seed?: number
}

const COMMAND = /^(gesture|stream) ([a-z]+)\r?$/
const MAX_LINE = 64
/** Lines emitted per tick at most: a host that stalls for seconds skips ahead instead of flooding. */
const MAX_BURST = 500

export class VirtualCore {
  readonly protocol: BoardProtocol
  readonly sampleHz: number
  gesture: Gesture
  streaming: boolean
  /** Samples printed so far (the plotter's count must match it). */
  samples = 0
  private readonly noise: () => number
  private startedAt: number | null = null
  private lastFrameAt = -Infinity
  private streamedSinceFrame = true
  private line: number[] = []

  constructor(
    readonly profile: FullBoardProfile,
    opts: VirtualOptions = {}
  ) {
    this.sampleHz = opts.sampleHz ?? 50
    this.gesture = opts.gesture ?? 'rest'
    this.streaming = opts.stream ?? true
    this.noise = normalNoise(opts.seed ?? 1)
    this.protocol = new BoardProtocol(
      interpreterRuntime(
        {
          board: profile.id,
          firmware: VIRTUAL_FIRMWARE,
          maxChunk: VIRTUAL_MAX_CHUNK,
          ramBytes: profile.ramBytes,
          flashBytes: profile.flashBytes
        },
        (model) => Math.max(1, Math.round(estimateSeconds(model, profile) * 1e6))
      )
    )
  }

  /** Bytes from the host; returns what to send back. */
  receive(bytes: Uint8Array, nowMs: number): Uint8Array[] {
    const out: Uint8Array[] = []
    const replies: Uint8Array[] = []
    let sawFrame = false
    let from = 0
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!
      if (b === 0) {
        sawFrame = true
        this.line = []
      } else if (b === 0x0a) {
        const m = COMMAND.exec(String.fromCharCode(...this.line))
        this.line = []
        if (m) {
          // A command line is text, not part of a frame: the frame decoder takes the bytes before it, then forgets it.
          replies.push(...this.protocol.receive(bytes.subarray(from, i + 1)))
          this.protocol.resetLink()
          from = i + 1
          out.push(encodeText(`# ${this.command(m[1]!, m[2]!)}\n`))
        }
      } else if (this.line.length < MAX_LINE) this.line.push(b)
    }
    if (sawFrame) this.lastFrameAt = nowMs
    replies.push(...this.protocol.receive(bytes.subarray(from)))
    if (replies.length > 0 && this.streamedSinceFrame) {
      out.push(Uint8Array.of(0))
      this.streamedSinceFrame = false
    }
    out.push(...replies)
    return out
  }

  /** Sensor lines due by `nowMs` (none while the protocol is in use or the stream is off). */
  tick(nowMs: number): string[] {
    if (this.startedAt === null) this.startedAt = nowMs
    const due = Math.floor(((nowMs - this.startedAt) / 1000) * this.sampleHz)
    if (!this.streaming || nowMs - this.lastFrameAt < PROTOCOL_QUIET_MS) {
      this.samples = Math.max(this.samples, due)
      return []
    }
    const lines: string[] = []
    if (due - this.samples > MAX_BURST) this.samples = due - MAX_BURST
    while (this.samples < due) {
      const t = this.samples / this.sampleHz
      const [ax, ay, az] = accelerometer(this.gesture, t, this.noise)
      lines.push(`ax:${ax.toFixed(3)},ay:${ay.toFixed(3)},az:${az.toFixed(3)}`)
      this.samples++
    }
    if (lines.length > 0) this.streamedSinceFrame = true
    return lines
  }

  private command(name: string, arg: string): string {
    if (name === 'gesture') {
      if (!(GESTURES as readonly string[]).includes(arg)) return `unknown gesture ${arg}; gestures: ${GESTURES.join(', ')}`
      this.gesture = arg as Gesture
      return `gesture ${arg}`
    }
    if (arg !== 'on' && arg !== 'off') return 'stream on or stream off'
    this.streaming = arg === 'on'
    return `stream ${arg}`
  }
}
