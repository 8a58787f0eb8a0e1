/** Progress: the log of everything the learner did, its summaries, export, import and backup. */
import { z } from 'zod'
import { activitySchema, domainTotalsSchema, empty, isoTime, routeSchema } from './common'

export const progressChannels = {
  /** Records that the learner opened a page; feeds "continue where you left off". */
  visit: {
    request: z.object({ route: routeSchema, subject: z.string().max(200).optional() }).strict(),
    response: z.object({ uid: z.string() })
  },
  summary: {
    request: empty,
    response: z.object({
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
