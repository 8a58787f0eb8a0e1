import { describe, expect, it } from 'vitest'
import { dailyPicks, isDay, mockPicks, streaks } from './sessions'
import { randomFrom } from './random'

const pool = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6+'].flatMap((level, i) =>
  ['recall', 'analyze', 'design'].flatMap((zone, j) =>
    ['cloud', 'global'].map((track, k) => ({ id: `q${i}${j}${k}`, level, zone, track, area: `area${(i + j) % 4}` }))
  )
)

describe('choosing questions', () => {
  it('daily: the same three for a date whatever the pool order, one per level band', () => {
    const a = dailyPicks(pool, '2026-11-23')
    expect(dailyPicks([...pool].reverse(), '2026-11-23')).toEqual(a)
    expect(a.map((p) => pool.find((q) => q.id === p.id)!.level)).toSatisfy(
      (l: string[]) => ['L1', 'L2'].includes(l[0]!) && ['L3', 'L4'].includes(l[1]!) && ['L5', 'L6+'].includes(l[2]!)
    )
    expect(dailyPicks(pool, '2026-11-24')).not.toEqual(a)
  })
  it('mock: warm-ups below the level first, then the level round-robin over zones, no repeats', () => {
    const picks = mockPicks(pool, { track: 'cloud', level: 'L4', count: 8 }, randomFrom('m'))
    const level = (id: string) => pool.find((q) => q.id === id)!.level
    expect(picks.filter((p) => p.warmup)).toHaveLength(2)
    expect(picks.slice(0, 2).every((p) => ['L1', 'L2', 'L3'].includes(level(p.id)))).toBe(true)
    expect(new Set(picks.map((p) => p.id)).size).toBe(picks.length)
    // six L4 questions exist (3 zones × cloud and global): all six, then the neighbouring levels
    expect(
      picks
        .slice(2)
        .map((p) => level(p.id))
        .filter((l) => l === 'L4')
    ).toHaveLength(6)
  })
  it('streaks count consecutive days ending today or yesterday', () => {
    expect(streaks(['2026-11-20', '2026-11-21', '2026-11-22'], '2026-11-23')).toEqual({ current: 3, best: 3 })
    expect(streaks(['2026-11-20', '2026-11-21', '2026-11-23'], '2026-11-23')).toEqual({ current: 1, best: 2 })
    expect(streaks(['2026-02-28', '2026-03-01'], '2026-03-05')).toEqual({ current: 0, best: 2 })
    expect(streaks([], '2026-03-05')).toEqual({ current: 0, best: 0 })
  })
  it('checks calendar days', () => {
    expect(['2026-11-23', '2024-02-29'].map(isDay)).toEqual([true, true])
    expect(['2026-02-30', '2026-13-01', '26-1-1', 'today', ''].map(isDay)).toEqual([false, false, false, false, false])
  })
})
