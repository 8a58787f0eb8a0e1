import { describe, expect, it } from 'vitest'
import { diagnose, type PortFacts } from './diagnose'
import { parseGroups } from './facts'

const base: PortFacts = {
  platform: 'linux',
  path: '/dev/ttyACM0',
  vendorId: '2341',
  productId: '805a',
  openError: null,
  openMessage: null,
  deviceGroup: 'dialout',
  userGroups: ['ada'],
  sessionGroups: ['ada'],
  holders: [],
  brlttyRunning: false,
  modemManagerRunning: false,
  silentSeconds: null,
  baud: 115200,
  bootloader: false,
  boardName: 'Arduino Nano 33 BLE (Sense)'
}

const codes = (f: Partial<PortFacts>) => diagnose({ ...base, ...f }).map((d) => d.code)

describe('diagnosis', () => {
  it('permission denied: the exact usermod for the group that owns the port, then re-login', () => {
    const [d] = diagnose({ ...base, openError: 'permission' })
    expect(d!.message).toBe('Permission denied opening /dev/ttyACM0: it belongs to the group "dialout", and your user is not in it.')
    expect(d!.fix).toBe('Run: sudo usermod -aG dialout $USER — then log out and back in (or restart) so the new group applies.')
    // Arch-like systems: the port belongs to uucp.
    expect(diagnose({ ...base, openError: 'permission', deviceGroup: 'uucp' })[0]!.fix).toContain('sudo usermod -aG uucp $USER')
    // Already added, but this session predates it.
    expect(diagnose({ ...base, openError: 'permission', userGroups: ['ada', 'dialout'] })[0]).toMatchObject({
      code: 'relogin',
      fix: 'Log out and back in (or restart the computer), then try again.'
    })
  })

  it('a port held by another program names it', () => {
    const [d] = diagnose({ ...base, openError: 'busy', holders: ['arduino-ide (pid 4242)'] })
    expect(d).toMatchObject({ code: 'busy', message: '/dev/ttyACM0 is in use by arduino-ide (pid 4242).' })
    expect(codes({ openError: 'busy' })).toEqual(['busy'])
  })

  it('brltty grabbing a CH340, ModemManager probing a CDC port', () => {
    expect(codes({ vendorId: '1a86', productId: '7523', path: '/dev/ttyUSB0', brlttyRunning: true, openError: 'missing' })).toEqual([
      'brltty',
      'missing'
    ])
    expect(diagnose({ ...base, vendorId: '1a86', productId: '7523', brlttyRunning: true })[0]!.fix).toContain('sudo apt remove brltty')
    expect(codes({ brlttyRunning: true })).toEqual([]) // not a CH340: brltty is not the problem
    expect(diagnose({ ...base, modemManagerRunning: true })[0]).toMatchObject({
      code: 'modemmanager',
      fix: expect.stringContaining('systemctl disable --now ModemManager')
    })
    expect(codes({ modemManagerRunning: true, path: '/dev/ttyUSB0' })).toEqual([]) // ModemManager probes ttyACM ports
    expect(codes({ modemManagerRunning: true, platform: 'darwin' })).toEqual([])
  })

  it('a board that opens but says nothing at the chosen baud; one in its bootloader', () => {
    const [d] = diagnose({ ...base, silentSeconds: 3, baud: 9600 })
    expect(d!.message).toBe('/dev/ttyACM0 opened, but nothing arrived in 3 s at 9600 baud.')
    expect(d!.fix).toContain('Serial.begin(9600)')
    expect(codes({ silentSeconds: 3, bootloader: true })).toEqual(['bootloader'])
  })

  it('says nothing when nothing is wrong, and something for an unknown failure', () => {
    expect(diagnose(base)).toEqual([])
    expect(diagnose({ ...base, openError: 'other', openMessage: 'Error: I/O error' })[0]!.message).toBe(
      '/dev/ttyACM0 could not be opened: Error: I/O error.'
    )
    expect(codes({ openError: 'permission', platform: 'darwin' })).toEqual(['permission'])
  })
})

describe('/etc/group', () => {
  it('finds group names and the groups a user is in (primary group included)', () => {
    const text = 'root:x:0:\ndialout:x:20:ada,bob\nuucp:x:14:\nada:x:1000:\nplugdev:x:46:bob,ada\n#bad\n:::\n'
    const g = parseGroups(text, 'ada', 1000)
    expect(g.names.get(20)).toBe('dialout')
    expect(g.member.sort()).toEqual(['ada', 'dialout', 'plugdev'])
    expect(parseGroups(text, 'carol', null).member).toEqual([])
  })
})
