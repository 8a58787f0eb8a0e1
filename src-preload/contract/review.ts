/** Review: the one spaced-repetition deck (quizzes, highlights, drills). */
import { z } from 'zod'
import { empty, isoTime } from './common'

const stateSchema = z.enum(['new', 'learning', 'review', 'relearning'])

export const deckStatsSchema = z.object({
  total: z.number().int(),
  newCards: z.number().int(),
  learning: z.number().int(),
  review: z.number().int(),
  dueToday: z.number().int(),
  dueNew: z.number().int(),
  forecast: z.array(z.object({ date: z.string(), count: z.number().int() })),
  reviews: z.object({ total: z.number().int(), last7Days: z.number().int() }),
  retention: z.number().nullable()
})
export type DeckStatsView = z.infer<typeof deckStatsSchema>

export const reviewCardSchema = z.object({
  cardId: z.string(),
  source: z.string(),
  state: stateSchema,
  due: isoTime,
  /** Front and back as sanitised HTML. */
  front: z.string(),
  back: z.string(),
  chapterId: z.string().nullable(),
  link: z.string().nullable(),
  /** When each rating would bring the card back, for the buttons ("10 min", "2 d"). */
  intervals: z.object({ again: z.string(), hard: z.string(), good: z.string(), easy: z.string() })
})
export type ReviewCardView = z.infer<typeof reviewCardSchema>

export const reviewChannels = {
  stats: { request: empty, response: deckStatsSchema },
  /** The session queue: cards due today (learning, review), then new cards within today's allowance. */
  due: { request: z.object({ limit: z.number().int().min(1).max(500).default(200) }).strict(), response: z.array(reviewCardSchema) },
  rate: {
    request: z
      .object({ cardId: z.string().min(1).max(200), rating: z.union([z.literal(1), z.literal(2), z.literal(3), z.literal(4)]) })
      .strict(),
    response: z.object({ cardId: z.string(), state: stateSchema, due: isoTime })
  },
  undo: { request: empty, response: z.object({ cardId: z.string(), rating: z.string() }).nullable() },
  remove: { request: z.object({ cardId: z.string().min(1).max(200) }).strict(), response: z.object({ removed: z.boolean() }) }
}
