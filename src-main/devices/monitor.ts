/**
 * One serial monitor session: a port opened at a baud, its text lines (kept in a ring for saving),
 * plotter samples parsed from them, an optional capture into a dataset, and reconnection when the board
 * goes away and comes back (same path, or a new one the watcher reports). Output to the renderer is
 * batched: the manager calls flush() every 25 ms.
 */
import { writeFileSync } from 'node:fs'
import { DeviceError } from './client'
import type { DatasetStore } from './datasets'
import { LineSplitter, parsePlotLine } from './plotter'
import type { SerialConnection } from './serial'

export type MonitorState = 'open' | 'reconnecting' | 'closed'
export type LineEnding = 'none' | 'lf' | 'cr' | 'crlf'

const ENDINGS: Record<LineEnding, string> = { none: '', lf: '\n', cr: '\r', crlf: '\r\n' }

/** Lines kept for "save"; the renderer shows fewer. */
export const MAX_LOG_LINES = 20_000
/** Per flush; a board flooding the port has its lines counted, not all shown. Samples are never dropped below this rate. */
export const MAX_LINES_PER_FLUSH = 2_000
export const MAX_SAMPLES_PER_FLUSH = 10_000
const RETRY_MS = 500
/** No byte for this long after opening: the monitor says so, with what to check. */
export const SILENT_AFTER_MS = 3000

export interface SampleGroup {
  names: string[]
  /** Milliseconds since the epoch, one per row. */
  t: number[]
  rows: number[][]
}

export interface MonitorBatch {
  sessionId: string
  lines: { t: number; text: string }[]
  samples: SampleGroup[]
  /** Lines not sent because of the per-flush cap (still in the saved log). */
  skippedLines: number
  droppedSamples: number
  capture: { dataset: string; label: string; rows: number; skipped: number } | null
}

export interface MonitorStatus {
  sessionId: string
  path: string
  baud: number
  state: MonitorState
  message: string | null
}

export interface MonitorDeps {
  open(path: string, baud: number): Promise<SerialConnection>
  emitStatus(status: MonitorStatus): void
  datasets: DatasetStore
  /** Explains a silent port (diagnosis), or null. */
  explainSilence(path: string, baud: number): string | null
  now?: () => number
}

interface Capture {
  dataset: string
  label: string
  columns: string[] | null
  pending: number[][]
  rows: number
  skipped: number
}

export class MonitorSession {
  state: MonitorState = 'closed'
  private conn: SerialConnection | null = null
  private readonly splitter = new LineSplitter()
  private log: { t: number; text: string }[] = []
  private lines: { t: number; text: string }[] = []
  private samples: SampleGroup[] = []
  private sampleCount = 0
  private skippedLines = 0
  private droppedSamples = 0
  private capture: Capture | null = null
  private retry: NodeJS.Timeout | null = null
  private silence: NodeJS.Timeout | null = null
  private unsubscribe: (() => void)[] = []
  private silentShown = false
  /** While a deploy borrows the port, its bytes are protocol, not text. */
  muted = false
  private readonly now: () => number

  constructor(
    readonly id: string,
    public path: string,
    public baud: number,
    /** Serial number or VID:PID, to follow the board when it re-enumerates. */
    readonly identity: string | null,
    private readonly deps: MonitorDeps
  ) {
    this.now = deps.now ?? Date.now
  }

  get connection(): SerialConnection | null {
    return this.conn
  }

  async start(): Promise<void> {
    await this.attach(await this.deps.open(this.path, this.baud))
  }

  private async attach(conn: SerialConnection): Promise<void> {
    this.conn = conn
    this.splitter.reset()
    this.unsubscribe = [
      conn.onData((bytes) => this.onBytes(bytes)),
      conn.onClose((reason) => {
        if (this.state === 'closed') return
        this.conn = null
        this.setState('reconnecting', `the board went away (${reason}); waiting for it to come back…`)
        this.scheduleRetry()
      })
    ]
    this.setState('open', null)
    this.armSilence(conn)
  }

  private armSilence(conn: SerialConnection): void {
    if (this.silence) clearTimeout(this.silence)
    const before = conn.bytesIn
    this.silence = setTimeout(() => {
      if (this.state === 'open' && this.conn === conn && conn.bytesIn === before && !this.muted) {
        const why = this.deps.explainSilence(this.path, this.baud)
        if (why) {
          this.setState('open', why)
          this.silentShown = true
        }
      }
    }, SILENT_AFTER_MS)
    this.silence.unref?.()
  }

  private onBytes(bytes: Uint8Array): void {
    if (this.muted) return
    if (this.silentShown && this.state === 'open') this.setState('open', null)
    const t = this.now()
    for (const text of this.splitter.push(bytes)) {
      const line = { t, text }
      this.log.push(line)
      if (this.lines.length < MAX_LINES_PER_FLUSH) this.lines.push(line)
      else this.skippedLines++
      const sample = parsePlotLine(text)
      if (sample) this.addSample(t, sample.names, sample.values)
    }
    if (this.log.length > MAX_LOG_LINES * 1.25) this.log = this.log.slice(-MAX_LOG_LINES)
  }

  private addSample(t: number, names: string[], values: number[]): void {
    if (this.sampleCount >= MAX_SAMPLES_PER_FLUSH) {
      this.droppedSamples++
      return
    }
    this.sampleCount++
    let group = this.samples[this.samples.length - 1]
    if (!group || group.names.join(',') !== names.join(',')) {
      group = { names, t: [], rows: [] }
      this.samples.push(group)
    }
    group.t.push(t)
    group.rows.push(values)
    const c = this.capture
    if (c) {
      c.columns ??= names
      if (c.columns.join(',') === names.join(',')) c.pending.push(values)
      else c.skipped++
    }
  }

  /** Everything received since the last flush; writes captured rows to the dataset. */
  flush(): MonitorBatch | null {
    const c = this.capture
    if (c?.columns && c.pending.length > 0) {
      const rows = c.pending
      c.pending = []
      this.deps.datasets.append(c.dataset, c.columns, c.label, rows)
      c.rows += rows.length
    }
    if (this.lines.length === 0 && this.samples.length === 0 && this.skippedLines === 0 && this.droppedSamples === 0) return null
    const batch: MonitorBatch = {
      sessionId: this.id,
      lines: this.lines,
      samples: this.samples,
      skippedLines: this.skippedLines,
      droppedSamples: this.droppedSamples,
      capture: c ? { dataset: c.dataset, label: c.label, rows: c.rows, skipped: c.skipped } : null
    }
    this.lines = []
    this.samples = []
    this.sampleCount = 0
    this.skippedLines = 0
    this.droppedSamples = 0
    return batch
  }

  async send(text: string, ending: LineEnding): Promise<void> {
    if (!this.conn) throw new DeviceError('port', `${this.path} is not open (${this.state})`)
    // Text in the middle of a deploy would damage its frames.
    if (this.muted) throw new DeviceError('port', `${this.path} is busy with a deploy: send when it has finished`)
    await this.conn.write(new TextEncoder().encode(text + ENDINGS[ending]))
  }

  async setBaud(baud: number): Promise<void> {
    this.baud = baud
    if (this.conn) {
      await this.conn.setBaudRate(baud)
      this.armSilence(this.conn)
    }
    this.setState(this.state, null)
  }

  clear(): void {
    this.log = []
    this.lines = []
    this.samples = []
  }

  /** Writes the kept lines to a file, with ISO timestamps when asked. */
  save(file: string, timestamps: boolean): number {
    const text = this.log.map((l) => (timestamps ? `${new Date(l.t).toISOString()} ${l.text}` : l.text)).join('\n')
    writeFileSync(file, text + (text ? '\n' : ''))
    return this.log.length
  }

  startCapture(dataset: string, label: string): void {
    // Validates the name and label now, and the columns against an existing file when the first sample comes.
    this.deps.datasets.pathOf(dataset)
    if (this.capture) this.stopCapture()
    this.capture = { dataset, label, columns: this.deps.datasets.columnsOf(dataset), pending: [], rows: 0, skipped: 0 }
  }

  stopCapture(): { dataset: string; label: string; rows: number; skipped: number } | null {
    const c = this.capture
    if (!c) return null
    this.flush()
    this.capture = null
    return { dataset: c.dataset, label: c.label, rows: c.rows, skipped: c.skipped }
  }

  /** Drops a capture whose rows cannot be written. */
  abandonCapture(): void {
    this.capture = null
  }

  get capturing(): { dataset: string; label: string; rows: number } | null {
    return this.capture
      ? { dataset: this.capture.dataset, label: this.capture.label, rows: this.capture.rows + this.capture.pending.length }
      : null
  }

  /** The watcher saw the board come back under another path: go there now. */
  follow(path: string): void {
    if (this.state !== 'reconnecting') return
    this.path = path
    this.setState('reconnecting', `the board came back as ${path}; reconnecting…`)
    if (this.retry) clearTimeout(this.retry)
    this.retry = null
    void this.tryReconnect()
  }

  private scheduleRetry(): void {
    if (this.retry || this.state !== 'reconnecting') return
    this.retry = setTimeout(() => {
      this.retry = null
      void this.tryReconnect()
    }, RETRY_MS)
    this.retry.unref?.()
  }

  private async tryReconnect(): Promise<void> {
    if (this.state !== 'reconnecting') return
    try {
      const conn = await this.deps.open(this.path, this.baud)
      if (this.state !== 'reconnecting') {
        await conn.close()
        return
      }
      await this.attach(conn)
      this.setState('open', `reconnected on ${this.path}`)
    } catch {
      this.scheduleRetry()
    }
  }

  async close(): Promise<void> {
    this.stopCapture()
    this.state = 'closed'
    if (this.retry) clearTimeout(this.retry)
    if (this.silence) clearTimeout(this.silence)
    for (const u of this.unsubscribe) u()
    const conn = this.conn
    this.conn = null
    await conn?.close()
    this.deps.emitStatus({ sessionId: this.id, path: this.path, baud: this.baud, state: 'closed', message: null })
  }

  private setState(state: MonitorState, message: string | null): void {
    this.state = state
    this.silentShown = false
    this.deps.emitStatus({ sessionId: this.id, path: this.path, baud: this.baud, state, message })
  }
}
