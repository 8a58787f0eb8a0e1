/**
 * Serial ports through the serialport package: listing, and an open port as a `Link` with any number of
 * listeners (the monitor, a deploy, a capture share one open port). Errors on open are turned into
 * messages a learner can act on by diagnose.ts.
 */
import { SerialPort } from 'serialport'
import type { Link } from './client'

export interface PortListing {
  path: string
  vendorId: string | null
  productId: string | null
  serialNumber: string | null
  manufacturer: string | null
}

/** Ports the system lists, ids lower-cased (serialport reports them as the OS does). */
export async function listSerialPorts(): Promise<PortListing[]> {
  const ports = await SerialPort.list()
  return ports.map((p) => ({
    path: p.path,
    vendorId: p.vendorId ? p.vendorId.toLowerCase() : null,
    productId: p.productId ? p.productId.toLowerCase() : null,
    serialNumber: p.serialNumber ?? null,
    manufacturer: p.manufacturer ?? null
  }))
}

export class OpenError extends Error {
  constructor(
    readonly path: string,
    readonly reason: 'permission' | 'busy' | 'missing' | 'other',
    message: string
  ) {
    super(message)
    this.name = 'OpenError'
  }
}

/** Sorts serialport's open errors (which carry only strerror text) into what diagnose.ts needs. */
export function classifyOpenError(path: string, message: string): OpenError {
  const reason = /permission denied|EACCES/i.test(message)
    ? 'permission'
    : /cannot lock port|resource temporarily unavailable|busy|EBUSY/i.test(message)
      ? 'busy'
      : /no such file|ENOENT|not found/i.test(message)
        ? 'missing'
        : 'other'
  return new OpenError(path, reason, message)
}

export class SerialConnection implements Link {
  private readonly dataListeners = new Set<(bytes: Uint8Array) => void>()
  private readonly closeListeners = new Set<(reason: string) => void>()
  private closedReason: string | null = null
  /** Bytes received since the port opened (for "opened but silent" diagnosis). */
  bytesIn = 0

  private constructor(
    readonly path: string,
    readonly baudRate: number,
    private readonly port: SerialPort
  ) {
    port.on('data', (chunk: Buffer) => {
      this.bytesIn += chunk.length
      const bytes = new Uint8Array(chunk.buffer, chunk.byteOffset, chunk.byteLength)
      for (const l of this.dataListeners) l(bytes)
    })
    port.on('close', (err: (Error & { disconnected?: boolean }) | null) => {
      this.finish(err?.disconnected ? 'the device was disconnected' : (err?.message ?? 'the port was closed'))
    })
    port.on('error', (err: Error) => this.finish(err.message))
  }

  static open(path: string, baudRate: number): Promise<SerialConnection> {
    return new Promise((resolve, reject) => {
      const port = new SerialPort({ path, baudRate, autoOpen: false })
      port.open((err) => {
        if (err) reject(classifyOpenError(path, err.message))
        else resolve(new SerialConnection(path, baudRate, port))
      })
    })
  }

  get isOpen(): boolean {
    return this.closedReason === null
  }

  write(bytes: Uint8Array): Promise<void> {
    if (this.closedReason !== null) return Promise.reject(new Error(this.closedReason))
    return new Promise((resolve, reject) => {
      this.port.write(Buffer.from(bytes.buffer, bytes.byteOffset, bytes.byteLength), (err) => {
        if (err) reject(err)
        else this.port.drain((e) => (e ? reject(e) : resolve()))
      })
    })
  }

  onData(listener: (bytes: Uint8Array) => void): () => void {
    this.dataListeners.add(listener)
    return () => this.dataListeners.delete(listener)
  }

  onClose(listener: (reason: string) => void): () => void {
    if (this.closedReason !== null) {
      const reason = this.closedReason
      queueMicrotask(() => listener(reason))
      return () => undefined
    }
    this.closeListeners.add(listener)
    return () => this.closeListeners.delete(listener)
  }

  /** Changes the baud rate of the open port. */
  setBaudRate(baudRate: number): Promise<void> {
    return new Promise((resolve, reject) => this.port.update({ baudRate }, (err) => (err ? reject(err) : resolve())))
  }

  close(): Promise<void> {
    if (this.closedReason !== null) return Promise.resolve()
    return new Promise((resolve) => {
      this.port.close(() => {
        this.finish('the port was closed')
        resolve()
      })
    })
  }

  private finish(reason: string): void {
    if (this.closedReason !== null) return
    this.closedReason = reason
    for (const l of this.closeListeners) l(reason)
    this.closeListeners.clear()
    if (this.port.isOpen) this.port.close(() => undefined)
  }
}
