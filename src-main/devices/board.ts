/**
 * The board side of the deploy protocol, version 1, as a pure state machine: bytes in, reply frames out.
 * The virtual board runs it over the TypeScript interpreter; native/firmware/mlsys-agent implements the
 * same rules in C for real boards.
 *
 * Rules: a BEGIN with the total and CRC of an unfinished transfer resumes it (the ACK carries the bytes
 * already received); any other BEGIN starts over (the model buffer is shared, so the active model is
 * dropped). A CHUNK at the expected offset is stored; one that lies entirely within what is stored is
 * acknowledged again without storing; any other offset gets NAK 2. END activates the model only when
 * every byte arrived, the CRC matches and the model validates (NAK 4 otherwise; NAK 3 when it needs more
 * RAM than the board has, or inputs or outputs that do not fit one frame). A repeated END after success
 * (its ACK was lost) is acknowledged again.
 */
import {
  type BoardInfo,
  type BoardStatus,
  body,
  type Decoded,
  encodeFrame,
  encodeText,
  type Frame,
  FrameDecoder,
  MSG,
  maxFrameFor,
  NAK,
  PROTOCOL_VERSION,
  read,
  UNKNOWN_SEQ
} from './protocol'
import { crc32 } from './crc32'

export interface LoadedModel {
  inputSize: number
  outputSize: number
  /** Runs one inference; `micros` is the time the board reports for it. */
  run(input: Int8Array): { output: Int8Array; micros: number }
}

export type LoadOutcome =
  | { ok: true; model: LoadedModel }
  | { ok: false; code: typeof NAK.BAD_MODEL | typeof NAK.TOO_LARGE; reason: string }

export interface BoardRuntime {
  info: Omit<BoardInfo, 'protocol'>
  /** Checks a complete, CRC-verified model and readies it to run. */
  load(bytes: Uint8Array): LoadOutcome
}

interface Transfer {
  total: number
  crc: number
  name: string
  bytes: Uint8Array
  received: number
}

const PROBLEM_TEXT: Record<Exclude<Decoded, { ok: true }>['problem'], string> = {
  cobs: 'the frame is not valid COBS',
  short: 'the frame is shorter than 7 bytes',
  crc: 'the frame failed its CRC check',
  oversized: 'the frame is longer than this board accepts'
}

export class BoardProtocol {
  private readonly decoder: FrameDecoder
  private transfer: Transfer | null = null
  private active: { name: string; total: number; model: LoadedModel } | null = null

  constructor(private readonly runtime: BoardRuntime) {
    this.decoder = new FrameDecoder(maxFrameFor(runtime.info.maxChunk))
  }

  /** Feeds bytes from the host; returns the frames to send back, encoded for the wire. */
  receive(bytes: Uint8Array): Uint8Array[] {
    const replies: Uint8Array[] = []
    for (const d of this.decoder.push(bytes)) {
      const reply = d.ok ? this.handle(d.frame) : nak(UNKNOWN_SEQ, NAK.BAD_FRAME, 0, PROBLEM_TEXT[d.problem])
      replies.push(encodeFrame(reply))
    }
    return replies
  }

  status(): BoardStatus {
    if (this.transfer) return { model: this.transfer.name, received: this.transfer.received, total: this.transfer.total, active: false }
    if (this.active) return { model: this.active.name, received: this.active.total, total: this.active.total, active: true }
    return { model: null, received: 0, total: 0, active: false }
  }

  /** Drops bytes waiting for a delimiter (the host reconnected). Transfer state survives, so a deploy can resume. */
  resetLink(): void {
    this.decoder.reset()
  }

  handle(frame: Frame): Frame {
    const { seq } = frame
    switch (frame.type) {
      case MSG.HELLO:
        return { type: MSG.INFO, seq, body: body.json({ protocol: PROTOCOL_VERSION, ...this.runtime.info }) }
      case MSG.STATUS:
        return { type: MSG.STATUS_REPLY, seq, body: body.json(this.status()) }
      case MSG.BEGIN:
        return this.begin(frame)
      case MSG.CHUNK:
        return this.chunk(frame)
      case MSG.END:
        return this.end(seq)
      case MSG.INFER:
        return this.infer(frame)
      default:
        return nak(seq, NAK.UNKNOWN_TYPE, 0, `unknown message type 0x${frame.type.toString(16).padStart(2, '0')}`)
    }
  }

  private begin(frame: Frame): Frame {
    const b = read.begin(frame.body)
    if (!b) return nak(frame.seq, NAK.BAD_FRAME, 0, 'a BEGIN body is u32 total, u32 crc, then the name')
    const t = this.transfer
    if (t && t.total === b.total && t.crc === b.crc) return { type: MSG.ACK, seq: frame.seq, body: body.ack(t.received) }
    const capacity = this.runtime.info.flashBytes
    if (b.total > capacity) return nak(frame.seq, NAK.TOO_LARGE, 0, `the model is ${b.total} bytes; this board holds at most ${capacity}`)
    this.active = null
    this.transfer = { total: b.total, crc: b.crc, name: b.name, bytes: new Uint8Array(b.total), received: 0 }
    return { type: MSG.ACK, seq: frame.seq, body: body.ack(0) }
  }

  private chunk(frame: Frame): Frame {
    const c = read.chunk(frame.body)
    if (!c) return nak(frame.seq, NAK.BAD_FRAME, 0, 'a CHUNK body is u32 offset, then the bytes')
    const t = this.transfer
    if (!t) return nak(frame.seq, NAK.BAD_OFFSET, 0, 'no transfer in progress: send BEGIN first')
    const maxChunk = this.runtime.info.maxChunk
    if (c.data.length > maxChunk) return nak(frame.seq, NAK.TOO_LARGE, t.received, `a chunk holds at most ${maxChunk} bytes`)
    const end = c.offset + c.data.length
    if (end > t.total) return nak(frame.seq, NAK.BAD_OFFSET, t.received, `the chunk ends at ${end}, past the model's ${t.total} bytes`)
    if (c.offset === t.received) {
      t.bytes.set(c.data, c.offset)
      t.received = end
    } else if (end > t.received) {
      return nak(frame.seq, NAK.BAD_OFFSET, t.received, `expected offset ${t.received}, got ${c.offset}`)
    }
    return { type: MSG.ACK, seq: frame.seq, body: body.ack(t.received) }
  }

  private end(seq: number): Frame {
    const t = this.transfer
    if (!t) {
      if (this.active) return { type: MSG.ACK, seq, body: body.ack(this.active.total) }
      return nak(seq, NAK.BAD_MODEL, 0, 'no transfer in progress: send BEGIN first')
    }
    if (t.received < t.total) return nak(seq, NAK.BAD_MODEL, t.received, `only ${t.received} of ${t.total} bytes arrived`)
    const crc = crc32(t.bytes)
    if (crc !== t.crc) {
      this.transfer = null
      return nak(seq, NAK.BAD_MODEL, 0, `the received bytes have CRC-32 0x${hex(crc)}, BEGIN announced 0x${hex(t.crc)}`)
    }
    const loaded = this.runtime.load(t.bytes)
    this.transfer = null
    if (!loaded.ok) return nak(seq, loaded.code, 0, loaded.reason)
    const maxChunk = this.runtime.info.maxChunk
    if (loaded.model.inputSize > maxChunk + 4 || loaded.model.outputSize > maxChunk)
      return nak(seq, NAK.TOO_LARGE, 0, `inputs and outputs must fit one frame (at most ${maxChunk + 4} inputs and ${maxChunk} outputs)`)
    this.active = { name: t.name, total: t.total, model: loaded.model }
    return { type: MSG.ACK, seq, body: body.ack(t.total) }
  }

  private infer(frame: Frame): Frame {
    const a = this.active
    if (!a) return nak(frame.seq, NAK.NO_MODEL, 0, 'no model is active: deploy one first')
    if (frame.body.length !== a.model.inputSize)
      return nak(frame.seq, NAK.BAD_INPUT, 0, `the model takes ${a.model.inputSize} int8 inputs, got ${frame.body.length}`)
    const { output, micros } = a.model.run(new Int8Array(frame.body.slice().buffer))
    return { type: MSG.RESULT, seq: frame.seq, body: body.result(micros, output) }
  }
}

function nak(seq: number, code: number, expected: number, reason: string): Frame {
  return { type: MSG.NAK, seq, body: body.nak(code, expected, reason) }
}

function hex(n: number): string {
  return n.toString(16).padStart(8, '0')
}

/** A LOG frame (board → host text that must not break framing). */
export function logFrame(text: string): Uint8Array {
  return encodeFrame({ type: MSG.LOG, seq: 0, body: encodeText(text) })
}
