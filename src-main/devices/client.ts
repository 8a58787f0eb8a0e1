/**
 * The host side of the deploy protocol, version 1, over any byte link (a serial port, a test pipe).
 *
 * One request is outstanding at a time. A timeout or NAK 1 (the board could not read the frame) sends
 * the same request again, up to `retries` times; NAK 2 continues from the offset the board names. A link
 * that closes ends the request with a `disconnected` error; because the board keeps an unfinished
 * transfer, deploying the same model again resumes it. Replies to earlier requests (a late ACK of a
 * request already sent again) are recognised by their seq and ignored.
 */
import { crc32 } from './crc32'
import {
  type BoardInfo,
  type BoardStatus,
  body,
  decodeText,
  encodeFrame,
  type Frame,
  FrameDecoder,
  MSG,
  NAK,
  NAK_NAMES,
  PROTOCOL_VERSION,
  read,
  UNKNOWN_SEQ
} from './protocol'

export interface Link {
  write(bytes: Uint8Array): Promise<void>
  onData(listener: (bytes: Uint8Array) => void): () => void
  /** Called once when the link goes away (unplugged, closed). */
  onClose(listener: (reason: string) => void): () => void
}

export type DeviceErrorCode =
  | 'timeout'
  | 'disconnected'
  | 'too-large'
  | 'bad-model'
  | 'no-model'
  | 'bad-input'
  | 'protocol'
  | 'cancelled'
  | 'invalid-model'
  | 'port'

/** A failure a learner can act on, with a stable code for scripts (`{ ok: false, error: { code, message } }`). */
export class DeviceError extends Error {
  constructor(
    readonly code: DeviceErrorCode,
    message: string
  ) {
    super(message)
    this.name = 'DeviceError'
  }
}

export interface ClientOptions {
  /** How long to wait for each reply before sending the request again (default 1000 ms). */
  timeoutMs?: number
  /** How many times one request is sent again before giving up (default 5). */
  retries?: number
  /** Text the board sent in LOG frames. */
  onLog?: (text: string) => void
}

export interface DeployResult {
  bytes: number
  seconds: number
  /** Bytes sent in this run (the model minus what a resumed transfer already had) per second. */
  bytesPerSecond: number
  resumedFrom: number
  retries: number
  board: string
}

export interface DeployOptions {
  onProgress?: (sent: number, total: number) => void
  signal?: AbortSignal
}

/** Replies are small (INFO, ACK, NAK, RESULT of a model's outputs); anything longer is noise. */
const MAX_REPLY_BYTES = 64 * 1024

type Outcome = { kind: 'frame'; frame: Frame } | { kind: 'timeout' } | { kind: 'garbled' }

interface Waiter {
  seq: number
  settle(outcome: Outcome): void
  fail(error: Error): void
}

const MSG_NAMES: Record<number, string> = { 1: 'HELLO', 2: 'BEGIN', 3: 'CHUNK', 4: 'END', 5: 'INFER', 6: 'STATUS' }

export class DeviceClient {
  readonly timeoutMs: number
  readonly retries: number
  /** Requests sent again (after a timeout or NAK 1) since this client was made. */
  resent = 0
  /** Frames that could not be read (bad COBS or CRC): noise on the line. */
  noise = 0
  private readonly decoder = new FrameDecoder(MAX_REPLY_BYTES)
  private waiter: Waiter | null = null
  private closed: string | null = null
  private seq = 1 + Math.floor(Math.random() * 0xfffd)
  private info: BoardInfo | null = null
  private synced = false
  private readonly unsubscribe: (() => void)[]

  constructor(
    private readonly link: Link,
    private readonly opts: ClientOptions = {}
  ) {
    this.timeoutMs = opts.timeoutMs ?? 1000
    this.retries = opts.retries ?? 5
    this.unsubscribe = [
      link.onData((bytes) => this.onBytes(bytes)),
      link.onClose((reason) => {
        this.closed = reason
        this.waiter?.fail(disconnected(reason))
      })
    ]
  }

  /** Stops listening to the link (the link itself stays open). */
  dispose(): void {
    for (const u of this.unsubscribe) u()
    this.waiter?.fail(new DeviceError('cancelled', 'the client was closed'))
  }

  async hello(): Promise<BoardInfo> {
    const reply = await this.request(MSG.HELLO, new Uint8Array(0))
    const info = reply.type === MSG.INFO ? read.info(reply.body) : null
    if (!info) throw unexpected('HELLO', reply)
    if (info.protocol !== PROTOCOL_VERSION)
      throw new DeviceError(
        'protocol',
        `the board speaks deploy protocol ${info.protocol}; this app speaks ${PROTOCOL_VERSION}: update the firmware`
      )
    this.info = info
    return info
  }

  async status(): Promise<BoardStatus> {
    const reply = await this.request(MSG.STATUS, new Uint8Array(0))
    const s = reply.type === MSG.STATUS_REPLY ? read.status(reply.body) : null
    if (!s) throw unexpected('STATUS', reply)
    return s
  }

  async infer(input: Int8Array): Promise<{ output: Int8Array; micros: number }> {
    const reply = await this.request(MSG.INFER, new Uint8Array(input.buffer, input.byteOffset, input.byteLength))
    if (reply.type === MSG.RESULT) {
      const r = read.result(reply.body)
      if (r) return r
    }
    const n = reply.type === MSG.NAK ? read.nak(reply.body) : null
    if (n?.code === NAK.NO_MODEL) throw new DeviceError('no-model', `the board has no model: deploy one first (${n.reason})`)
    if (n?.code === NAK.BAD_INPUT) throw new DeviceError('bad-input', `the board refused the input: ${n.reason}`)
    throw unexpected('INFER', reply)
  }

  async deploy(model: Uint8Array, name: string, opts: DeployOptions = {}): Promise<DeployResult> {
    const started = performance.now()
    const resentBefore = this.resent
    const info = this.info ?? (await this.hello())
    const total = model.length
    if (total > info.flashBytes)
      throw new DeviceError('too-large', `the model is ${total} bytes; ${info.board} holds at most ${info.flashBytes} bytes for a model`)
    const crc = crc32(model)
    const begun = await this.request(MSG.BEGIN, body.begin(total, crc, name), opts.signal)
    const resumedFrom = this.ackOrFail('BEGIN', begun, total)
    let offset = resumedFrom
    opts.onProgress?.(offset, total)
    let stalled = 0
    while (offset < total) {
      const n = Math.min(info.maxChunk, total - offset)
      const reply = await this.request(MSG.CHUNK, body.chunk(offset, model.subarray(offset, offset + n)), opts.signal)
      const next = this.chunkReply(reply, total)
      // The board names where to continue; a board that keeps naming no progress is stuck.
      stalled = next > offset ? 0 : stalled + 1
      if (stalled > this.retries) throw new DeviceError('protocol', `the board keeps asking for offset ${next} without taking it`)
      offset = next
      opts.onProgress?.(offset, total)
    }
    const ended = await this.request(MSG.END, new Uint8Array(0), opts.signal)
    const acked = this.ackOrFail('END', ended, total)
    if (acked !== total) throw new DeviceError('protocol', `the board acknowledged END with ${acked}, expected the total ${total}`)
    const seconds = (performance.now() - started) / 1000
    return {
      bytes: total,
      seconds,
      bytesPerSecond: (total - resumedFrom) / seconds,
      resumedFrom,
      retries: this.resent - resentBefore,
      board: info.board
    }
  }

  /** An ACK's value, or the error a NAK stands for. */
  private ackOrFail(what: string, reply: Frame, total: number): number {
    if (reply.type === MSG.ACK) {
      const v = read.ack(reply.body)
      if (v !== null && v <= total) return v
    }
    if (reply.type === MSG.NAK) {
      const n = read.nak(reply.body)
      if (n?.code === NAK.TOO_LARGE) throw new DeviceError('too-large', `the board refused the model as too large: ${n.reason}`)
      if (n?.code === NAK.BAD_MODEL) throw new DeviceError('bad-model', `the board refused the model: ${n.reason}`)
    }
    throw unexpected(what, reply)
  }

  private chunkReply(reply: Frame, total: number): number {
    if (reply.type === MSG.NAK) {
      const n = read.nak(reply.body)
      if (n?.code === NAK.BAD_OFFSET && n.expected <= total) return n.expected
    }
    return this.ackOrFail('CHUNK', reply, total)
  }

  /** Sends one request and waits for its reply, sending it again after a timeout or NAK 1. */
  private async request(type: number, payload: Uint8Array, signal?: AbortSignal): Promise<Frame> {
    if (this.waiter) throw new Error('one request at a time')
    if (this.closed !== null) throw disconnected(this.closed)
    const seq = this.nextSeq()
    const wire = encodeFrame({ type, seq, body: payload })
    if (!this.synced) {
      // A leading delimiter ends whatever bytes the board holds (text, a cut frame): it sees an empty frame.
      await this.write(Uint8Array.of(0))
      this.synced = true
    }
    for (let attempt = 0; attempt <= this.retries; attempt++) {
      if (signal?.aborted) throw new DeviceError('cancelled', 'the deploy was cancelled')
      if (attempt > 0) this.resent++
      const outcome = this.wait(seq)
      // Should the link close during the write, the write's error is the one reported.
      outcome.catch(() => undefined)
      await this.write(wire)
      const o = await outcome
      if (o.kind === 'frame') {
        const n = o.frame.type === MSG.NAK ? read.nak(o.frame.body) : null
        if (n?.code !== NAK.BAD_FRAME) return o.frame
      }
    }
    throw new DeviceError(
      'timeout',
      `no answer from the board to ${MSG_NAMES[type] ?? 'a request'} after ${this.retries + 1} tries ${this.timeoutMs} ms apart: ` +
        'check that the mlsys agent runs on it (a freshly flashed board may need a reset) and that no other program uses the port'
    )
  }

  private async write(bytes: Uint8Array): Promise<void> {
    try {
      await this.link.write(bytes)
    } catch (e) {
      this.closed ??= (e as Error).message
      throw disconnected(this.closed)
    }
  }

  private wait(seq: number): Promise<Outcome> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => done({ kind: 'timeout' }), this.timeoutMs)
      const done = (o: Outcome) => {
        clearTimeout(timer)
        this.waiter = null
        resolve(o)
      }
      this.waiter = {
        seq,
        settle: done,
        fail: (e) => {
          clearTimeout(timer)
          this.waiter = null
          reject(e)
        }
      }
      if (this.closed !== null) this.waiter.fail(disconnected(this.closed))
    })
  }

  private onBytes(bytes: Uint8Array): void {
    for (const d of this.decoder.push(bytes)) {
      if (!d.ok) {
        this.noise++
        continue
      }
      const f = d.frame
      if (f.type === MSG.LOG) {
        this.opts.onLog?.(decodeText(f.body))
        continue
      }
      const w = this.waiter
      if (!w) continue
      if (f.seq === w.seq) w.settle({ kind: 'frame', frame: f })
      else if (f.seq === UNKNOWN_SEQ && f.type === MSG.NAK && read.nak(f.body)?.code === NAK.BAD_FRAME) w.settle({ kind: 'garbled' })
    }
  }

  private nextSeq(): number {
    this.seq = this.seq >= 0xfffe ? 1 : this.seq + 1
    return this.seq
  }
}

function disconnected(reason: string): DeviceError {
  return new DeviceError(
    'disconnected',
    `the board went away (${reason}): check the cable, then deploy again; an unfinished transfer continues where it stopped`
  )
}

function unexpected(what: string, reply: Frame): DeviceError {
  if (reply.type === MSG.NAK) {
    const n = read.nak(reply.body)
    if (n)
      return new DeviceError('protocol', `the board answered ${what} with NAK ${n.code} (${NAK_NAMES[n.code] ?? 'unknown'}): ${n.reason}`)
  }
  return new DeviceError('protocol', `the board answered ${what} with an unexpected message (type 0x${reply.type.toString(16)})`)
}
