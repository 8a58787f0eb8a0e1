/**
 * In-memory links for protocol tests: two ends that deliver each other's writes asynchronously, and a
 * board served on one of them (with an optional fault filter on its replies).
 */
import type { BoardProtocol } from '../board'
import type { Link } from '../client'

export interface TestLink extends Link {
  close(reason: string): void
}

export function memoryLinkPair(): [TestLink, TestLink] {
  const make = () => ({ data: new Set<(b: Uint8Array) => void>(), close: new Set<(r: string) => void>(), closed: false })
  const a = make()
  const b = make()
  const end = (self: typeof a, peer: typeof a): TestLink => ({
    async write(bytes) {
      if (self.closed) throw new Error('link closed')
      const copy = bytes.slice()
      setImmediate(() => {
        if (!peer.closed) for (const l of peer.data) l(copy)
      })
    },
    onData(l) {
      self.data.add(l)
      return () => self.data.delete(l)
    },
    onClose(l) {
      self.close.add(l)
      return () => self.close.delete(l)
    },
    close(reason) {
      for (const side of [self, peer]) {
        if (side.closed) continue
        side.closed = true
        for (const l of side.close) l(reason)
      }
    }
  })
  return [end(a, b), end(b, a)]
}

/**
 * Serves a board on a link. `filter` sees every encoded reply and may drop it (return null) or change it,
 * to inject faults.
 */
export function serveBoard(link: Link, board: BoardProtocol, filter: (reply: Uint8Array) => Uint8Array | null = (r) => r): () => void {
  return link.onData((bytes) => {
    for (const reply of board.receive(bytes)) {
      const out = filter(reply)
      if (out) void link.write(out).catch(() => undefined)
    }
  })
}
