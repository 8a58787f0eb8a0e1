/**
 * Gathers what diagnose.ts needs from this machine: who owns the device node, which groups the user
 * has (in /etc/group and in this session), which programs hold the port, and whether brltty or
 * ModemManager runs. Linux reads /etc/group and /proc; elsewhere only what Node itself knows.
 */
import { readdirSync, readFileSync, readlinkSync, realpathSync, statSync } from 'node:fs'
import { userInfo } from 'node:os'
import type { PortFacts } from './diagnose'

/** Parses /etc/group: gid → name, and the names of the groups listing `user` (plus its primary group). */
export function parseGroups(text: string, user: string, primaryGid: number | null): { names: Map<number, string>; member: string[] } {
  const names = new Map<number, string>()
  const member: string[] = []
  for (const line of text.split('\n')) {
    const [name, , gid, users] = line.split(':')
    if (!name || gid === undefined) continue
    const id = Number(gid)
    if (!Number.isInteger(id)) continue
    names.set(id, name)
    if (id === primaryGid || (users ?? '').split(',').includes(user)) member.push(name)
  }
  return { names, member }
}

function readText(path: string): string {
  try {
    return readFileSync(path, 'utf8')
  } catch {
    return ''
  }
}

/** Running programs by name, from /proc/<pid>/comm; and those holding `device` open (own processes only are readable). */
function processes(device: string | null): { names: Set<string>; holders: string[] } {
  const names = new Set<string>()
  const holders: string[] = []
  let pids: string[] = []
  try {
    pids = readdirSync('/proc').filter((p) => /^\d+$/.test(p))
  } catch {
    return { names, holders }
  }
  for (const pid of pids) {
    const comm = readText(`/proc/${pid}/comm`).trim()
    if (!comm) continue
    names.add(comm)
    if (!device || Number(pid) === process.pid) continue
    let fds: string[] = []
    try {
      fds = readdirSync(`/proc/${pid}/fd`)
    } catch {
      continue
    }
    for (const fd of fds) {
      try {
        if (readlinkSync(`/proc/${pid}/fd/${fd}`) === device) {
          holders.push(`${comm} (pid ${pid})`)
          break
        }
      } catch {
        // closed meanwhile
      }
    }
  }
  return { names, holders }
}

export function gatherFacts(
  base: Pick<
    PortFacts,
    'path' | 'vendorId' | 'productId' | 'openError' | 'openMessage' | 'silentSeconds' | 'baud' | 'bootloader' | 'boardName'
  >
): PortFacts {
  const facts: PortFacts = {
    ...base,
    platform: process.platform,
    deviceGroup: null,
    userGroups: [],
    sessionGroups: [],
    holders: [],
    brlttyRunning: false,
    modemManagerRunning: false
  }
  if (process.platform !== 'linux') return facts
  const user = userInfo()
  const groups = parseGroups(readText('/etc/group'), user.username, user.gid >= 0 ? user.gid : null)
  facts.userGroups = groups.member
  facts.sessionGroups = (process.getgroups?.() ?? []).map((g) => groups.names.get(g) ?? String(g))
  let device: string | null = null
  try {
    device = realpathSync(base.path)
    facts.deviceGroup = groups.names.get(statSync(device).gid) ?? null
  } catch {
    // the node is gone
  }
  const p = processes(device)
  facts.holders = p.holders
  facts.brlttyRunning = p.names.has('brltty')
  facts.modemManagerRunning = p.names.has('ModemManager')
  return facts
}
