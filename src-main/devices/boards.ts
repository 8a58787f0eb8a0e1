/**
 * Board profiles: `resources/boards/<id>.json`, one file per board, USB–serial bridge or vendor, validated
 * when loaded. A profile names a port's board from its USB vendor and product ids, and gives the fit
 * check and the latency estimate their figures. Adding a board is a data change.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join, resolve } from 'node:path'
import { z } from 'zod'
import { getAccelerator } from '../sim'

const hexId = z.string().regex(/^[0-9a-f]{4}$/, 'a USB id is four lower-case hex digits, e.g. "2341"')

export const boardProfileSchema = z
  .object({
    id: z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'an id is lower-case letters, digits and dashes'),
    /** A board we know; a USB–serial bridge (the board behind it is unknown); a vendor's unknown board. */
    kind: z.enum(['board', 'bridge', 'vendor']),
    name: z.string().min(1),
    mcu: z.string().min(1).nullable(),
    clockHz: z.number().positive().nullable(),
    ramBytes: z.number().int().positive().nullable(),
    flashBytes: z.number().int().positive().nullable(),
    sensors: z.array(z.string().min(1)),
    defaultBaud: z.number().int().positive(),
    /** Its entry in resources/catalog/accelerators.json (the simulator's catalog). */
    simulator: z.string().nullable(),
    usb: z
      .array(
        z
          .object({
            vendorId: hexId,
            /** null: any product of this vendor (a vendor profile). */
            productId: hexId.nullable(),
            mode: z.enum(['app', 'bootloader']),
            note: z.string().optional()
          })
          .strict()
      )
      .min(1),
    /** Cycles per int8 multiply-accumulate and per requantised output in tinyrt's loop: the latency estimate. */
    cyclesPerMac: z.number().positive().nullable(),
    cyclesPerOutput: z.number().positive().nullable(),
    notes: z.string(),
    source: z.string().min(1)
  })
  .strict()
  .superRefine((p, ctx) => {
    if (p.kind !== 'board') return
    for (const field of ['mcu', 'clockHz', 'ramBytes', 'flashBytes', 'simulator', 'cyclesPerMac', 'cyclesPerOutput'] as const) {
      if (p[field] === null) ctx.addIssue({ code: 'custom', path: [field], message: 'a board profile needs it' })
    }
  })

export type BoardProfile = z.infer<typeof boardProfileSchema>
/** A profile with every figure the fit check and the latency estimate need. */
export type FullBoardProfile = BoardProfile & {
  kind: 'board'
  mcu: string
  clockHz: number
  ramBytes: number
  flashBytes: number
  simulator: string
  cyclesPerMac: number
  cyclesPerOutput: number
}

export class BoardCatalogError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'BoardCatalogError'
  }
}

/** The repository's resources/boards, found by walking up from this file (tsx, vitest, out/main). */
export function boardsDir(): string {
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd()
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'resources', 'boards')
    if (existsSync(candidate)) return candidate
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  throw new BoardCatalogError('cannot find resources/boards')
}

/** Validates one profile file's parsed JSON; `file` names it in errors. Also checks the simulator entry exists. */
export function validateProfile(file: string, raw: unknown): BoardProfile {
  const parsed = boardProfileSchema.safeParse(raw)
  if (!parsed.success) {
    const issue = parsed.error.issues[0]!
    throw new BoardCatalogError(`board profile ${file}: field "${issue.path.join('.') || '(root)'}" ${issue.message}`)
  }
  const p = parsed.data
  if (`${p.id}.json` !== file) throw new BoardCatalogError(`board profile ${file}: field "id" is "${p.id}" but the file is ${file}`)
  if (p.simulator !== null) {
    try {
      getAccelerator(p.simulator)
    } catch {
      throw new BoardCatalogError(
        `board profile ${file}: field "simulator" names "${p.simulator}", which the simulator catalog does not have`
      )
    }
  }
  return p
}

const cache = new Map<string, BoardProfile[]>()

/** Every profile in a folder (default: resources/boards), validated, sorted by kind then name. */
export function loadBoards(dir: string = boardsDir()): BoardProfile[] {
  const key = resolve(dir)
  const cached = cache.get(key)
  if (cached) return cached
  const profiles = readdirSync(key)
    .filter((f) => f.endsWith('.json'))
    .sort()
    .map((file) => {
      let raw: unknown
      try {
        raw = JSON.parse(readFileSync(join(key, file), 'utf8'))
      } catch (e) {
        throw new BoardCatalogError(`board profile ${file} is not valid JSON: ${(e as Error).message}`)
      }
      return validateProfile(file, raw)
    })
  const seen = new Map<string, string>()
  for (const p of profiles) {
    for (const u of p.usb) {
      const id = `${u.vendorId}:${u.productId ?? '*'}`
      const other = seen.get(id)
      if (other) throw new BoardCatalogError(`board profiles ${other} and ${p.id} both claim USB id ${id}`)
      seen.set(id, p.id)
    }
  }
  const order = { board: 0, bridge: 1, vendor: 2 }
  profiles.sort((a, b) => order[a.kind] - order[b.kind] || a.name.localeCompare(b.name))
  cache.set(key, profiles)
  return profiles
}

export function isFullProfile(p: BoardProfile): p is FullBoardProfile {
  return p.kind === 'board'
}

export function findBoard(id: string, boards: readonly BoardProfile[] = loadBoards()): BoardProfile {
  const p = boards.find((b) => b.id === id)
  if (!p) throw new BoardCatalogError(`unknown board "${id}"; known: ${boards.map((b) => b.id).join(', ')}`)
  return p
}

export interface Identified {
  profile: BoardProfile
  mode: 'app' | 'bootloader'
}

/** The profile for a port's USB ids: an exact vendor:product match first, then a vendor-wide one. */
export function identify(
  vendorId: string | null,
  productId: string | null,
  boards: readonly BoardProfile[] = loadBoards()
): Identified | null {
  if (!vendorId) return null
  const vid = vendorId.toLowerCase()
  const pid = productId?.toLowerCase() ?? null
  for (const exact of [true, false]) {
    for (const profile of boards) {
      const u = profile.usb.find((x) => x.vendorId === vid && (exact ? x.productId !== null && x.productId === pid : x.productId === null))
      if (u) return { profile, mode: u.mode }
    }
  }
  return null
}
