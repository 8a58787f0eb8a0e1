/**
 * The deploy protocol, version 1: framing and message bodies, shared by the host client, the virtual
 * board and (in C) the firmware agent.
 *
 * A frame on the wire is COBS(type u8, seq u16, body, crc u32) followed by one 0x00 byte; all integers
 * little-endian; the CRC-32 (zlib) covers type, seq and body. A reply echoes the request's seq.
 */
import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from './cobs'
import { crc32 } from './crc32'

export const PROTOCOL_VERSION = 1

export const MSG = {
  HELLO: 0x01,
  BEGIN: 0x02,
  CHUNK: 0x03,
  END: 0x04,
  INFER: 0x05,
  STATUS: 0x06,
  INFO: 0x81,
  ACK: 0x82,
  NAK: 0x83,
  RESULT: 0x84,
  STATUS_REPLY: 0x85,
  LOG: 0x90
} as const

export const NAK = {
  BAD_FRAME: 1,
  BAD_OFFSET: 2,
  TOO_LARGE: 3,
  BAD_MODEL: 4,
  NO_MODEL: 5,
  UNKNOWN_TYPE: 6,
  BAD_INPUT: 7
} as const

export const NAK_NAMES: Record<number, string> = {
  1: 'bad frame',
  2: 'bad offset',
  3: 'too large',
  4: 'bad model',
  5: 'no model',
  6: 'unknown type',
  7: 'bad input'
}

/** The seq of a NAK that answers a frame too damaged to read its own seq. */
export const UNKNOWN_SEQ = 0xffff
/** type + seq + crc: a decoded frame is never shorter. */
export const MIN_FRAME_BYTES = 7

export interface Frame {
  type: number
  seq: number
  body: Uint8Array
}

const utf8 = new TextEncoder()
const utf8Decoder = new TextDecoder('utf-8', { fatal: false })

export function encodeText(text: string): Uint8Array {
  return utf8.encode(text)
}
export function decodeText(bytes: Uint8Array): string {
  return utf8Decoder.decode(bytes)
}

/** The frame as it goes on the wire: COBS-encoded, then one 0x00. */
export function encodeFrame(frame: Frame): Uint8Array {
  const raw = new Uint8Array(3 + frame.body.length + 4)
  const view = new DataView(raw.buffer)
  raw[0] = frame.type
  view.setUint16(1, frame.seq, true)
  raw.set(frame.body, 3)
  view.setUint32(3 + frame.body.length, crc32(raw.subarray(0, 3 + frame.body.length)), true)
  const encoded = cobsEncode(raw)
  const out = new Uint8Array(encoded.length + 1)
  out.set(encoded)
  return out
}

export type FrameProblem = 'cobs' | 'short' | 'crc' | 'oversized'

export type Decoded = { ok: true; frame: Frame } | { ok: false; problem: FrameProblem; bytes: number }

/** Reads one decoded (un-COBSed) frame: checks its length and CRC. */
export function parseFrame(raw: Uint8Array): Decoded {
  if (raw.length < MIN_FRAME_BYTES) return { ok: false, problem: 'short', bytes: raw.length }
  const view = new DataView(raw.buffer, raw.byteOffset, raw.byteLength)
  const end = raw.length - 4
  if (view.getUint32(end, true) !== crc32(raw.subarray(0, end))) return { ok: false, problem: 'crc', bytes: raw.length }
  return { ok: true, frame: { type: raw[0]!, seq: view.getUint16(1, true), body: raw.slice(3, end) } }
}

/**
 * Splits a byte stream into frames at 0x00 bytes. Empty frames (two delimiters in a row, or a leading
 * delimiter sent to resynchronise) are skipped; anything longer than `maxFrameBytes` once decoded is
 * dropped up to the next delimiter and reported as oversized, so hostile input cannot grow memory.
 */
export class FrameDecoder {
  private readonly buffer: Uint8Array
  private length = 0
  private overflow = false

  constructor(readonly maxFrameBytes: number) {
    this.buffer = new Uint8Array(cobsMaxEncodedLength(maxFrameBytes))
  }

  push(bytes: Uint8Array): Decoded[] {
    const out: Decoded[] = []
    for (let i = 0; i < bytes.length; i++) {
      const b = bytes[i]!
      if (b !== 0) {
        if (this.length < this.buffer.length) this.buffer[this.length++] = b
        else this.overflow = true
        continue
      }
      if (this.overflow) out.push({ ok: false, problem: 'oversized', bytes: this.length })
      else if (this.length > 0) {
        const raw = cobsDecode(this.buffer.subarray(0, this.length))
        out.push(raw === null ? { ok: false, problem: 'cobs', bytes: this.length } : parseFrame(raw))
      }
      this.length = 0
      this.overflow = false
    }
    return out
  }

  /** Bytes waiting for their delimiter. */
  get pending(): number {
    return this.length
  }

  reset(): void {
    this.length = 0
    this.overflow = false
  }
}

// ---------------------------------------------------------------------------------------------------------
// Message bodies. Builders return the body; readers return null for a body of the wrong shape.

function u32(n: number): Uint8Array {
  const b = new Uint8Array(4)
  new DataView(b.buffer).setUint32(0, n >>> 0, true)
  return b
}

function concat(...parts: Uint8Array[]): Uint8Array {
  const out = new Uint8Array(parts.reduce((s, p) => s + p.length, 0))
  let o = 0
  for (const p of parts) {
    out.set(p, o)
    o += p.length
  }
  return out
}

function readU32(body: Uint8Array, at: number): number {
  return new DataView(body.buffer, body.byteOffset, body.byteLength).getUint32(at, true)
}

export interface BoardInfo {
  protocol: number
  board: string
  firmware: string
  maxChunk: number
  ramBytes: number
  flashBytes: number
}

export interface BoardStatus {
  model: string | null
  received: number
  total: number
  active: boolean
}

export const body = {
  begin: (total: number, crc: number, name: string) => concat(u32(total), u32(crc), encodeText(name)),
  chunk: (offset: number, data: Uint8Array) => concat(u32(offset), data),
  ack: (value: number) => u32(value),
  nak: (code: number, expected: number, reason: string) => concat(Uint8Array.of(code), u32(expected), encodeText(reason)),
  result: (micros: number, output: Int8Array) => concat(u32(micros), new Uint8Array(output.buffer, output.byteOffset, output.byteLength)),
  json: (value: unknown) => encodeText(JSON.stringify(value))
}

export const read = {
  begin(b: Uint8Array): { total: number; crc: number; name: string } | null {
    return b.length < 8 ? null : { total: readU32(b, 0), crc: readU32(b, 4), name: decodeText(b.subarray(8)) }
  },
  chunk(b: Uint8Array): { offset: number; data: Uint8Array } | null {
    return b.length < 4 ? null : { offset: readU32(b, 0), data: b.subarray(4) }
  },
  ack(b: Uint8Array): number | null {
    return b.length === 4 ? readU32(b, 0) : null
  },
  nak(b: Uint8Array): { code: number; expected: number; reason: string } | null {
    return b.length < 5 ? null : { code: b[0]!, expected: readU32(b, 1), reason: decodeText(b.subarray(5)) }
  },
  result(b: Uint8Array): { micros: number; output: Int8Array } | null {
    return b.length < 4 ? null : { micros: readU32(b, 0), output: new Int8Array(b.slice(4).buffer) }
  },
  info(b: Uint8Array): BoardInfo | null {
    const v = readJson(b)
    if (!v || typeof v !== 'object') return null
    const o = v as Record<string, unknown>
    const whole = (x: unknown) => typeof x === 'number' && Number.isInteger(x) && x >= 0
    if (!whole(o.protocol) || typeof o.board !== 'string' || typeof o.firmware !== 'string') return null
    if (!whole(o.maxChunk) || (o.maxChunk as number) < 1 || !whole(o.ramBytes) || !whole(o.flashBytes)) return null
    return {
      protocol: o.protocol as number,
      board: o.board,
      firmware: o.firmware,
      maxChunk: o.maxChunk as number,
      ramBytes: o.ramBytes as number,
      flashBytes: o.flashBytes as number
    }
  },
  status(b: Uint8Array): BoardStatus | null {
    const v = readJson(b)
    if (!v || typeof v !== 'object') return null
    const o = v as Record<string, unknown>
    if (!(o.model === null || typeof o.model === 'string') || typeof o.received !== 'number' || typeof o.total !== 'number') return null
    if (typeof o.active !== 'boolean') return null
    return { model: o.model, received: o.received, total: o.total, active: o.active }
  }
}

function readJson(b: Uint8Array): unknown {
  try {
    return JSON.parse(decodeText(b))
  } catch {
    return null
  }
}

/** Decoded frame size a board must accept to take a CHUNK of `maxChunk` bytes. */
export function maxFrameFor(maxChunk: number): number {
  return MIN_FRAME_BYTES + 4 + maxChunk
}
