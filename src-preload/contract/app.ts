/** The app itself: version, data folder, recovery. */
import { z } from 'zod'
import { empty, recoverySchema } from './common'

export const appChannels = {
  info: {
    request: empty,
    response: z.object({
      version: z.string(),
      dataDir: z.string(),
      databasePath: z.string(),
      schemaVersion: z.number().int(),
      recovery: recoverySchema.nullable()
    })
  },
  /** Stops long work announced by a cancellable workProgress event (a run, a milestone, an import). */
  cancelWork: {
    request: z.object({ id: z.string().min(1).max(100) }).strict(),
    response: z.object({ cancelled: z.boolean() })
  }
}
