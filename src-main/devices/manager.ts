/**
 * Everything the app does with ports, in one place the handlers share: the port list and hot-plug,
 * monitor sessions (with reconnection and capture), virtual boards, and lending a port to a deploy
 * (a monitor open on it is muted meanwhile, so both can share the one open port).
 */
import { randomUUID } from 'node:crypto'
import { statSync } from 'node:fs'
import { type BoardProfile, type FullBoardProfile, findBoard, isFullProfile, loadBoards } from './boards'
import { DeviceClient, DeviceError } from './client'
import { DatasetStore } from './datasets'
import { diagnose, type Diagnosis } from './diagnose'
import { gatherFacts } from './facts'
import { ModelStore } from './models'
import { type LineEnding, type MonitorBatch, MonitorSession, type MonitorStatus } from './monitor'
import { listSerialPorts, OpenError, type PortListing, SerialConnection } from './serial'
import { identityOf, type PortChange, type PortInfo, PortWatcher } from './watcher'
import { VirtualBoard } from './virtualBoard'

export interface DeviceChange {
  path: string
  attached: boolean
  label: string | null
  vendorId: string | null
  productId: string | null
  serialNumber: string | null
  boardId: string | null
  previousPath: string | null
}

export type DeviceEvent =
  | { event: 'deviceChanged'; payload: DeviceChange }
  | { event: 'monitorData'; payload: MonitorBatch }
  | { event: 'monitorStatus'; payload: MonitorStatus }

export interface DeviceManagerOptions {
  dataDir: string
  emit(e: DeviceEvent): void
  /** The port lister (tests pass their own: pseudo-terminals are not listed by udev). */
  lister?: () => Promise<PortListing[]>
  boards?: BoardProfile[]
  pollMs?: number
  flushMs?: number
}

export interface PortView extends PortInfo {
  virtual: boolean
  /** A monitor session open on it, if any. */
  sessionId: string | null
}

const FLUSH_MS = 25

/** A serial port is a character device (a tty, a pty); a regular file or a folder never is. */
function refuseNonDevice(path: string): void {
  if (process.platform === 'win32') return
  let st: ReturnType<typeof statSync>
  try {
    st = statSync(path)
  } catch {
    return // missing: opening it fails with a diagnosis
  }
  if (!st.isCharacterDevice()) throw new DeviceError('port', `${path} is not a serial device: pick a port from the list`)
}

export class DeviceManager {
  readonly boards: BoardProfile[]
  readonly datasets: DatasetStore
  readonly models: ModelStore
  private readonly watcher: PortWatcher
  private readonly sessions = new Map<string, MonitorSession>()
  private readonly virtual = new Map<string, VirtualBoard>()
  private readonly busy = new Set<string>()
  private flushTimer: NodeJS.Timeout | null = null
  private started = false

  constructor(private readonly opts: DeviceManagerOptions) {
    this.boards = opts.boards ?? loadBoards()
    this.datasets = new DatasetStore(opts.dataDir)
    this.models = new ModelStore(opts.dataDir)
    this.watcher = new PortWatcher(opts.lister ?? listSerialPorts, this.boards, (c) => this.onPortChange(c), opts.pollMs ?? 1000)
  }

  /** Starts hot-plug polling and output batching (on first use, so the CLI and tests pay nothing). */
  private ensureStarted(): void {
    if (this.started) return
    this.started = true
    this.watcher.start()
    this.flushTimer = setInterval(() => this.flush(), this.opts.flushMs ?? FLUSH_MS)
    this.flushTimer.unref?.()
  }

  /** Lists the ports once without starting hot-plug polling (the CLI), so diagnosis knows their USB ids. */
  refresh(): Promise<PortInfo[]> {
    return this.watcher.poll()
  }

  async ports(): Promise<PortView[]> {
    this.ensureStarted()
    const listed = await this.watcher.poll()
    const sessionFor = (path: string) => [...this.sessions.values()].find((s) => s.path === path && s.state !== 'closed')?.id ?? null
    const views: PortView[] = listed.map((p) => ({ ...p, virtual: false, sessionId: sessionFor(p.path) }))
    for (const [path, vb] of this.virtual) {
      views.push({
        path,
        vendorId: null,
        productId: null,
        serialNumber: null,
        manufacturer: 'MLSys Workstation',
        boardId: vb.profile.id,
        kind: 'board',
        mode: 'app',
        label: `Virtual ${vb.profile.name}`,
        virtual: true,
        sessionId: sessionFor(path)
      })
    }
    return views
  }

  profile(id: string): BoardProfile {
    return findBoard(id, this.boards)
  }

  // ---------------------------------------------------------------------------------------------
  // Monitor

  async openMonitor(path: string, baud: number): Promise<MonitorStatus> {
    this.ensureStarted()
    const existing = [...this.sessions.values()].find((s) => s.path === path && s.state !== 'closed')
    if (existing) {
      if (existing.baud !== baud) await existing.setBaud(baud)
      return { sessionId: existing.id, path: existing.path, baud: existing.baud, state: existing.state, message: null }
    }
    const listing = this.watcher.current().find((p) => p.path === path)
    const session = new MonitorSession(randomUUID(), path, baud, listing ? identityOf(listing) : null, {
      open: (p, b) => this.open(p, b),
      emitStatus: (status) => this.opts.emit({ event: 'monitorStatus', payload: status }),
      datasets: this.datasets,
      explainSilence: (p, b) => this.explain(p, b, { silentSeconds: 3 })
    })
    await session.start()
    this.sessions.set(session.id, session)
    return { sessionId: session.id, path: session.path, baud: session.baud, state: session.state, message: null }
  }

  session(id: string): MonitorSession {
    const s = this.sessions.get(id)
    if (!s || s.state === 'closed') throw new DeviceError('port', 'that monitor is closed: open the port again')
    return s
  }

  async closeMonitor(id: string): Promise<void> {
    const s = this.sessions.get(id)
    if (!s) return
    this.sessions.delete(id)
    await s.close()
  }

  send(id: string, text: string, ending: LineEnding): Promise<void> {
    return this.session(id).send(text, ending)
  }

  private flush(): void {
    for (const s of this.sessions.values()) {
      let batch: MonitorBatch | null = null
      try {
        batch = s.flush()
      } catch (e) {
        // A capture that cannot be written (columns changed, disk full) stops; the monitor goes on.
        s.abandonCapture()
        this.opts.emit({
          event: 'monitorStatus',
          payload: { sessionId: s.id, path: s.path, baud: s.baud, state: s.state, message: `capture stopped: ${(e as Error).message}` }
        })
      }
      if (batch) this.opts.emit({ event: 'monitorData', payload: batch })
    }
  }

  private onPortChange(c: PortChange): void {
    this.opts.emit({
      event: 'deviceChanged',
      payload: {
        path: c.port.path,
        attached: c.attached,
        label: c.port.label,
        vendorId: c.port.vendorId,
        productId: c.port.productId,
        serialNumber: c.port.serialNumber,
        boardId: c.port.boardId,
        previousPath: c.previousPath
      }
    })
    if (!c.attached) return
    const identity = identityOf(c.port)
    for (const s of this.sessions.values()) {
      const same =
        s.path === c.port.path || (c.previousPath !== null && s.path === c.previousPath) || (identity !== null && s.identity === identity)
      if (same && s.state === 'reconnecting') s.follow(c.port.path)
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Opening, diagnosis, lending a port to a deploy

  /** Opens a port; a failure becomes a DeviceError whose message says what to do. Only character devices are opened. */
  async open(path: string, baud: number): Promise<SerialConnection> {
    refuseNonDevice(path)
    try {
      return await SerialConnection.open(path, baud)
    } catch (e) {
      if (!(e instanceof OpenError)) throw e
      const found = this.explain(path, baud, { openError: e.reason, openMessage: e.message })
      throw new DeviceError('port', found ?? `${path} could not be opened: ${e.message}`)
    }
  }

  /** All that diagnose() finds about a port, as one message (or null when nothing is wrong). */
  explain(
    path: string,
    baud: number,
    extra: { openError?: OpenError['reason']; openMessage?: string; silentSeconds?: number }
  ): string | null {
    const found = this.diagnose(path, baud, extra)
    return found.length ? found.map((d) => `${d.message} ${d.fix}`).join('\n') : null
  }

  diagnose(
    path: string,
    baud: number,
    extra: { openError?: OpenError['reason']; openMessage?: string; silentSeconds?: number } = {}
  ): Diagnosis[] {
    const listing = this.watcher.current().find((p) => p.path === path)
    const profile = listing?.boardId ? this.boards.find((b) => b.id === listing.boardId) : undefined
    return diagnose(
      gatherFacts({
        path,
        vendorId: listing?.vendorId ?? null,
        productId: listing?.productId ?? null,
        openError: extra.openError ?? null,
        openMessage: extra.openMessage ?? null,
        silentSeconds: extra.silentSeconds ?? null,
        baud,
        bootloader: listing?.mode === 'bootloader',
        boardName: profile?.name ?? null
      })
    )
  }

  /**
   * Checks a port: opens it (unless a monitor has it open) and listens for `listenMs`; returns what is
   * wrong (an empty list when the port opened and the board spoke).
   */
  async probe(path: string, baud: number, listenMs = 2000): Promise<Diagnosis[]> {
    await this.refresh().catch(() => undefined)
    if ([...this.sessions.values()].some((s) => s.path === path && s.state === 'open')) return this.diagnose(path, baud)
    let conn: SerialConnection
    refuseNonDevice(path)
    try {
      conn = await SerialConnection.open(path, baud)
    } catch (e) {
      if (e instanceof OpenError) return this.diagnose(path, baud, { openError: e.reason, openMessage: e.message })
      throw e
    }
    try {
      await new Promise((r) => setTimeout(r, listenMs))
      return this.diagnose(path, baud, conn.bytesIn === 0 ? { silentSeconds: listenMs / 1000 } : {})
    } finally {
      await conn.close()
    }
  }

  /**
   * Runs `fn` with a protocol client on the port: the monitor's connection when one is open (its text
   * output is muted meanwhile), otherwise a connection opened for the purpose and closed after.
   */
  async withClient<T>(path: string, opts: { timeoutMs?: number; retries?: number }, fn: (client: DeviceClient) => Promise<T>): Promise<T> {
    if (this.busy.has(path)) throw new DeviceError('port', `${path} is busy with another deploy or evaluation: wait for it to finish`)
    this.busy.add(path)
    const session = [...this.sessions.values()].find((s) => s.path === path && s.state === 'open' && s.connection)
    let own: SerialConnection | null = null
    try {
      const conn = session?.connection ?? (own = await this.open(path, 115200))
      if (session) session.muted = true
      const client = new DeviceClient(conn, opts)
      try {
        return await fn(client)
      } finally {
        client.dispose()
      }
    } finally {
      if (session) session.muted = false
      await own?.close()
      this.busy.delete(path)
    }
  }

  // ---------------------------------------------------------------------------------------------
  // Virtual boards

  async startVirtual(profileId: string): Promise<{ path: string; profile: FullBoardProfile }> {
    const profile = this.profile(profileId)
    if (!isFullProfile(profile))
      throw new DeviceError('port', `"${profileId}" is a ${profile.kind} profile: a virtual board needs a board profile`)
    const vb = await VirtualBoard.start(profile)
    this.virtual.set(vb.path, vb)
    this.emitVirtual(vb, true)
    return { path: vb.path, profile }
  }

  async stopVirtual(path: string): Promise<boolean> {
    const vb = this.virtual.get(path)
    if (!vb) return false
    this.virtual.delete(path)
    for (const s of [...this.sessions.values()]) if (s.path === path) await this.closeMonitor(s.id)
    await vb.close()
    this.emitVirtual(vb, false)
    return true
  }

  private emitVirtual(vb: VirtualBoard, attached: boolean): void {
    this.opts.emit({
      event: 'deviceChanged',
      payload: {
        path: vb.path,
        attached,
        label: `Virtual ${vb.profile.name}`,
        vendorId: null,
        productId: null,
        serialNumber: null,
        boardId: vb.profile.id,
        previousPath: null
      }
    })
  }

  virtualBoard(path: string): VirtualBoard | undefined {
    return this.virtual.get(path)
  }

  async close(): Promise<void> {
    this.watcher.stop()
    if (this.flushTimer) clearInterval(this.flushTimer)
    for (const id of [...this.sessions.keys()]) await this.closeMonitor(id)
    for (const path of [...this.virtual.keys()]) await this.stopVirtual(path)
  }
}
