/**
 * The one spaced-repetition scheduler (FSRS via ts-fsrs). Card state is never stored as a source of truth:
 * it is a pure function of the card's log entries (added, reviewed, reviews undone), replayed in time order.
 * Fuzz is off so a replay always gives the same dates. One learning step of ten minutes: a miss comes back
 * in the same session, a right answer on a new card goes out for days.
 */
import { createEmptyCard, fsrs, generatorParameters, type Card, type Grade, Rating, State } from 'ts-fsrs'

export type RatingValue = 1 | 2 | 3 | 4
export const RATING_NAMES: Record<RatingValue, string> = { 1: 'Again', 2: 'Hard', 3: 'Good', 4: 'Easy' }

export const scheduler = fsrs(generatorParameters({ enable_fuzz: false, learning_steps: ['10m'], relearning_steps: ['10m'] }))

export type CardStateName = 'new' | 'learning' | 'review' | 'relearning'
const STATE_NAMES: Record<State, CardStateName> = {
  [State.New]: 'new',
  [State.Learning]: 'learning',
  [State.Review]: 'review',
  [State.Relearning]: 'relearning'
}

export interface CardLogEntry {
  kind: 'card_add' | 'card_review' | 'card_undo' | 'card_remove'
  at: string
  payload: { rating?: number; reviewId?: string }
}

export interface DerivedCard {
  state: CardStateName
  due: string
  stability: number
  difficulty: number
  reps: number
  lapses: number
  lastReview: string | null
  removed: boolean
  /** Reviews that count (not undone), in order. */
  reviews: { reviewId: string; at: string; rating: RatingValue }[]
}

/** Replays one card's log entries (in time order) into its current state. */
export function replayCard(entries: readonly CardLogEntry[]): DerivedCard {
  const undone = new Set(entries.filter((e) => e.kind === 'card_undo').map((e) => e.payload.reviewId))
  const first = entries[0]?.at ?? new Date(0).toISOString()
  let card: Card = createEmptyCard(new Date(first))
  let removed = false
  const reviews: DerivedCard['reviews'] = []
  for (const e of entries) {
    if (e.kind === 'card_add') removed = false
    if (e.kind === 'card_remove') removed = true
    if (e.kind !== 'card_review' || undone.has(e.payload.reviewId)) continue
    const rating = e.payload.rating as RatingValue
    if (![1, 2, 3, 4].includes(rating)) continue
    card = scheduler.next(card, new Date(e.at), rating as Grade).card
    reviews.push({ reviewId: e.payload.reviewId ?? '', at: e.at, rating })
  }
  return {
    state: STATE_NAMES[card.state],
    due: card.due.toISOString(),
    stability: card.stability,
    difficulty: card.difficulty,
    reps: card.reps,
    lapses: card.lapses,
    lastReview: card.last_review ? card.last_review.toISOString() : null,
    removed,
    reviews
  }
}

/** When each rating would bring the card back, from `now`: for the rating buttons. */
export function previewDue(entries: readonly CardLogEntry[], now: Date): Record<'again' | 'hard' | 'good' | 'easy', Date> {
  const undone = new Set(entries.filter((e) => e.kind === 'card_undo').map((e) => e.payload.reviewId))
  let card: Card = createEmptyCard(new Date(entries[0]?.at ?? now.toISOString()))
  for (const e of entries) {
    if (e.kind !== 'card_review' || undone.has(e.payload.reviewId)) continue
    card = scheduler.next(card, new Date(e.at), e.payload.rating as Grade).card
  }
  const at = (r: Grade) => scheduler.next(card, now, r).card.due
  return { again: at(Rating.Again), hard: at(Rating.Hard), good: at(Rating.Good), easy: at(Rating.Easy) }
}

/** "10 min", "3 h", "2 d", "4 mo": how far away a due date is. */
export function intervalText(from: Date, to: Date): string {
  const s = Math.max(0, (to.getTime() - from.getTime()) / 1000)
  if (s < 3600) return `${Math.max(1, Math.round(s / 60))} min`
  if (s < 86400) return `${Math.round(s / 3600)} h`
  if (s < 30 * 86400) return `${Math.round(s / 86400)} d`
  if (s < 365 * 86400) return `${Math.round(s / (30 * 86400))} mo`
  return `${Math.round((s / (365 * 86400)) * 10) / 10} y`
}

export { Rating }
