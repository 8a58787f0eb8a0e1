/** The simulator engine: functions, catalog, runs and saved scenarios. */
import { z } from 'zod'
import { empty, isoTime } from './common'

export const simChannels = {
  /** Function names with descriptions, and the validated hardware/model catalog. */
  list: {
    request: empty,
    response: z.object({
      functions: z.array(z.object({ name: z.string(), description: z.string(), kind: z.enum(['pinned', 'model', 'sweep']) })),
      catalog: z.record(z.string(), z.array(z.record(z.string(), z.unknown())))
    })
  },
  /**
   * Evaluates one simulator function. Non-finite numbers (an unstable queue's wait) travel as the
   * strings 'Infinity', '-Infinity' or 'NaN' so JSON does not turn them into null.
   * `record` appends a sim_run entry to the log (on a revealed prediction, not on every slider move).
   */
  run: {
    request: z
      .object({
        name: z.string().min(1).max(100),
        params: z.record(z.string(), z.unknown()),
        record: z
          .object({ dashboard: z.string().min(1).max(100), prediction: z.number().optional() })
          .strict()
          .optional()
      })
      .strict(),
    response: z.object({ result: z.unknown() })
  },
  scenarios: {
    request: z.object({ dashboard: z.string().min(1).max(100) }).strict(),
    response: z.array(
      z.object({
        scenarioId: z.string(),
        dashboard: z.string(),
        name: z.string(),
        params: z.record(z.string(), z.unknown()),
        savedAt: isoTime
      })
    )
  },
  saveScenario: {
    request: z
      .object({
        dashboard: z.string().min(1).max(100),
        name: z.string().trim().min(1).max(200),
        params: z.record(z.string(), z.unknown())
      })
      .strict(),
    response: z.object({ scenarioId: z.string() })
  },
  deleteScenario: {
    request: z.object({ dashboard: z.string().min(1).max(100), scenarioId: z.string().min(1) }).strict(),
    response: z.object({ deleted: z.boolean() })
  }
}
