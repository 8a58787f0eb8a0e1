// Choosing questions: practice, the daily set (the same for everyone on a date), mock interviews; streaks.
// Pure functions over template metadata and a seeded generator.
import { randomFrom } from './random'
import { LEVELS, type Level } from './vocabulary'

/** What selection needs to know about a question source (a bank template or an imported question). */
export interface Pickable {
  id: string
  track: string
  level: string
  zone: string
  area: string
}

/** A seed for an instance, drawn from a stream (below 2^31 so it reads well in ids). */
export const seedFrom = (random: () => number): number => Math.floor(random() * 2 ** 31)

const levelIndex = (level: string) => LEVELS.indexOf(level as Level)

/** The three daily questions for a date: one L1-L2, one L3-L4, one L5-L6+, from three different areas. */
export function dailyPicks(pool: readonly Pickable[], day: string): { id: string; seed: number }[] {
  const random = randomFrom(`daily:${day}`)
  const bands = [
    ['L1', 'L2'],
    ['L3', 'L4'],
    ['L5', 'L6+']
  ]
  const sorted = [...pool].sort((a, b) => a.id.localeCompare(b.id))
  const picks: { id: string; seed: number }[] = []
  const areas = new Set<string>()
  for (const band of bands) {
    const fits = sorted.filter((p) => band.includes(p.level) && !areas.has(p.area))
    const from = fits.length > 0 ? fits : sorted.filter((p) => band.includes(p.level))
    if (from.length === 0) continue
    const pick = from[Math.floor(random() * from.length)]!
    areas.add(pick.area)
    picks.push({ id: pick.id, seed: seedFrom(random) })
  }
  return picks
}

/**
 * A mock interview for a track and level: warm-ups from lower levels first (a quarter of the set), then
 * questions at the level taken round-robin across zones. Questions of the `global` track count for every track.
 */
export function mockPicks(
  pool: readonly Pickable[],
  options: { track: string; level: Level; count: number },
  random: () => number
): { id: string; seed: number; warmup: boolean }[] {
  const onTrack = [...pool].filter((p) => p.track === options.track || p.track === 'global').sort((a, b) => a.id.localeCompare(b.id))
  const target = levelIndex(options.level)
  const used = new Set<string>()
  const take = (candidates: Pickable[]) => {
    const left = candidates.filter((c) => !used.has(c.id))
    if (left.length === 0) return undefined
    const pick = left[Math.floor(random() * left.length)]!
    used.add(pick.id)
    return pick
  }
  const out: { id: string; seed: number; warmup: boolean }[] = []
  const warmups = options.count >= 3 ? Math.ceil(options.count / 4) : 0
  for (let i = 0; i < warmups; i++) {
    const pick = take(onTrack.filter((p) => levelIndex(p.level) >= 0 && levelIndex(p.level) < Math.max(1, target)))
    if (pick) out.push({ id: pick.id, seed: seedFrom(random), warmup: true })
  }
  // the main part at the level, widening to neighbouring levels only when the level runs out
  for (let spread = 0; out.length < options.count && spread < LEVELS.length; spread++) {
    const near = onTrack.filter((p) => Math.abs(levelIndex(p.level) - target) === spread)
    const zones = [...new Set(near.map((p) => p.zone))].sort()
    let progressed = true
    while (out.length < options.count && progressed) {
      progressed = false
      for (const zone of zones) {
        if (out.length >= options.count) break
        const pick = take(near.filter((p) => p.zone === zone))
        if (pick) {
          out.push({ id: pick.id, seed: seedFrom(random), warmup: false })
          progressed = true
        }
      }
    }
  }
  return out
}

/** Consecutive days with a finished daily set, ending today (or yesterday, while today is still open). */
export function streaks(days: readonly string[], today: string): { current: number; best: number } {
  const set = new Set(days)
  const shift = (day: string, by: number) => new Date(Date.parse(`${day}T00:00:00Z`) + by * 86400000).toISOString().slice(0, 10)
  let best = 0
  for (const day of set) {
    if (set.has(shift(day, -1))) continue
    let run = 1
    while (set.has(shift(day, run))) run++
    best = Math.max(best, run)
  }
  let start = set.has(today) ? today : shift(today, -1)
  let current = 0
  while (set.has(start)) {
    current++
    start = shift(start, -1)
  }
  return { current, best }
}

export const STREAK_MILESTONES = [3, 7, 14, 30, 60, 100] as const

/** Calendar day `YYYY-MM-DD`, checked for being a real date. */
export function isDay(day: string): boolean {
  const time = Date.parse(`${day}T00:00:00Z`)
  return /^\d{4}-\d{2}-\d{2}$/.test(day) && Number.isFinite(time) && new Date(time).toISOString().slice(0, 10) === day
}
