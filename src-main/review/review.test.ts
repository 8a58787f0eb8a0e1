import { describe, expect, it } from 'vitest'
import { ProgressStore } from '../store'
import { tempDir } from '../testing/fixtures'
import { addCard, deckStats, dueCards, NEW_PER_DAY, rateCard, removeCard, ReviewError, undoLastRating } from '.'

function setup(start = '2026-11-02T09:00:00Z') {
  let t = Date.parse(start)
  const store = ProgressStore.open(tempDir(), () => new Date(t))
  return { store, now: () => new Date(t), advance: (ms: number) => (t += ms) }
}

const MIN = 60_000
const DAY = 86_400_000

describe('the review deck', () => {
  it('schedules from the log: a miss comes back in ten minutes, a right answer days later', () => {
    const { store } = setup()
    const card = (id: string) => ({ id, source: 'quiz' as const, front: `front ${id}`, back: 'back' })
    rateCard(store, 'quiz:a', 'again', card('quiz:a'))
    rateCard(store, 'quiz:b', 'good', card('quiz:b'))
    rateCard(store, 'quiz:c', 4, card('quiz:c'))
    // FSRS-5 defaults, one 10-minute learning step, no fuzz: Again → learning, +10 min; Good on a new card →
    // review in 2 days (initial stability 2.31 d); Easy → 8 days (stability 8.30 d).
    expect(store.reviewCard('quiz:a')).toMatchObject({ state: 'learning', due: '2026-11-02T09:10:00.000Z', lapses: 0 })
    expect(store.reviewCard('quiz:b')).toMatchObject({ state: 'review', due: '2026-11-04T09:00:00.000Z' })
    expect(store.reviewCard('quiz:c')).toMatchObject({ state: 'review', due: '2026-11-10T09:00:00.000Z' })
  })

  it('derives the same state when the log is replayed, and undo takes back only the last rating', () => {
    const { store, advance } = setup()
    addCard(store, { id: 'drill:ridge', source: 'drill', front: 'Ridge of an H100?', back: '≈ 295 FLOP/B' })
    rateCard(store, 'drill:ridge', 'good')
    advance(2 * DAY)
    rateCard(store, 'drill:ridge', 'good')
    const afterTwo = store.reviewCard('drill:ridge')!
    advance(DAY)
    rateCard(store, 'drill:ridge', 'again')
    expect(store.reviewCard('drill:ridge')).toMatchObject({ state: 'relearning', lapses: 1 })
    expect(undoLastRating(store)).toMatchObject({ cardId: 'drill:ridge', rating: 'Again' })
    expect(store.reviewCard('drill:ridge')).toMatchObject({ state: afterTwo.state, due: afterTwo.due, reps: 2, lapses: 0 })
    store.rebuild()
    expect(store.reviewCard('drill:ridge')).toMatchObject({ state: afterTwo.state, due: afterTwo.due, reps: 2, lapses: 0 })
    // A second undo takes back the rating before it.
    undoLastRating(store)
    expect(store.reviewCard('drill:ridge')).toMatchObject({ reps: 1 })
  })

  it('adds nothing twice, refuses unknown cards and bad ratings', () => {
    const { store } = setup()
    const c = { id: 'highlight:h1', source: 'highlight' as const, front: 'The ____ is peak / bandwidth.', back: 'ridge point' }
    expect(addCard(store, c)).toBe(true)
    expect(addCard(store, c)).toBe(false)
    expect(addCard(store, { ...c, back: 'the ridge point' })).toBe(true)
    expect(store.tableCount('activity')).toBe(2)
    expect(() => rateCard(store, 'nope', 'good')).toThrow(ReviewError)
    expect(() => rateCard(store, 'highlight:h1', 7 as never)).toThrow(/rating/)
    removeCard(store, 'highlight:h1')
    expect(store.reviewCards()).toEqual([])
    expect(() => rateCard(store, 'highlight:h1', 'good')).toThrow(/no card/)
  })

  it('lists what is due (learning, review, then new within the daily allowance) and forecasts the coming days', () => {
    const { store, advance, now } = setup('2026-11-02T09:00:00')
    for (let i = 0; i < NEW_PER_DAY + 5; i++) addCard(store, { id: `quiz:n${i}`, source: 'quiz', front: `q${i}`, back: 'a' })
    rateCard(store, 'quiz:n0', 'again')
    rateCard(store, 'quiz:n1', 'good')
    advance(15 * MIN)
    const due = dueCards(store, now())
    // n0 is in learning and due; 2 new cards were seen today, so 18 more new ones are offered.
    expect(due[0]!.cardId).toBe('quiz:n0')
    expect(due.filter((c) => c.state === 'new')).toHaveLength(NEW_PER_DAY - 2)
    const stats = deckStats(store, now(), 7)
    expect(stats).toMatchObject({ total: NEW_PER_DAY + 5, newCards: NEW_PER_DAY + 3, learning: 1, review: 1, dueNew: NEW_PER_DAY - 2 })
    // n0 today; n1 two days out.
    expect(stats.forecast.map((f) => f.count)).toEqual([1, 0, 1, 0, 0, 0, 0])
    expect(stats.retention).toBeNull()
    advance(10 * MIN)
    rateCard(store, 'quiz:n0', 'good')
    expect(deckStats(store, now()).retention).toBe(1)
  })

  it('survives export and import into a fresh profile', async () => {
    const { store } = setup()
    rateCard(store, 'quiz:x', 'hard', { id: 'quiz:x', source: 'quiz', front: 'f', back: 'b' })
    const target = ProgressStore.open(tempDir())
    await target.importDocument(JSON.stringify(store.exportDocument('t')))
    expect(target.reviewCard('quiz:x')).toEqual(store.reviewCard('quiz:x'))
  })
})
