import { describe, expect, it } from 'vitest'
import { findBoard, type FullBoardProfile } from './boards'
import { body, encodeFrame, FrameDecoder, MSG, read } from './protocol'
import { accelerometer, VirtualCore } from './virtual'

const profile = findBoard('nano33ble') as FullBoardProfile
const text = (chunks: Uint8Array[]) => new TextDecoder().decode(Uint8Array.from(chunks.flatMap((c) => [...c])))

describe('the virtual board core', () => {
  it('prints samples at its rate while idle, none while the protocol is in use', () => {
    const core = new VirtualCore(profile, { sampleHz: 50, seed: 1 })
    expect(core.tick(0)).toEqual([])
    // 50 Hz: by 1000 ms, samples 0…49 are due.
    const lines = core.tick(1000)
    expect(lines).toHaveLength(50)
    expect(lines[0]).toMatch(/^ax:-?\d\.\d{3},ay:-?\d\.\d{3},az:-?\d\.\d{3}$/)
    core.receive(encodeFrame({ type: MSG.STATUS, seq: 1, body: new Uint8Array(0) }), 1000)
    expect(core.tick(2500)).toEqual([]) // quiet for 2 s after a frame
    expect(core.tick(3100).length).toBeGreaterThan(0)
  })

  it('takes gesture and stream commands as text, without disturbing the protocol', () => {
    const core = new VirtualCore(profile, { seed: 2 })
    core.tick(0)
    core.tick(100)
    const out = core.receive(new TextEncoder().encode('gesture shake\n'), 100)
    expect(text(out)).toBe('# gesture shake\n')
    expect(core.gesture).toBe('shake')
    expect(text(core.receive(new TextEncoder().encode('gesture dance\n'), 100))).toBe(
      '# unknown gesture dance; gestures: rest, tilt, shake, wave\n'
    )
    // A frame right after a command (same chunk, with the host's leading 0x00) is answered, with no NAK for the text.
    const hello = Uint8Array.of(
      ...new TextEncoder().encode('stream off\n'),
      0,
      ...encodeFrame({ type: MSG.HELLO, seq: 7, body: new Uint8Array(0) })
    )
    const replies = core.receive(hello, 200)
    const frames = new FrameDecoder(4096).push(Uint8Array.from(replies.filter((r) => r[0] !== 0x23).flatMap((r) => [...r])))
    expect(frames).toHaveLength(1)
    expect(frames[0]!.ok && frames[0]!.frame.type).toBe(MSG.INFO)
    expect(frames[0]!.ok && read.info(frames[0]!.frame.body)).toMatchObject({ board: 'nano33ble', flashBytes: 1048576, ramBytes: 262144 })
    expect(core.streaming).toBe(false)
    expect(text(core.receive(body.ack(0), 300))).toBe('')
  })

  it('simulates gestures that differ where a classifier can see it', () => {
    const zero = () => 0
    expect(accelerometer('rest', 1, zero)).toEqual([0, 0, 1])
    expect(accelerometer('tilt', 1, zero)).toEqual([0.71, 0, 0.71])
    const shake = Array.from({ length: 50 }, (_, k) => Math.abs(accelerometer('shake', k / 50, zero)[0]))
    expect(Math.max(...shake)).toBeGreaterThan(0.8)
  })
})
