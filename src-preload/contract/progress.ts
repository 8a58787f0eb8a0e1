/** Progress: the log of everything the learner did, its summaries, export, import and backup. */
import { z } from 'zod'
import { activitySchema, domainTotalsSchema, empty, isoTime, routeSchema } from './common'

/** One part of the curriculum and how much of it is done, item by item, with titles. */
export const completionSchema = z.object({
  id: z.enum(['modules', 'milestones', 'dashboards', 'chapters', 'cards']),
  label: z.string(),
  done: z.number().int(),
  total: z.number().int(),
  items: z.array(z.object({ id: z.string(), title: z.string(), done: z.boolean(), detail: z.string().nullable() }))
})
export type Completion = z.infer<typeof completionSchema>

export const progressChannels = {
  /** Records that the learner opened a page; feeds "continue where you left off". */
  visit: {
    request: z.object({ route: routeSchema, subject: z.string().max(200).optional() }).strict(),
    response: z.object({ uid: z.string() })
  },
  summary: {
    request: empty,
    response: z.object({
      /** Curriculum completion, the Progress page's headline; page visits never count. */
      completion: z.array(completionSchema),
      /** Per domain: log entries other than page visits, and figures that mean something there. */
      totals: z.array(domainTotalsSchema),
      firstActivityAt: isoTime.nullable(),
      lastActivityAt: isoTime.nullable()
    })
  },
  recent: {
    request: z.object({ limit: z.number().int().min(1).max(500) }).strict(),
    response: z.array(activitySchema)
  },
  resume: {
    request: empty,
    response: z.object({ route: routeSchema, subject: z.string().nullable(), at: isoTime, summary: z.string() }).nullable()
  },
  /** The whole progress log as the versioned export document (see src-main/store/exportFormat.ts). */
  export: {
    request: empty,
    response: z.object({ fileName: z.string(), json: z.string() })
  },
  import: {
    /** The largest message the web host accepts is 64 MB; an export beyond that is imported with the CLI. */
    request: z.object({ json: z.string().max(60_000_000) }).strict(),
    response: z.object({
      added: z.number().int(),
      skipped: z.number().int(),
      /** Entries refused (unknown kind, bad payload, …); the valid ones were imported. */
      rejected: z.number().int(),
      problems: z.array(z.string())
    })
  },
  backup: {
    request: empty,
    response: z.object({ path: z.string(), bytes: z.number().int() })
  }
}
