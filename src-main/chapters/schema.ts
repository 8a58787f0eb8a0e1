/**
 * The schemas of a study-notes chapter folder (curriculum/chapters/README.md): chapter.json and quiz.json.
 * Errors name the file and the field, so a writer can fix them; a bad chapter never stops the others.
 */
import { z } from 'zod'
import { DASHBOARDS } from '../../src-preload/contract'
import { TOPICS, TRACKS } from '../drills'

export const MODULE_IDS = [
  '01_tensor',
  '02_activations',
  '03_layers',
  '04_losses',
  '05_autograd',
  '06_optimizers',
  '07_training',
  '08_dataloader',
  '09_spatial',
  '10_tokenization',
  '11_embeddings',
  '12_attention',
  '13_transformers'
] as const
/** Dashboard ids, from the contract's one list of dashboards. */
export const DASHBOARD_IDS = DASHBOARDS.map((d) => d.id) as [string, ...string[]]
/** Drill topics: one vocabulary for chapter links and the drill bank (src-main/drills). */
export const DRILL_TOPICS = TOPICS
export { TRACKS, type Track } from '../drills'

const text = z.string().trim().min(1)

export const chapterJsonSchema = z
  .object({
    title: text.max(120),
    purpose: text.max(2000),
    objectives: z.array(text).min(4, 'list 4 to 6 learning objectives').max(6, 'list 4 to 6 learning objectives'),
    keyTerms: z.array(z.object({ term: text, definition: text }).strict()).min(6, 'define at least 6 key terms'),
    links: z
      .object({
        modules: z
          .array(z.enum(MODULE_IDS, { message: `not a TinyTorch module id (${MODULE_IDS[0]} … ${MODULE_IDS.at(-1)})` }))
          .default([]),
        dashboards: z.array(z.enum(DASHBOARD_IDS, { message: `not a dashboard id (${DASHBOARD_IDS.join(' ')})` })).default([]),
        drillTopics: z.array(z.enum(DRILL_TOPICS, { message: 'not a drill topic from curriculum/chapters/README.md' })).default([])
      })
      .strict(),
    sources: z.array(text).min(1, 'name at least one source')
  })
  .strict()
export type ChapterJson = z.infer<typeof chapterJsonSchema>

const base = {
  id: z.string().regex(/^q\d+$/, 'ids are q1, q2, …'),
  section: z.string().optional(),
  prompt: text,
  explanation: z.string().optional()
}

export const simAnswerSchema = z
  .object({
    fn: text,
    params: z.record(z.string(), z.unknown()),
    field: z.string().optional()
  })
  .strict()

export const quizQuestionSchema = z.discriminatedUnion('type', [
  z
    .object({
      ...base,
      type: z.literal('mcq'),
      options: z.array(text).min(3, 'give 3 to 5 options').max(5, 'give 3 to 5 options'),
      answer: z.number().int().min(0)
    })
    .strict()
    .refine((q) => q.answer < q.options.length, { message: 'answer must be the 0-based index of one of the options', path: ['answer'] }),
  z.object({ ...base, type: z.literal('tf'), answer: z.boolean() }).strict(),
  z.object({ ...base, type: z.literal('ordering'), items: z.array(text).min(2, 'give at least 2 items') }).strict(),
  z
    .object({
      ...base,
      type: z.literal('short'),
      modelAnswer: text,
      rubric: z.array(text).min(2, 'give 2 to 5 rubric checkpoints').max(5, 'give 2 to 5 rubric checkpoints')
    })
    .strict(),
  z
    .object({
      ...base,
      type: z.literal('numeric'),
      answer: z.union([
        z.object({ value: z.number().finite(), unit: z.string() }).strict(),
        z.object({ sim: simAnswerSchema, unit: z.string() }).strict()
      ]),
      track: z.enum(TRACKS)
    })
    .strict()
])

export const quizJsonSchema = z
  .object({ questions: z.array(quizQuestionSchema).min(8, 'write at least 8 questions') })
  .strict()
  .superRefine((quiz, ctx) => {
    const seen = new Set<string>()
    quiz.questions.forEach((q, i) => {
      if (seen.has(q.id)) ctx.addIssue({ code: 'custom', path: ['questions', i, 'id'], message: `duplicate id ${q.id}` })
      seen.add(q.id)
    })
    const types = new Set(quiz.questions.map((q) => q.type))
    for (const t of ['mcq', 'tf', 'ordering', 'short', 'numeric']) {
      if (!types.has(t as never)) ctx.addIssue({ code: 'custom', path: ['questions'], message: `include at least one ${t} question` })
    }
    if (quiz.questions.filter((q) => q.type === 'numeric').length < 2) {
      ctx.addIssue({ code: 'custom', path: ['questions'], message: 'include at least two numeric questions' })
    }
  })
export type QuizJson = z.infer<typeof quizJsonSchema>

/** "file: path.to.field: message" for the first few issues of a failed parse. */
export function describeIssues(file: string, error: z.ZodError, limit = 5): string {
  return error.issues
    .slice(0, limit)
    .map((i) => `${file}: ${i.path.length ? `${i.path.join('.')}: ` : ''}${i.message}`)
    .join('; ')
}
