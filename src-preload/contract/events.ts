import { z } from 'zod'
import { domainSchema } from './common'

/** Events main pushes to the renderer, by name. */
export const events = {
  /** Long-running work in main (grading, sweeps, imports): shown in the status bar. */
  workProgress: z.object({
    id: z.string(),
    label: z.string(),
    fraction: z.number().min(0).max(1).nullable(),
    done: z.boolean(),
    /** The learner may stop it (app.cancelWork with this id). */
    cancellable: z.boolean().default(false)
  }),
  /** A board appeared on or left a serial port. */
  deviceChanged: z.object({
    path: z.string(),
    attached: z.boolean(),
    label: z.string().nullable()
  }),
  /** A learner file changed on disk (edited in another editor). */
  workspaceChanged: z.object({ moduleId: z.string(), file: z.string() }),
  /** A milestone's training loop reported progress (for the live training curve). */
  milestoneProgress: z.object({
    milestoneId: z.string(),
    step: z.number(),
    total: z.number(),
    metrics: z.record(z.string(), z.number()),
    message: z.string().optional()
  }),
  /** The progress store changed (another window, an import): views re-read what they show. */
  progressChanged: z.object({ domain: domainSchema.nullable() })
} as const
