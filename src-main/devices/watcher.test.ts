import { describe, expect, it } from 'vitest'
import { loadBoards } from './boards'
import type { PortListing } from './serial'
import { describePort, diffPorts, identityOf, type PortInfo, PortWatcher, REENUMERATE_WINDOW_MS } from './watcher'

const boards = loadBoards()
const port = (path: string, extra: Partial<PortListing> = {}): PortInfo =>
  describePort({ path, vendorId: '2341', productId: '805a', serialNumber: 'ABC123', manufacturer: 'Arduino', ...extra }, boards)

describe('port list changes', () => {
  it('names ports from the catalog', () => {
    expect(port('/dev/ttyACM0')).toMatchObject({ boardId: 'nano33ble', kind: 'board', mode: 'app', label: 'Arduino Nano 33 BLE (Sense)' })
    expect(port('/dev/ttyACM0', { productId: '005a' }).label).toBe('Arduino Nano 33 BLE (Sense) (bootloader)')
    expect(port('/dev/ttyS0', { vendorId: null, productId: null, manufacturer: null, serialNumber: null })).toMatchObject({
      boardId: null,
      label: '/dev/ttyS0'
    })
  })

  it('follows a board that re-enumerates under a new path, by serial number', () => {
    const gone = new Map<string, { path: string; at: number }>()
    const a = port('/dev/ttyACM0')
    expect(diffPorts([a], [], gone, 1000)).toEqual([{ port: a, attached: false, previousPath: null }])
    const b = port('/dev/ttyACM1')
    expect(diffPorts([], [b], gone, 2000)).toEqual([{ port: b, attached: true, previousPath: '/dev/ttyACM0' }])
    // Only once: the next appearance is a new board.
    expect(diffPorts([], [b], gone, 3000)[0]!.previousPath).toBeNull()
  })

  it('falls back to VID:PID without a serial number, and forgets after the window', () => {
    const gone = new Map<string, { path: string; at: number }>()
    const a = port('/dev/ttyUSB0', { vendorId: '1a86', productId: '7523', serialNumber: null })
    diffPorts([a], [], gone, 0)
    const b = port('/dev/ttyUSB1', { vendorId: '1a86', productId: '7523', serialNumber: null })
    expect(diffPorts([], [b], gone, REENUMERATE_WINDOW_MS + 1)[0]!.previousPath).toBeNull()
    expect(identityOf(a)).toBe('usb:1a86:7523')
    expect(identityOf(port('/dev/x', { vendorId: null, productId: null, serialNumber: null }))).toBeNull()
  })

  it('polls a lister, reports attach and detach once each, and survives a lister that throws', async () => {
    let listed: PortListing[] = []
    let fail = false
    const changes: string[] = []
    const w = new PortWatcher(
      async () => {
        if (fail) throw new Error('udev went away')
        return listed
      },
      boards,
      (c) => changes.push(`${c.attached ? '+' : '-'}${c.port.path}${c.previousPath ? ` (was ${c.previousPath})` : ''}`)
    )
    listed = [{ path: '/dev/ttyACM0', vendorId: '2341', productId: '805a', serialNumber: 'S1', manufacturer: null }]
    await w.poll()
    await w.poll()
    fail = true
    expect((await w.poll()).map((p) => p.path)).toEqual(['/dev/ttyACM0'])
    fail = false
    listed = []
    await w.poll()
    listed = [{ path: '/dev/ttyACM1', vendorId: '2341', productId: '805a', serialNumber: 'S1', manufacturer: null }]
    await w.poll()
    expect(changes).toEqual(['+/dev/ttyACM0', '-/dev/ttyACM0', '+/dev/ttyACM1 (was /dev/ttyACM0)'])
  })
})
