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
  }
}
