import { z } from 'zod'
import { domainSchema } from './common'
import { monitorBatchSchema, monitorStatusSchema } from './devices'

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
  /** A board appeared on or left a serial port; `previousPath` when it came back under a new path. */
  deviceChanged: z.object({
    path: z.string(),
    attached: z.boolean(),
    label: z.string().nullable(),
    vendorId: z.string().nullable(),
    productId: z.string().nullable(),
    serialNumber: z.string().nullable(),
    boardId: z.string().nullable(),
    previousPath: z.string().nullable()
  }),
  /** Serial monitor output since the last batch (a batch every 25 ms per open monitor while it receives). */
  monitorData: monitorBatchSchema,
  /** A monitor opened, lost its board, reconnected, closed, or has something to say (a silent port). */
  monitorStatus: monitorStatusSchema,
  /** Progress of training, deploying or evaluating a model on a board. */
  deviceProgress: z.object({
    operation: z.enum(['train', 'deploy', 'evaluate']),
    model: z.string(),
    done: z.number(),
    total: z.number(),
    message: z.string().optional(),
    metrics: z.record(z.string(), z.number()).optional()
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
