import { crc32 as zlibCrc32 } from 'node:zlib'
import { describe, expect, it } from 'vitest'
import { cobsDecode, cobsEncode, cobsMaxEncodedLength } from './cobs'
import { crc32 } from './crc32'
import { body, encodeFrame, FrameDecoder, MSG, parseFrame, read } from './protocol'
import { mulberry32 } from '../testing/random'

const bytes = (...b: number[]) => Uint8Array.from(b)

describe('CRC-32 (zlib polynomial)', () => {
  it('gives the check value of "123456789" and of nothing', () => {
    // The standard CRC-32 check value (zlib, PNG, Ethernet): 0xCBF43926; CRC of no bytes is 0.
    expect(crc32(new TextEncoder().encode('123456789'))).toBe(0xcbf43926)
    expect(crc32(new Uint8Array(0))).toBe(0)
  })

  it('agrees with zlib on random data, and continues across calls', () => {
    const rnd = mulberry32(7)
    for (let n = 0; n < 300; n += 7) {
      const data = Uint8Array.from({ length: n }, () => Math.floor(rnd() * 256))
      expect(crc32(data)).toBe(zlibCrc32(data))
      const cut = Math.floor(n / 3)
      expect(crc32(data.subarray(cut), crc32(data.subarray(0, cut)))).toBe(zlibCrc32(data))
    }
  })
})

describe('COBS', () => {
  // The examples of Cheshire and Baker's paper as listed on Wikipedia (without the trailing delimiter).
  const range = (from: number, to: number) => Uint8Array.from({ length: to - from + 1 }, (_, i) => from + i)
  const cases: [string, Uint8Array, Uint8Array][] = [
    ['empty', bytes(), bytes(0x01)],
    ['one zero', bytes(0x00), bytes(0x01, 0x01)],
    ['two zeros', bytes(0x00, 0x00), bytes(0x01, 0x01, 0x01)],
    ['zero inside', bytes(0x11, 0x22, 0x00, 0x33), bytes(0x03, 0x11, 0x22, 0x02, 0x33)],
    ['no zero', bytes(0x11, 0x22, 0x33, 0x44), bytes(0x05, 0x11, 0x22, 0x33, 0x44)],
    ['trailing zeros', bytes(0x11, 0x00, 0x00, 0x00), bytes(0x02, 0x11, 0x01, 0x01, 0x01)],
    ['254 non-zero bytes: one full block, nothing after', range(1, 254), Uint8Array.of(0xff, ...range(1, 254))],
    ['255 non-zero bytes', range(1, 255), Uint8Array.of(0xff, ...range(1, 254), 0x02, 0xff)],
    ['zero then 254 non-zero bytes', range(0, 254), Uint8Array.of(0x01, 0xff, ...range(1, 254))]
  ]
  for (const [name, raw, encoded] of cases) {
    it(`encodes and decodes: ${name}`, () => {
      expect([...cobsEncode(raw)]).toEqual([...encoded])
      expect([...cobsDecode(encoded)!]).toEqual([...raw])
    })
  }

  it('round-trips random data with no zero in the encoding and within the size bound', () => {
    const rnd = mulberry32(11)
    for (let t = 0; t < 200; t++) {
      const n = Math.floor(rnd() * 1200)
      const zeroRate = rnd()
      const data = Uint8Array.from({ length: n }, () => (rnd() < zeroRate ? 0 : 1 + Math.floor(rnd() * 255)))
      const enc = cobsEncode(data)
      expect(enc.includes(0)).toBe(false)
      expect(enc.length).toBeLessThanOrEqual(cobsMaxEncodedLength(n))
      expect(cobsDecode(enc)).toEqual(data)
    }
  })

  it('refuses a zero inside a frame and a block cut short', () => {
    expect(cobsDecode(bytes(0x03, 0x11, 0x00))).toBeNull()
    expect(cobsDecode(bytes(0x05, 0x11, 0x22))).toBeNull()
    expect(cobsDecode(bytes(0x00))).toBeNull()
  })
})

describe('frames', () => {
  it('lays a frame out as COBS(type, seq LE, body, CRC LE) then 0x00', () => {
    const wire = encodeFrame({ type: MSG.ACK, seq: 0x0102, body: body.ack(24) })
    expect(wire[wire.length - 1]).toBe(0)
    const raw = cobsDecode(wire.subarray(0, -1))!
    // type 0x82, seq 0x0102 little-endian, u32 24 little-endian, then the CRC of those 7 bytes.
    expect([...raw.subarray(0, 7)]).toEqual([0x82, 0x02, 0x01, 24, 0, 0, 0])
    expect(new DataView(raw.buffer).getUint32(7, true)).toBe(zlibCrc32(raw.subarray(0, 7)))
  })

  it('decodes a stream cut anywhere, skipping empty frames', () => {
    const frames = [
      { type: MSG.HELLO, seq: 1, body: new Uint8Array(0) },
      {
        type: MSG.CHUNK,
        seq: 2,
        body: body.chunk(
          1024,
          Uint8Array.from({ length: 600 }, (_, i) => i & 0xff)
        )
      },
      { type: MSG.BEGIN, seq: 0xfffe, body: body.begin(5000, 0xdeadbeef, 'kws µ') }
    ]
    const stream = Uint8Array.of(0, 0, ...frames.flatMap((f) => [...encodeFrame(f)]))
    for (const step of [1, 3, 64, stream.length]) {
      const decoder = new FrameDecoder(2048)
      const got = []
      for (let i = 0; i < stream.length; i += step) got.push(...decoder.push(stream.subarray(i, i + step)))
      expect(got).toEqual(frames.map((frame) => ({ ok: true, frame })))
    }
    expect(read.begin(frames[2]!.body)).toEqual({ total: 5000, crc: 0xdeadbeef, name: 'kws µ' })
  })

  it('reports damaged frames by kind and recovers at the next delimiter', () => {
    const good = encodeFrame({ type: MSG.STATUS, seq: 9, body: new Uint8Array(0) })
    const flipped = encodeFrame({ type: MSG.STATUS, seq: 9, body: new Uint8Array(0) })
    flipped[2] = flipped[2]! ^ 0x40
    const decoder = new FrameDecoder(64)
    const out = decoder.push(
      Uint8Array.of(
        ...bytes(0x03, 0x01, 0x01, 0x00), // decodes to 3 bytes: too short for a frame
        ...bytes(0x05, 0x11, 0x00), // COBS block cut short by the delimiter
        ...flipped, // CRC mismatch
        ...new Uint8Array(500).fill(0x41),
        0x00, // longer than the decoder's 64-byte limit
        ...good
      )
    )
    expect(out.map((d) => (d.ok ? 'ok' : d.problem))).toEqual(['short', 'cobs', 'crc', 'oversized', 'ok'])
    expect(parseFrame(bytes(1, 2, 3, 4, 5, 6))).toEqual({ ok: false, problem: 'short', bytes: 6 })
  })

  it('reads bodies of the wrong shape as null, never throwing', () => {
    expect(read.begin(bytes(1, 2, 3))).toBeNull()
    expect(read.ack(bytes(1, 2, 3, 4, 5))).toBeNull()
    expect(read.nak(bytes(1))).toBeNull()
    expect(read.info(new TextEncoder().encode('{"protocol":1}'))).toBeNull()
    expect(read.info(bytes(0xff, 0xfe))).toBeNull()
    expect(read.status(new TextEncoder().encode('[1,2]'))).toBeNull()
    expect(read.nak(body.nak(2, 4096, 'expected 4096'))).toEqual({ code: 2, expected: 4096, reason: 'expected 4096' })
  })
})
