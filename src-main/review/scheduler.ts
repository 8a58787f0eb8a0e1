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

export { Rating }
