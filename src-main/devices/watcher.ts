/**
 * Hot-plug: polls the port list (SerialPort.list() where no udev events are available) and reports
 * ports that appear and disappear. A board that resets and re-enumerates under a new path (ttyACM0 →
 * ttyACM1) is recognised by its serial number, or failing that its VID:PID, and reported with the path
 * it had before, so an open monitor can follow it.
 */
import { type BoardProfile, identify } from './boards'
import type { PortListing } from './serial'

export interface PortInfo extends PortListing {
  boardId: string | null
  kind: BoardProfile['kind'] | null
  mode: 'app' | 'bootloader' | null
  /** What to call it: the board's name, or the path. */
  label: string
}

export interface PortChange {
  port: PortInfo
  attached: boolean
  /** Where the same board was before it re-enumerated (attached only). */
  previousPath: string | null
}

/** How long a board that disappeared may take to come back and still count as the same one. */
export const REENUMERATE_WINDOW_MS = 15_000

export function identityOf(p: PortListing): string | null {
  if (p.serialNumber) return `sn:${p.vendorId ?? ''}:${p.serialNumber}`
  if (p.vendorId && p.productId) return `usb:${p.vendorId}:${p.productId}`
  return null
}

export function describePort(p: PortListing, boards: readonly BoardProfile[]): PortInfo {
  const id = identify(p.vendorId, p.productId, boards)
  const label = id ? `${id.profile.name}${id.mode === 'bootloader' ? ' (bootloader)' : ''}` : (p.manufacturer ?? p.path)
  return { ...p, boardId: id?.profile.id ?? null, kind: id?.profile.kind ?? null, mode: id?.mode ?? null, label }
}

/** The change from one listing to the next (pure): what appeared, what left, who came back elsewhere. */
export function diffPorts(
  before: readonly PortInfo[],
  after: readonly PortInfo[],
  recentlyGone: Map<string, { path: string; at: number }>,
  now: number
): PortChange[] {
  const changes: PortChange[] = []
  const afterPaths = new Set(after.map((p) => p.path))
  const beforePaths = new Set(before.map((p) => p.path))
  for (const p of before) {
    if (afterPaths.has(p.path)) continue
    const id = identityOf(p)
    if (id) recentlyGone.set(id, { path: p.path, at: now })
    changes.push({ port: p, attached: false, previousPath: null })
  }
  for (const [id, gone] of recentlyGone) if (now - gone.at > REENUMERATE_WINDOW_MS) recentlyGone.delete(id)
  for (const p of after) {
    if (beforePaths.has(p.path)) continue
    const id = identityOf(p)
    const gone = id ? recentlyGone.get(id) : undefined
    if (id && gone) recentlyGone.delete(id)
    changes.push({ port: p, attached: true, previousPath: gone?.path ?? null })
  }
  return changes
}

export class PortWatcher {
  private ports: PortInfo[] = []
  private readonly recentlyGone = new Map<string, { path: string; at: number }>()
  private timer: NodeJS.Timeout | null = null
  private polling: Promise<PortInfo[]> | null = null

  constructor(
    private readonly lister: () => Promise<PortListing[]>,
    private readonly boards: readonly BoardProfile[],
    private readonly onChange: (change: PortChange) => void,
    private readonly intervalMs = 1000
  ) {}

  start(): void {
    if (this.timer) return
    void this.poll()
    this.timer = setInterval(() => void this.poll(), this.intervalMs)
    this.timer.unref?.()
  }

  stop(): void {
    if (this.timer) clearInterval(this.timer)
    this.timer = null
  }

  current(): PortInfo[] {
    return this.ports
  }

  /** Lists now (one poll at a time; concurrent callers share it). */
  poll(): Promise<PortInfo[]> {
    this.polling ??= (async () => {
      try {
        const listed = await this.lister()
        const next = listed.map((p) => describePort(p, this.boards)).sort((a, b) => a.path.localeCompare(b.path))
        const changes = diffPorts(this.ports, next, this.recentlyGone, Date.now())
        this.ports = next
        for (const c of changes) this.onChange(c)
        return next
      } catch {
        return this.ports
      } finally {
        this.polling = null
      }
    })()
    return this.polling
  }
}
