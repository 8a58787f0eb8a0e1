import { mkdtempSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { BoardCatalogError, findBoard, identify, isFullProfile, loadBoards, validateProfile } from './boards'

describe('board catalog (resources/boards)', () => {
  const boards = loadBoards()

  it('validates every profile, each board with a simulator entry', () => {
    expect(boards.length).toBeGreaterThanOrEqual(10)
    for (const b of boards.filter(isFullProfile)) {
      expect(b.clockHz).toBeGreaterThan(1e6)
      expect(b.simulator).toBeTruthy()
    }
    expect(findBoard('nano33ble').simulator).toBe('nrf52840')
    expect(findBoard('xiao-esp32s3').simulator).toBe('esp32-s3')
    expect(() => findBoard('uno-r9')).toThrow('unknown board "uno-r9"; known:')
  })

  it('names every port the issue lists from its USB ids', () => {
    const cases: [string, string, string, 'app' | 'bootloader'][] = [
      ['2341', '805A', 'nano33ble', 'app'],
      ['2341', '005a', 'nano33ble', 'bootloader'],
      ['2341', '025f', 'nicla-vision', 'app'],
      ['2341', '0043', 'arduino', 'app'], // an Uno: the vendor profile
      ['303A', '1001', 'xiao-esp32s3', 'app'],
      ['2886', '8045', 'xiao-nrf52840', 'app'],
      ['2886', '802f', 'seeed', 'app'],
      ['2E8A', '000A', 'pico', 'app'],
      ['10C4', 'EA60', 'cp210x', 'app'],
      ['1a86', '7523', 'ch340', 'app'],
      ['0403', '6001', 'ftdi', 'app']
    ]
    for (const [vid, pid, id, mode] of cases) expect(identify(vid, pid), `${vid}:${pid}`).toMatchObject({ profile: { id }, mode })
    expect(identify('dead', 'beef')).toBeNull()
    expect(identify(null, null)).toBeNull()
  })

  it('refuses a bad profile naming the file and the field', () => {
    const good = JSON.parse(JSON.stringify(findBoard('pico')))
    expect(() => validateProfile('pico.json', { ...good, clockHz: null })).toThrow(
      'board profile pico.json: field "clockHz" a board profile needs it'
    )
    expect(() => validateProfile('pico.json', { ...good, usb: [{ vendorId: '2E8A', productId: '000a', mode: 'app' }] })).toThrow(
      'field "usb.0.vendorId"'
    )
    expect(() => validateProfile('pico.json', { ...good, simulator: 'rp9999' })).toThrow('field "simulator" names "rp9999"')
    expect(() => validateProfile('pico2.json', good)).toThrow('field "id" is "pico" but the file is pico2.json')
    expect(() => validateProfile('pico.json', { ...good, extra: 1 })).toThrow(BoardCatalogError)
  })

  it('refuses two profiles claiming the same USB id, and a file that is not JSON', () => {
    const dir = mkdtempSync(join(tmpdir(), 'mlsys-boards-'))
    const pico = findBoard('pico')
    writeFileSync(join(dir, 'pico.json'), JSON.stringify(pico))
    writeFileSync(join(dir, 'copy.json'), JSON.stringify({ ...pico, id: 'copy' }))
    expect(() => loadBoards(dir)).toThrow('board profiles copy and pico both claim USB id 2e8a:000a')
    const dir2 = mkdtempSync(join(tmpdir(), 'mlsys-boards-'))
    writeFileSync(join(dir2, 'x.json'), '{ nope')
    expect(() => loadBoards(dir2)).toThrow('board profile x.json is not valid JSON')
  })
})
