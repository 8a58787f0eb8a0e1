/**
 * A relay between two pseudo-terminals that can drop or damage whole frames, for fault-injection tests:
 * the host talks to one pty, the board (the C agent or the virtual board) to another, and the relay copies
 * frames across, asking `faults` about each one.
 */
import { SerialConnection } from '../serial'

export type FrameFault = (wire: Uint8Array, index: number) => Uint8Array | null

export interface Relay {
  /** Frames seen in each direction (non-empty, delimiter included). */
  counts: { toBoard: number; toHost: number }
  close(): Promise<void>
}

function framer(forward: (bytes: Uint8Array) => void, fault: FrameFault | undefined, count: () => number): (bytes: Uint8Array) => void {
  let pending: number[] = []
  return (bytes) => {
    for (const b of bytes) {
      pending.push(b)
      if (b !== 0) continue
      const wire = Uint8Array.from(pending)
      pending = []
      if (wire.length === 1) {
        forward(wire)
        continue
      }
      const out = fault ? fault(wire, count()) : wire
      if (out) forward(out)
    }
  }
}

export async function relay(
  hostSide: string,
  boardSide: string,
  faults: { toBoard?: FrameFault; toHost?: FrameFault } = {}
): Promise<Relay> {
  const host = await SerialConnection.open(hostSide, 115200)
  const board = await SerialConnection.open(boardSide, 115200)
  const counts = { toBoard: 0, toHost: 0 }
  host.onData(
    framer(
      (b) => void board.write(b).catch(() => undefined),
      faults.toBoard,
      () => counts.toBoard++
    )
  )
  board.onData(
    framer(
      (b) => void host.write(b).catch(() => undefined),
      faults.toHost,
      () => counts.toHost++
    )
  )
  return {
    counts,
    close: async () => {
      await host.close()
      await board.close()
    }
  }
}
