/** The deploy protocol's board rules and host client, over in-memory links (the pty tests repeat the faults over socat). */
import { describe, expect, it } from 'vitest'
import { BoardProtocol } from './board'
import { DeviceClient, DeviceError } from './client'
import { cobsDecode } from './cobs'
import { crc32 } from './crc32'
import { runTtm } from './interpreter'
import { body, encodeFrame, FrameDecoder, type Frame, MSG, NAK, read, UNKNOWN_SEQ } from './protocol'
import { encodeTtm } from './ttm'
import { memoryLinkPair, serveBoard } from './testing/links'
import { interpreterRuntime as runtimeWith } from './virtual'
import { mulberry32 } from '../testing/random'
import { randomInput, randomModel } from '../testing/ttmModels'

const info = { board: 'test-board', firmware: 'test 1', maxChunk: 64, ramBytes: 4096, flashBytes: 8192 }
const interpreterRuntime = (i: typeof info) => runtimeWith(i, () => 100)

function makeModel(seed = 1) {
  const rnd = mulberry32(seed)
  let model = randomModel(rnd, { maxLayers: 3, maxWidth: 24 })
  while (encodeTtm(model).length < 300) model = randomModel(rnd, { maxLayers: 3, maxWidth: 24 })
  return { model, bytes: encodeTtm(model), rnd }
}

/** Sends frames straight to a board and reads its replies. */
function talk(board: BoardProtocol, frame: Frame): Frame {
  const out = board.receive(encodeFrame(frame))
  expect(out).toHaveLength(1)
  const d = new FrameDecoder(1 << 16).push(out[0]!)
  if (!d[0]?.ok) throw new Error('bad reply')
  return d[0].frame
}
const ackOf = (f: Frame) => (f.type === MSG.ACK ? read.ack(f.body) : `NAK ${read.nak(f.body)?.code}: ${read.nak(f.body)?.reason}`)

describe('board rules', () => {
  it('resumes an unfinished transfer, re-acknowledges a repeated chunk, refuses gaps', () => {
    const { bytes } = makeModel()
    const board = new BoardProtocol(interpreterRuntime(info))
    const crc = crc32(bytes)
    expect(ackOf(talk(board, { type: MSG.BEGIN, seq: 1, body: body.begin(bytes.length, crc, 'm') }))).toBe(0)
    expect(ackOf(talk(board, { type: MSG.CHUNK, seq: 2, body: body.chunk(0, bytes.subarray(0, 64)) }))).toBe(64)
    expect(ackOf(talk(board, { type: MSG.CHUNK, seq: 3, body: body.chunk(64, bytes.subarray(64, 128)) }))).toBe(128)
    // The same chunk again (its ACK was lost): acknowledged, not stored twice.
    expect(ackOf(talk(board, { type: MSG.CHUNK, seq: 3, body: body.chunk(64, bytes.subarray(64, 128)) }))).toBe(128)
    // A gap and an overlap past what is stored: NAK 2 naming the expected offset.
    expect(ackOf(talk(board, { type: MSG.CHUNK, seq: 4, body: body.chunk(192, bytes.subarray(192, 256)) }))).toBe(
      'NAK 2: expected offset 128, got 192'
    )
    expect(ackOf(talk(board, { type: MSG.CHUNK, seq: 5, body: body.chunk(100, bytes.subarray(100, 164)) }))).toBe(
      'NAK 2: expected offset 128, got 100'
    )
    const nak2 = talk(board, { type: MSG.CHUNK, seq: 6, body: body.chunk(100, bytes.subarray(100, 164)) })
    expect(read.nak(nak2.body)?.expected).toBe(128)
    // END before every byte arrived: NAK 4, and the transfer is kept.
    expect(ackOf(talk(board, { type: MSG.END, seq: 7, body: new Uint8Array(0) }))).toBe(`NAK 4: only 128 of ${bytes.length} bytes arrived`)
    expect(read.status(talk(board, { type: MSG.STATUS, seq: 8, body: new Uint8Array(0) }).body)).toEqual({
      model: 'm',
      received: 128,
      total: bytes.length,
      active: false
    })
    // The same BEGIN resumes at 128; a different one starts over.
    expect(ackOf(talk(board, { type: MSG.BEGIN, seq: 9, body: body.begin(bytes.length, crc, 'm') }))).toBe(128)
    expect(ackOf(talk(board, { type: MSG.BEGIN, seq: 10, body: body.begin(bytes.length, crc ^ 1, 'other') }))).toBe(0)
  })

  it('activates only a complete model whose CRC matches and which validates; a repeated END is acknowledged', () => {
    const { model, bytes, rnd } = makeModel(2)
    const board = new BoardProtocol(interpreterRuntime(info))
    const send = (crc: number, data: Uint8Array) => {
      talk(board, { type: MSG.BEGIN, seq: 1, body: body.begin(data.length, crc, 'm') })
      for (let o = 0; o < data.length; o += 64) talk(board, { type: MSG.CHUNK, seq: 2, body: body.chunk(o, data.subarray(o, o + 64)) })
      return talk(board, { type: MSG.END, seq: 3, body: new Uint8Array(0) })
    }
    expect(ackOf(send(crc32(bytes) ^ 0xff, bytes))).toMatch(/^NAK 4: the received bytes have CRC-32 0x[0-9a-f]{8}, BEGIN announced/)
    const broken = bytes.slice()
    broken[4] = 9 // version 9, announced with its own CRC: arrives intact but is not a valid model
    expect(ackOf(send(crc32(broken), broken))).toBe('NAK 4: version: version 9 is not supported (this runtime reads version 1)')
    expect(ackOf(talk(board, { type: MSG.INFER, seq: 4, body: new Uint8Array(model.inputSize) }))).toBe(
      'NAK 5: no model is active: deploy one first'
    )
    expect(ackOf(send(crc32(bytes), bytes))).toBe(bytes.length)
    expect(ackOf(talk(board, { type: MSG.END, seq: 5, body: new Uint8Array(0) }))).toBe(bytes.length)
    const input = randomInput(rnd, model.inputSize)
    const result = read.result(talk(board, { type: MSG.INFER, seq: 6, body: new Uint8Array(input.buffer) }).body)!
    expect([...result.output]).toEqual([...runTtm(model, input)])
    expect(result.micros).toBe(100)
    expect(ackOf(talk(board, { type: MSG.INFER, seq: 7, body: new Uint8Array(model.inputSize + 1) }))).toBe(
      `NAK 7: the model takes ${model.inputSize} int8 inputs, got ${model.inputSize + 1}`
    )
  })

  it('refuses what it cannot hold, unknown types, and frames it cannot read (NAK 1, seq 0xFFFF)', () => {
    const board = new BoardProtocol(interpreterRuntime(info))
    expect(ackOf(talk(board, { type: MSG.BEGIN, seq: 1, body: body.begin(9000, 1, 'big') }))).toBe(
      'NAK 3: the model is 9000 bytes; this board holds at most 8192'
    )
    expect(ackOf(talk(board, { type: MSG.BEGIN, seq: 1, body: body.begin(100, 1, 'm') }))).toBe(0)
    expect(ackOf(talk(board, { type: MSG.CHUNK, seq: 2, body: body.chunk(0, new Uint8Array(65)) }))).toBe(
      'NAK 3: a chunk holds at most 64 bytes'
    )
    expect(ackOf(talk(board, { type: MSG.CHUNK, seq: 2, body: body.chunk(90, new Uint8Array(20)) }))).toBe(
      "NAK 2: the chunk ends at 110, past the model's 100 bytes"
    )
    const unknown = talk(board, { type: 0x42, seq: 77, body: new Uint8Array(0) })
    expect([unknown.seq, read.nak(unknown.body)?.code]).toEqual([77, NAK.UNKNOWN_TYPE])
    const hello = read.info(talk(board, { type: MSG.HELLO, seq: 3, body: new Uint8Array(0) }).body)
    expect(hello).toEqual({ protocol: 1, ...info })

    const wire = encodeFrame({ type: MSG.HELLO, seq: 4, body: new Uint8Array(0) })
    wire[3] = wire[3]! ^ 0x10
    for (const garbage of [wire, Uint8Array.of(0x02, 0x01, 0x00), Uint8Array.of(...new Uint8Array(400).fill(7), 0)]) {
      const replies = board.receive(garbage)
      expect(replies).toHaveLength(1)
      const f = new FrameDecoder(1024).push(replies[0]!)[0]!
      expect(f.ok && [f.frame.type, f.frame.seq, read.nak(f.frame.body)?.code]).toEqual([MSG.NAK, UNKNOWN_SEQ, NAK.BAD_FRAME])
    }
    // Empty frames (a host resynchronising with 0x00) are not answered.
    expect(board.receive(Uint8Array.of(0, 0, 0))).toEqual([])
  })

  it('survives a megabyte of random bytes, answering only with well-formed frames', () => {
    const board = new BoardProtocol(interpreterRuntime(info))
    const rnd = mulberry32(13)
    const decoder = new FrameDecoder(1 << 16)
    for (let i = 0; i < 256; i++) {
      const junk = Uint8Array.from({ length: 4096 }, () => (rnd() < 0.02 ? 0 : Math.floor(rnd() * 256)))
      for (const reply of board.receive(junk)) {
        expect(reply[reply.length - 1]).toBe(0)
        expect(cobsDecode(reply.subarray(0, -1))).not.toBeNull()
        expect(decoder.push(reply).every((d) => d.ok)).toBe(true)
      }
    }
  })
})

describe('host client', () => {
  // Timeouts well above a reply's delay on a busy machine, so only the injected faults cause retries.
  function setup(filter?: (reply: Uint8Array) => Uint8Array | null, timeoutMs = 1000) {
    const [host, device] = memoryLinkPair()
    const board = new BoardProtocol(interpreterRuntime(info))
    serveBoard(device, board, filter)
    return { host, device, board, client: new DeviceClient(host, { timeoutMs, retries: 3 }) }
  }

  it('deploys in maxChunk pieces with progress, then infers exactly what the interpreter computes', async () => {
    const { model, bytes, rnd } = makeModel(3)
    const { client, board } = setup()
    const progress: number[] = []
    const r = await client.deploy(bytes, 'kws', { onProgress: (sent) => progress.push(sent) })
    expect(r).toMatchObject({ bytes: bytes.length, resumedFrom: 0, retries: 0, board: 'test-board' })
    expect(progress[0]).toBe(0)
    expect(progress.at(-1)).toBe(bytes.length)
    expect(progress.length).toBe(1 + Math.ceil(bytes.length / 64))
    expect(board.status()).toEqual({ model: 'kws', received: bytes.length, total: bytes.length, active: true })
    for (let k = 0; k < 5; k++) {
      const input = randomInput(rnd, model.inputSize)
      expect([...(await client.infer(input)).output]).toEqual([...runTtm(model, input)])
    }
  })

  it('sends a request again when its ACK is dropped, and counts the retry', async () => {
    const { bytes } = makeModel(4)
    let acks = 0
    const { client } = setup((reply) => {
      const f = new FrameDecoder(1024).push(reply)[0]!
      return f.ok && f.frame.type === MSG.ACK && ++acks === 3 ? null : reply
    }, 300)
    const r = await client.deploy(bytes, 'm')
    expect(r.retries).toBe(1)
    expect(r.bytes).toBe(bytes.length)
  })

  it('sends a corrupted request again after the NAK 1 it causes', async () => {
    const { bytes } = makeModel(5)
    const [host, device] = memoryLinkPair()
    const board = new BoardProtocol(interpreterRuntime(info))
    let frames = 0
    // Corrupt the fourth frame the host sends (a CHUNK) on its way to the board.
    device.onData((b) => {
      const copy = b.slice()
      if (copy.some((x) => x === 0) && ++frames === 4) copy[5] = copy[5]! ^ 0x55
      for (const reply of board.receive(copy)) void device.write(reply)
    })
    const client = new DeviceClient(host, { timeoutMs: 1000, retries: 3 })
    const r = await client.deploy(bytes, 'm')
    expect(r.retries).toBe(1)
    expect(board.status().active).toBe(true)
  })

  it('ends with a clear error when the board goes away, and the next deploy resumes', async () => {
    const { bytes } = makeModel(6)
    const [host, device] = memoryLinkPair()
    const board = new BoardProtocol(interpreterRuntime(info))
    serveBoard(device, board)
    const client = new DeviceClient(host, { timeoutMs: 1000, retries: 2 })
    const failure = await client
      .deploy(bytes, 'm', { onProgress: (sent) => sent >= 192 && host.close('unplugged') })
      .catch((e: DeviceError) => e)
    expect(failure).toBeInstanceOf(DeviceError)
    expect((failure as DeviceError).code).toBe('disconnected')
    expect((failure as DeviceError).message).toContain('unplugged')
    expect(board.status().received).toBe(192)

    const [host2, device2] = memoryLinkPair()
    board.resetLink()
    serveBoard(device2, board)
    const r = await new DeviceClient(host2, { timeoutMs: 1000 }).deploy(bytes, 'm')
    expect(r.resumedFrom).toBe(192)
    expect(board.status()).toMatchObject({ active: true, received: bytes.length })
  })

  it('gives up after the retry limit with a timeout that says what to check', async () => {
    const [host] = memoryLinkPair()
    const client = new DeviceClient(host, { timeoutMs: 20, retries: 2 })
    const e = (await client.hello().catch((x) => x)) as DeviceError
    expect(e.code).toBe('timeout')
    expect(e.message).toContain('no answer from the board to HELLO after 3 tries 20 ms apart')
    expect(client.resent).toBe(2)
  })

  it('maps NAKs to errors a learner can act on', async () => {
    const { client } = setup()
    await expect(client.infer(new Int8Array(3))).rejects.toMatchObject({ code: 'no-model' })
    await expect(client.deploy(new Uint8Array(9000), 'big')).rejects.toMatchObject({ code: 'too-large' })
    const junk = new Uint8Array(100).fill(1)
    await expect(client.deploy(junk, 'junk')).rejects.toMatchObject({ code: 'bad-model', message: expect.stringContaining('magic') })
  })

  /** A "board" that answers each request with whatever `reply` makes of it (crafted, hostile replies). */
  function hostile(reply: (f: Frame) => Uint8Array[]) {
    const [host, device] = memoryLinkPair()
    const decoder = new FrameDecoder(1 << 16)
    device.onData((b) => {
      for (const d of decoder.push(b)) if (d.ok) for (const r of reply(d.frame)) void device.write(r)
    })
    return new DeviceClient(host, { timeoutMs: 300, retries: 2 })
  }
  const infoFrame = (over: Record<string, unknown> = {}) =>
    encodeFrame({
      type: MSG.INFO,
      seq: 0,
      body: body.json({ protocol: 1, board: 'evil', firmware: 'x', maxChunk: 64, ramBytes: 1e6, flashBytes: 1e6, ...over })
    })
  const withSeq = (wire: Uint8Array, seq: number) => {
    const f = new FrameDecoder(1 << 16).push(wire)[0]!
    if (!f.ok) throw new Error('bad fixture')
    return encodeFrame({ ...f.frame, seq })
  }

  it('refuses a board that speaks another protocol or sends a malformed INFO', async () => {
    await expect(hostile((f) => [withSeq(infoFrame({ protocol: 2 }), f.seq)]).hello()).rejects.toMatchObject({
      code: 'protocol',
      message: expect.stringContaining('protocol 2')
    })
    await expect(hostile((f) => [withSeq(infoFrame({ maxChunk: 0 }), f.seq)]).hello()).rejects.toMatchObject({ code: 'protocol' })
    await expect(
      hostile((f) => [encodeFrame({ type: MSG.INFO, seq: f.seq, body: Uint8Array.of(0xff, 0x00) })]).hello()
    ).rejects.toMatchObject({
      code: 'protocol'
    })
  })

  it('ignores noise, stale replies and LOG frames around the real reply', async () => {
    const logs: string[] = []
    const [host, device] = memoryLinkPair()
    const decoder = new FrameDecoder(1 << 16)
    device.onData((b) => {
      for (const d of decoder.push(b)) {
        if (!d.ok) continue
        void device.write(Uint8Array.of(1, 2, 3, 0, 0xff, 0xfe, 0)) // garbage frames
        void device.write(withSeq(infoFrame({ board: 'stale' }), (d.frame.seq + 1) & 0xffff)) // another request's reply
        void device.write(encodeFrame({ type: MSG.LOG, seq: 0, body: new TextEncoder().encode('booted') }))
        void device.write(withSeq(infoFrame(), d.frame.seq))
      }
    })
    const client = new DeviceClient(host, { timeoutMs: 1000, onLog: (t) => logs.push(t) })
    expect((await client.hello()).board).toBe('evil')
    expect(logs).toEqual(['booted'])
    expect(client.noise).toBeGreaterThanOrEqual(2)
  })

  it('never loops or trusts offsets outside the model: a board that will not progress, or acknowledges nonsense', async () => {
    const { bytes } = makeModel(7)
    const stuck = hostile((f) => {
      if (f.type === MSG.HELLO) return [withSeq(infoFrame(), f.seq)]
      if (f.type === MSG.BEGIN) return [encodeFrame({ type: MSG.ACK, seq: f.seq, body: body.ack(0) })]
      return [encodeFrame({ type: MSG.NAK, seq: f.seq, body: body.nak(NAK.BAD_OFFSET, 0, 'again') })]
    })
    await expect(stuck.deploy(bytes, 'm')).rejects.toMatchObject({
      code: 'protocol',
      message: expect.stringContaining('keeps asking for offset 0')
    })
    const liar = hostile((f) => {
      if (f.type === MSG.HELLO) return [withSeq(infoFrame(), f.seq)]
      return [encodeFrame({ type: MSG.ACK, seq: f.seq, body: body.ack(0xffffffff) })]
    })
    await expect(liar.deploy(bytes, 'm')).rejects.toMatchObject({ code: 'protocol' })
    const farOffset = hostile((f) => {
      if (f.type === MSG.HELLO) return [withSeq(infoFrame(), f.seq)]
      if (f.type === MSG.BEGIN) return [encodeFrame({ type: MSG.ACK, seq: f.seq, body: body.ack(0) })]
      return [encodeFrame({ type: MSG.NAK, seq: f.seq, body: body.nak(NAK.BAD_OFFSET, 1e9, 'jump') })]
    })
    await expect(farOffset.deploy(bytes, 'm')).rejects.toMatchObject({ code: 'protocol' })
    const mute = hostile((f) => (f.type === MSG.HELLO ? [withSeq(infoFrame(), f.seq)] : []))
    await expect(mute.deploy(bytes, 'm')).rejects.toMatchObject({
      code: 'timeout',
      message: expect.stringContaining('to BEGIN after 3 tries 300 ms apart')
    })
    const shortResult = hostile((f) => [encodeFrame({ type: MSG.RESULT, seq: f.seq, body: Uint8Array.of(1) })])
    await expect(shortResult.infer(new Int8Array(2))).rejects.toMatchObject({ code: 'protocol' })
  })
})
