/**
 * The review deck for the whole app: one FSRS deck fed by chapter quizzes, highlights ("make a card") and
 * drills. Every change is an append-only entry in the `review` domain of the progress store (`card_add`,
 * `card_review`, `card_undo`, `card_remove`); card state is derived from those entries (see scheduler.ts).
 *
 * For another domain, two calls:
 *
 *   addCard(store, { id: 'drill:roofline-ridge', source: 'drill', front: 'Ridge point of an H100?', back: '≈ 295 FLOP/B' })
 *   rateCard(store, 'drill:roofline-ridge', 'good')        // or 1–4: Again, Hard, Good, Easy
 *
 * or one: `rateCard(store, id, rating, card)` adds the card first when it is new. Adding an existing card
 * with the same text records nothing, so callers need not check first.
 */
import { randomUUID } from 'node:crypto'
import type { ProgressStore, ReviewCardRow } from '../store'
import { RATING_NAMES, type RatingValue } from './scheduler'

export {
  replayCard,
  previewDue,
  intervalText,
  scheduler,
  RATING_NAMES,
  type RatingValue,
  type CardLogEntry,
  type DerivedCard
} from './scheduler'

export type CardSource = 'quiz' | 'highlight' | 'drill' | 'other'
export type RatingName = 'again' | 'hard' | 'good' | 'easy'

export interface CardInput {
  /** Stable id: `quiz:<chapterId>:<questionId>`, `highlight:<highlightId>`, `drill:<templateId>`. */
  id: string
  source: CardSource
  front: string
  back: string
  chapterId?: string | null
  /** An app route to open the card's origin (`#/chapters/vol1/01-x/sec-y`). */
  link?: string | null
}

export class ReviewError extends Error {}

const NAMES: Record<RatingName, RatingValue> = { again: 1, hard: 2, good: 3, easy: 4 }

export function toRating(r: RatingValue | RatingName): RatingValue {
  const v = typeof r === 'string' ? NAMES[r] : r
  if (![1, 2, 3, 4].includes(v)) throw new ReviewError(`a rating is 1–4 or again/hard/good/easy (got ${String(r)})`)
  return v
}

/** Adds a card, or updates its text; records nothing when it is already there unchanged. Returns whether it recorded. */
export function addCard(store: ProgressStore, card: CardInput): boolean {
  if (!card.id || card.id.length > 200) throw new ReviewError('a card id is 1–200 characters')
  if (!card.front.trim()) throw new ReviewError(`card ${card.id} has no front text`)
  const existing = store.reviewCard(card.id)
  const chapterId = card.chapterId ?? null
  const link = card.link ?? null
  if (
    existing &&
    !existing.removed &&
    existing.front === card.front &&
    existing.back === card.back &&
    existing.source === card.source &&
    existing.chapterId === chapterId &&
    existing.link === link
  ) {
    return false
  }
  store.record('card_add', card.id, { source: card.source, front: card.front, back: card.back, chapterId, link })
  return true
}

export interface RateOutcome {
  cardId: string
  reviewId: string
  rating: RatingValue
  state: ReviewCardRow['state']
  due: string
}

/** Records one review of a card (adding it first when `card` is given and it is new). */
export function rateCard(store: ProgressStore, cardId: string, rating: RatingValue | RatingName, card?: CardInput): RateOutcome {
  const value = toRating(rating)
  if (card) {
    if (card.id !== cardId) throw new ReviewError(`card ${card.id} is not ${cardId}`)
    addCard(store, card)
  }
  const existing = store.reviewCard(cardId)
  if (!existing || existing.removed) throw new ReviewError(`there is no card ${cardId} in the deck; add it first`)
  const reviewId = randomUUID()
  store.record('card_review', cardId, { reviewId, rating: value })
  const after = store.reviewCard(cardId)!
  return { cardId, reviewId, rating: value, state: after.state, due: after.due }
}

/** Takes back the most recent rating that is not undone yet; null when there is none. */
export function undoLastRating(store: ProgressStore): { cardId: string; reviewId: string; rating: string } | null {
  const last = store.reviewHistory().at(-1)
  if (!last) return null
  store.record('card_undo', last.cardId, { reviewId: last.reviewId })
  return { cardId: last.cardId, reviewId: last.reviewId, rating: RATING_NAMES[last.rating as RatingValue] }
}

export function removeCard(store: ProgressStore, cardId: string): void {
  const existing = store.reviewCard(cardId)
  if (!existing || existing.removed) throw new ReviewError(`there is no card ${cardId} in the deck`)
  store.record('card_remove', cardId, {})
}

/** New cards a day brings into review at most (Anki's default). */
export const NEW_PER_DAY = 20

function endOfDay(now: Date, plusDays = 0): Date {
  const d = new Date(now)
  d.setHours(24 * (plusDays + 1), 0, 0, 0)
  return d
}

function startOfDay(now: Date): Date {
  const d = new Date(now)
  d.setHours(0, 0, 0, 0)
  return d
}

/** Cards to study now: those due by the end of today (learning first), then new ones up to today's allowance. */
export function dueCards(store: ProgressStore, now: Date): ReviewCardRow[] {
  const cards = store.reviewCards()
  const end = endOfDay(now).toISOString()
  const due = cards.filter((c) => c.state !== 'new' && c.due <= end)
  const learning = due.filter((c) => c.state === 'learning' || c.state === 'relearning')
  const review = due.filter((c) => c.state === 'review')
  const history = store.reviewHistory()
  const today = startOfDay(now).toISOString()
  const firstReviewToday = new Set<string>()
  const seen = new Set<string>()
  for (const h of history) {
    if (!seen.has(h.cardId) && h.at >= today) firstReviewToday.add(h.cardId)
    seen.add(h.cardId)
  }
  const allowance = Math.max(0, NEW_PER_DAY - firstReviewToday.size)
  const fresh = cards.filter((c) => c.state === 'new').slice(0, allowance)
  return [...learning, ...review, ...fresh]
}

export interface DeckStats {
  total: number
  newCards: number
  learning: number
  review: number
  dueToday: number
  /** Of dueToday, how many are new. */
  dueNew: number
  /** Cards coming due on each of the next days (day 0 = today, overdue included); new cards not counted. */
  forecast: { date: string; count: number }[]
  reviews: { total: number; last7Days: number }
  /** Share of reviews of already-seen cards rated Hard or better (null before there are any). */
  retention: number | null
}

export function deckStats(store: ProgressStore, now: Date, days = 14): DeckStats {
  const cards = store.reviewCards()
  const due = dueCards(store, now)
  const forecast = Array.from({ length: days }, (_, i) => ({
    date: startOfDay(new Date(endOfDay(now, i).getTime() - 1))
      .toISOString()
      .slice(0, 10),
    count: 0
  }))
  for (const c of cards) {
    if (c.state === 'new') continue
    const idx = forecast.findIndex((_, i) => c.due <= endOfDay(now, i).toISOString())
    if (idx >= 0) forecast[idx]!.count++
  }
  const history = store.reviewHistory()
  const seen = new Set<string>()
  let repeat = 0
  let recalled = 0
  for (const h of history) {
    if (seen.has(h.cardId)) {
      repeat++
      if (h.rating > 1) recalled++
    }
    seen.add(h.cardId)
  }
  const weekAgo = new Date(now.getTime() - 7 * 86400_000).toISOString()
  return {
    total: cards.length,
    newCards: cards.filter((c) => c.state === 'new').length,
    learning: cards.filter((c) => c.state === 'learning' || c.state === 'relearning').length,
    review: cards.filter((c) => c.state === 'review').length,
    dueToday: due.length,
    dueNew: due.filter((c) => c.state === 'new').length,
    forecast,
    reviews: { total: history.length, last7Days: history.filter((h) => h.at >= weekAgo).length },
    retention: repeat ? recalled / repeat : null
  }
}
