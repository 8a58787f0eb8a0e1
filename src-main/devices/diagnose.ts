/**
 * Why a port does not work, as messages a learner can act on. Pure: the facts (errors, groups, running
 * programs) are gathered by facts.ts, so every case is testable on any machine.
 */

export interface PortFacts {
  platform: NodeJS.Platform
  path: string
  vendorId: string | null
  productId: string | null
  /** How opening failed, if it did. */
  openError: 'permission' | 'busy' | 'missing' | 'other' | null
  openMessage: string | null
  /** The group owning the device node (Linux), e.g. dialout or uucp. */
  deviceGroup: string | null
  /** Groups /etc/group lists the user in, and the groups this session actually has. */
  userGroups: string[]
  sessionGroups: string[]
  /** Programs that hold the port open, e.g. "arduino-ide (pid 4242)". */
  holders: string[]
  brlttyRunning: boolean
  modemManagerRunning: boolean
  /** The port opened and stayed silent for this many seconds (null: not measured). */
  silentSeconds: number | null
  baud: number | null
  /** The board is in its bootloader (its profile says so for these USB ids). */
  bootloader: boolean
  boardName: string | null
}

export type DiagnosisCode = 'permission' | 'relogin' | 'busy' | 'brltty' | 'modemmanager' | 'missing' | 'silent' | 'bootloader' | 'other'

export interface Diagnosis {
  code: DiagnosisCode
  message: string
  /** What to do, with the exact command where there is one. */
  fix: string
}

const CH340 = '1a86:7523'

export function diagnose(f: PortFacts): Diagnosis[] {
  const out: Diagnosis[] = []
  const linux = f.platform === 'linux'
  const usb = f.vendorId && f.productId ? `${f.vendorId}:${f.productId}`.toLowerCase() : null

  if (f.openError === 'permission') {
    if (linux) {
      const group = f.deviceGroup ?? 'dialout'
      if (f.userGroups.includes(group) && !f.sessionGroups.includes(group)) {
        out.push({
          code: 'relogin',
          message: `You are in the ${group} group that owns ${f.path}, but this session started before you were added.`,
          fix: 'Log out and back in (or restart the computer), then try again.'
        })
      } else {
        out.push({
          code: 'permission',
          message: `Permission denied opening ${f.path}: it belongs to the group "${group}", and your user is not in it.`,
          fix: `Run: sudo usermod -aG ${group} $USER — then log out and back in (or restart) so the new group applies.`
        })
      }
    } else {
      out.push({
        code: 'permission',
        message: `Permission denied opening ${f.path}.`,
        fix:
          f.platform === 'darwin'
            ? 'Allow the app to access USB devices in System Settings > Privacy & Security, then replug the board.'
            : 'Close other programs that use the port and replug the board; check that its driver is installed in Device Manager.'
      })
    }
  }

  if (f.openError === 'busy' || (f.holders.length > 0 && f.openError !== null)) {
    out.push({
      code: 'busy',
      message:
        f.holders.length > 0
          ? `${f.path} is in use by ${f.holders.join(', ')}.`
          : `${f.path} is busy: another program has it open (an Arduino IDE serial monitor, screen, minicom, another MLSys window).`,
      fix: 'Close that program (or its serial monitor), then try again. Only one program can talk to a port at a time.'
    })
  }

  if (linux && f.brlttyRunning && (usb === CH340 || (f.openError === 'missing' && usb === null))) {
    out.push({
      code: 'brltty',
      message:
        'brltty (a braille-display driver) is running; on Ubuntu it claims CH340 USB–serial adapters, so the port vanishes a second after the board is plugged in.',
      fix: 'If you do not use a braille display: sudo apt remove brltty (or sudo systemctl mask brltty-udev.service), then unplug and replug the board.'
    })
  }

  if (linux && f.modemManagerRunning && /ttyACM/.test(f.path)) {
    out.push({
      code: 'modemmanager',
      message: `ModemManager is running: it probes new ttyACM ports such as ${f.path} for several seconds after they appear, sending AT commands and holding the port.`,
      fix: 'Wait ten seconds after plugging in, or stop it: sudo systemctl disable --now ModemManager (or give your board a udev rule with ENV{ID_MM_DEVICE_IGNORE}="1").'
    })
  }

  if (f.openError === 'missing') {
    out.push({
      code: 'missing',
      message: `${f.path} is not there any more: the board was unplugged, or it reset and came back under another name.`,
      fix: 'Pick the board again from the port list (it is followed automatically when it comes back with the same serial number).'
    })
  }

  if (f.bootloader) {
    out.push({
      code: 'bootloader',
      message: `${f.boardName ?? 'The board'} is in its bootloader (after a double-tap of reset the LED pulses); no sketch is running, so it prints nothing.`,
      fix: 'Upload a sketch, or press reset once to run the one it has.'
    })
  }

  if (f.openError === null && f.silentSeconds !== null && !f.bootloader) {
    const baud = f.baud ?? 115200
    out.push({
      code: 'silent',
      message: `${f.path} opened, but nothing arrived in ${f.silentSeconds} s at ${baud} baud.`,
      fix:
        `Check that the sketch calls Serial.begin(${baud}) — the speeds must match (native-USB boards such as the Nano 33 BLE and XIAO ESP32S3 ignore it) — ` +
        'that it prints something in loop(), and press the reset button. A board running the mlsys agent stays quiet until the app talks to it.'
    })
  }

  if (f.openError === 'other') {
    out.push({
      code: 'other',
      message: `${f.path} could not be opened: ${f.openMessage ?? 'unknown error'}.`,
      fix: 'Unplug the board, plug it in again, and pick it from the list.'
    })
  }
  return out
}
