/**
 * The virtual board on a real pseudo-terminal: socat makes a pair, the board serves one end with
 * VirtualCore (the TypeScript interpreter behind the deploy protocol, plus a simulated sensor stream),
 * and the learner connects to the other (`path`), exactly as to a board on /dev/ttyACM0.
 */
import type { FullBoardProfile } from './boards'
import { type PtyPair, ptyPair } from './pty'
import { encodeText } from './protocol'
import { SerialConnection } from './serial'
import { type VirtualOptions, VirtualCore } from './virtual'

const TICK_MS = 20

export class VirtualBoard {
  private readonly timer: NodeJS.Timeout
  private closed = false

  private constructor(
    readonly profile: FullBoardProfile,
    /** The end to connect to (a /dev/pts path). */
    readonly path: string,
    readonly core: VirtualCore,
    private readonly connection: SerialConnection,
    private readonly pair: PtyPair | null
  ) {
    connection.onData((bytes) => {
      for (const out of core.receive(bytes, performance.now())) this.send(out)
    })
    this.timer = setInterval(() => {
      const lines = core.tick(performance.now())
      if (lines.length > 0) this.send(encodeText(`${lines.join('\n')}\n`))
    }, TICK_MS)
  }

  /** Makes a pseudo-terminal pair and serves the board on one end; connect to `path`. */
  static async start(profile: FullBoardProfile, opts: VirtualOptions = {}): Promise<VirtualBoard> {
    const pair = await ptyPair()
    try {
      const connection = await SerialConnection.open(pair.a, 115200)
      return new VirtualBoard(profile, pair.devices.b, new VirtualCore(profile, opts), connection, pair)
    } catch (e) {
      await pair.close()
      throw e
    }
  }

  /** Serves the board on an existing device end (tests put a relay on the other side). */
  static async attach(devicePath: string, profile: FullBoardProfile, opts: VirtualOptions = {}): Promise<VirtualBoard> {
    const connection = await SerialConnection.open(devicePath, 115200)
    return new VirtualBoard(profile, devicePath, new VirtualCore(profile, opts), connection, null)
  }

  get isRunning(): boolean {
    return !this.closed && this.connection.isOpen
  }

  async close(): Promise<void> {
    if (this.closed) return
    this.closed = true
    clearInterval(this.timer)
    await this.connection.close()
    await this.pair?.close()
  }

  private send(bytes: Uint8Array): void {
    if (!this.closed) this.connection.write(bytes).catch(() => undefined)
  }
}
