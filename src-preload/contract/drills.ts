/** Drills: the question bank and imported vault, answering and grading, daily sets, mock interviews, progress. */
import { z } from 'zod'
import { empty, isoTime } from './common'

/** Where a question's system runs; each track has its own grading tolerance. */
export const DRILL_TRACKS = ['cloud', 'edge', 'mobile', 'tinyml', 'global'] as const
export type DrillTrack = (typeof DRILL_TRACKS)[number]
/** Seniority, from first-job fluency (L1) to staff-level design (L6+). */
export const DRILL_LEVELS = ['L1', 'L2', 'L3', 'L4', 'L5', 'L6+'] as const
export type DrillLevel = (typeof DRILL_LEVELS)[number]
/** Competency areas: the rows of the drills progress heat map. */
export const DRILL_AREAS = [
  'deployment',
  'parallelism',
  'networking',
  'latency',
  'memory',
  'compute',
  'data',
  'power',
  'precision',
  'reliability',
  'optimization',
  'architecture',
  'cross-cutting'
] as const
export type DrillArea = (typeof DRILL_AREAS)[number]
export const drillTrackSchema = z.enum(DRILL_TRACKS)
export const drillLevelSchema = z.enum(DRILL_LEVELS)
const day = z.string().regex(/^\d{4}-\d{2}-\d{2}$/, 'a calendar day YYYY-MM-DD')
/** `<templateId>@<seed>` for the bank, `vault:<id>` for imported questions. */
const questionId = z.string().min(1).max(200)
const text = z.string()

export const drillListEntrySchema = z.object({
  id: z.string(),
  track: z.string(),
  level: z.string(),
  zone: z.string(),
  area: z.string(),
  topic: z.string(),
  title: z.string(),
  source: z.enum(['bank', 'imported']),
  kind: z.enum(['numeric', 'choice', 'open']),
  chain: z.object({ theme: z.string(), step: z.number().int() }).nullable()
})
export type DrillListEntry = z.infer<typeof drillListEntrySchema>

const dashboardLink = z.object({ id: z.string(), params: z.record(z.string(), z.union([z.number(), z.string()])) })

/** What the screen shows before the learner answers (no answer in it). */
export const drillQuestionSchema = drillListEntrySchema.extend({
  /** The question's own id: an instance of a template, or an imported question. */
  questionId,
  templateId: z.string(),
  scenario: text,
  question: text,
  /** Choices: always for choice questions; for numeric ones, the multiple-choice variant. */
  options: z.array(text).nullable(),
  /** The unit a numeric answer is graded in (a hint, not the answer). */
  answerUnit: z.string().nullable(),
  /** Chain progress: steps in the theme. */
  chainLength: z.number().int().nullable(),
  dashboard: dashboardLink.nullable(),
  /** Chapters of the study notes that teach this question's topic. */
  chapters: z.array(z.object({ id: z.string(), title: z.string() })),
  /** Chosen because its card in the review deck is due (a new instance of the same template). */
  dueForReview: z.boolean()
})
export type DrillQuestion = z.infer<typeof drillQuestionSchema>

export const drillResponseSchema = z.discriminatedUnion('type', [
  z.object({ type: z.literal('text'), text: z.string().max(20_000) }).strict(),
  z.object({ type: z.literal('choice'), index: z.number().int().min(0).max(20) }).strict(),
  /** Self-graded: the rubric checkpoints met (indices) and, for questions without a rubric, a 0-3 score. */
  z
    .object({
      type: z.literal('self'),
      checked: z.array(z.number().int().min(0).max(20)).max(20),
      score: z.number().int().min(0).max(3).optional()
    })
    .strict()
])
export type DrillResponse = z.infer<typeof drillResponseSchema>

export const drillFeedbackSchema = z.object({
  questionId,
  grade: z.string(),
  score: z.number().int().min(0).max(3),
  message: text,
  /** The right answer as it reads ("19.3 GB", the right option, or null for self-graded questions). */
  expected: text.nullable(),
  correctIndex: z.number().int().nullable(),
  /** For each option, the mistake that produces it (null for the right one). */
  optionNotes: z.array(text.nullable()).nullable(),
  napkin: z.object({ assumptions: z.array(text), calculations: z.array(text), conclusion: text }).nullable(),
  /** Imported questions carry their napkin math and common mistake as Markdown. */
  napkinText: text.nullable(),
  mistake: z.object({ pitfall: text, rationale: text, consequence: text }).nullable(),
  mistakeText: text.nullable(),
  modelAnswer: text.nullable(),
  rubric: z.array(text).nullable(),
  /** What this attempt tells the review deck: card id and rating. */
  review: z.object({ cardId: z.string(), rating: z.enum(['again', 'hard', 'good']) })
})
export type DrillFeedback = z.infer<typeof drillFeedbackSchema>

const streakSchema = z.object({ current: z.number().int(), best: z.number().int() })
const milestones = z.array(z.object({ days: z.number().int(), reached: z.boolean() }))

export const drillDailySchema = z.object({
  day,
  questions: z.array(drillQuestionSchema),
  answered: z.array(z.object({ questionId, grade: z.string(), score: z.number().int() })),
  completed: z.boolean(),
  score: z.number().int(),
  maxScore: z.number().int(),
  streak: streakSchema,
  milestones
})
export type DrillDaily = z.infer<typeof drillDailySchema>

const zoneTally = z.record(z.string(), z.object({ score: z.number(), maxScore: z.number() }))

export const drillMockSummarySchema = z.object({
  mockId: z.string(),
  at: isoTime,
  track: z.string(),
  level: z.string(),
  questions: z.number().int(),
  score: z.number().int(),
  maxScore: z.number().int(),
  durationSeconds: z.number(),
  limitSeconds: z.number(),
  byZone: zoneTally,
  items: z.array(z.object({ questionId, title: z.string(), zone: z.string(), grade: z.string(), score: z.number().int() })).nullable()
})
export type DrillMockSummary = z.infer<typeof drillMockSummarySchema>

const tally = { attempts: z.number().int(), good: z.number().int() }

export const drillsChannels = {
  /** Every bank template and imported question, and the state of the imported vault. */
  list: {
    request: empty,
    response: z.object({
      entries: z.array(drillListEntrySchema),
      vault: z.object({ source: z.string().nullable(), questions: z.number().int(), problem: z.string().nullable() })
    })
  },
  /** One question by its id (`<templateId>@<seed>`, or a template id for a fresh instance, or `vault:<id>`). */
  question: {
    request: z.object({ id: questionId }).strict(),
    response: drillQuestionSchema
  },
  /** The model answer and rubric of an open question, to self-grade against (nothing is recorded). */
  rubric: {
    request: z.object({ id: questionId }).strict(),
    response: z.object({ modelAnswer: text.nullable(), rubric: z.array(text).nullable() })
  },
  /** A new practice question in the chosen tracks and levels (all when empty). */
  next: {
    request: z
      .object({
        tracks: z.array(drillTrackSchema).max(5),
        levels: z.array(drillLevelSchema).max(6),
        exclude: z.array(z.string().max(200)).max(500).default([])
      })
      .strict(),
    response: drillQuestionSchema
  },
  /** Grades an answer, records the attempt, and returns the grade with the napkin math and common mistake. */
  answer: {
    request: z
      .object({
        questionId,
        mode: z.enum(['practice', 'daily', 'mock']),
        /** The daily set's day or the mock interview's id. */
        session: z.string().max(200).optional(),
        response: drillResponseSchema,
        durationSeconds: z.number().min(0).max(86400)
      })
      .strict(),
    response: drillFeedbackSchema
  },
  /** The daily set of a day: the same three questions for everyone, what was answered, the streak. */
  daily: {
    request: z.object({ day }).strict(),
    response: drillDailySchema
  },
  /** Records a finished daily set (all three answered). */
  finishDaily: {
    request: z.object({ day }).strict(),
    response: drillDailySchema
  },
  mockStart: {
    request: z
      .object({
        track: drillTrackSchema,
        level: drillLevelSchema,
        count: z.number().int().min(2).max(20),
        minutes: z.number().int().min(1).max(180)
      })
      .strict(),
    response: z.object({
      mockId: z.string(),
      questions: z.array(drillQuestionSchema),
      warmups: z.number().int(),
      limitSeconds: z.number()
    })
  },
  /** Ends a mock interview: the summary from the answers recorded for it. */
  mockFinish: {
    request: z
      .object({
        mockId: z.string().min(1).max(200),
        track: drillTrackSchema,
        level: drillLevelSchema,
        questionIds: z.array(questionId).min(1).max(20),
        durationSeconds: z.number().min(0).max(86400),
        limitSeconds: z.number().min(0).max(86400)
      })
      .strict(),
    response: drillMockSummarySchema
  },
  mockHistory: {
    request: empty,
    response: z.array(drillMockSummarySchema)
  },
  /** Heat map (area × track), mastery per topic, streaks: all from the log. */
  progress: {
    request: empty,
    response: z.object({
      attempts: z.number().int(),
      good: z.number().int(),
      heat: z.array(z.object({ area: z.string(), track: z.string(), ...tally })),
      topics: z.array(z.object({ topic: z.string(), ...tally })),
      streak: streakSchema
    })
  },
  /** Imports `staffml/vault/**\/*.yaml` from a folder into the learner's data folder (replacing an earlier import). */
  import: {
    request: z.object({ folder: z.string().min(1).max(4096) }).strict(),
    response: z.object({ questions: z.number().int(), skipped: z.number().int(), warnings: z.array(z.string()) })
  }
}
