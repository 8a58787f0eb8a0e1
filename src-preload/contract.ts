/**
 * The one contract between the main process and the renderer.
 *
 * Every request channel and every push event is declared here once, with zod schemas. Main validates
 * requests against it before a handler runs; the preload and the WebSocket host derive their channel
 * names from it; the renderer's client is typed from it. A channel's wire name is `<domain>.<method>`,
 * derived from this object, so no channel string is written anywhere else.
 */
import { z } from 'zod'

const isoTime = z.string().min(1)

export const domainSchema = z.enum(['app', 'chapters', 'tinytorch', 'simulator', 'drills', 'devices'])
export type Domain = z.infer<typeof domainSchema>

export const routeSchema = z.enum(['home', 'chapters', 'tinytorch', 'simulator', 'drills', 'devices', 'progress'])
export type Route = z.infer<typeof routeSchema>

export const activitySchema = z.object({
  uid: z.string(),
  at: isoTime,
  domain: domainSchema,
  kind: z.string(),
  subject: z.string(),
  summary: z.string()
})
export type ActivityView = z.infer<typeof activitySchema>

export const domainTotalsSchema = z.object({
  domain: domainSchema,
  /** Number of log entries for the domain. */
  events: z.number().int(),
  /** Short figures that mean something for this domain, e.g. "chapters started: 3". */
  figures: z.array(z.object({ label: z.string(), value: z.number() }))
})

export const recoverySchema = z.object({
  movedTo: z.string(),
  reason: z.string()
})

export const transportSchema = z.enum(['electron', 'websocket'])
export type TransportKind = z.infer<typeof transportSchema>

const empty = z.object({}).strict()

const gradeStatus = z.enum(['pass', 'fail', 'error'])
const compileErrorSchema = z.object({ file: z.string(), line: z.number(), column: z.number(), message: z.string() })

/** Exercism-style grader result (mirrors src-main/grader/types.ts). */
export const gradeResultSchema = z.object({
  moduleId: z.string(),
  suite: z.enum(['visible', 'hidden', 'all']),
  status: gradeStatus,
  score: z.number(),
  maxScore: z.number(),
  message: z.string().nullable(),
  tests: z.array(
    z.object({
      name: z.string(),
      task: z.string(),
      status: gradeStatus,
      points: z.number(),
      maxPoints: z.number(),
      message: z.string().nullable(),
      output: z.string(),
      hint: z.string().nullable(),
      durationSeconds: z.number()
    })
  ),
  usedReference: z.array(z.string()),
  compileErrors: z.array(compileErrorSchema),
  durationSeconds: z.number()
})
export type GradeResultView = z.infer<typeof gradeResultSchema>

export const moduleStatusSchema = z.enum(['locked', 'available', 'started', 'failed', 'passed'])

const moduleId = z.string().regex(/^\d\d_[a-z_]+$/, 'a module id looks like 01_tensor')
const fileName = z.string().regex(/^[A-Za-z0-9_.-]+\.ts$/, 'a file name like tensor.ts')

/** Request/response pairs, grouped by domain. The wire name of `progress.summary` is 'progress.summary'. */
export const contract = {
  app: {
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
  },
  progress: {
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
      request: z.object({ json: z.string().max(200_000_000) }).strict(),
      response: z.object({ added: z.number().int(), skipped: z.number().int() })
    },
    backup: {
      request: empty,
      response: z.object({ path: z.string(), bytes: z.number().int() })
    }
  },
  sim: {
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
  },
  tinytorch: {
    /** Every module with its honest status: locked until its prerequisites pass. */
    modules: {
      request: empty,
      response: z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          order: z.number(),
          summary: z.string(),
          prerequisites: z.array(z.string()),
          status: moduleStatusSchema,
          bestScore: z.number().nullable(),
          maxScore: z.number().nullable(),
          attempts: z.number().int()
        })
      )
    },
    /** The lesson and the learner's files (copied from the starter into the workspace on first open). */
    open: {
      request: z.object({ moduleId }).strict(),
      response: z.object({
        moduleId: z.string(),
        title: z.string(),
        lesson: z.string(),
        files: z.array(z.object({ name: z.string(), text: z.string() })),
        tasks: z.array(z.object({ id: z.string(), title: z.string() })),
        hintCounts: z.record(z.string(), z.number().int()),
        workspacePath: z.string(),
        /** Earlier modules the learner has not passed yet (they may run as the reference instead). */
        unpassedPrerequisites: z.array(z.string())
      })
    },
    save: {
      request: z.object({ moduleId, file: fileName, text: z.string().max(1_000_000) }).strict(),
      response: z.object({ savedAt: isoTime })
    },
    /** Run = the visible tests; Submit = visible and hidden tests (a module passes on Submit). Every attempt is recorded. */
    grade: {
      request: z.object({ moduleId, mode: z.enum(['run', 'submit']), referenceForUnpassed: z.boolean().default(false) }).strict(),
      response: gradeResultSchema
    },
    hint: {
      request: z.object({ moduleId, task: z.string().min(1), level: z.number().int().min(0).max(2) }).strict(),
      response: z.object({ text: z.string(), level: z.number().int(), levels: z.number().int() })
    },
    /** Only after a pass, or after several failed attempts with an explicit confirm. */
    reference: {
      request: z.object({ moduleId, confirm: z.boolean().default(false) }).strict(),
      response: z.object({ files: z.array(z.object({ name: z.string(), text: z.string() })) })
    },
    systems: {
      request: z.object({ moduleId, referenceForUnpassed: z.boolean().default(false) }).strict(),
      response: z.object({
        status: z.enum(['ok', 'error']),
        rows: z.array(z.object({ label: z.string(), measured: z.number(), estimate: z.number().nullable(), unit: z.string() })),
        note: z.string().nullable(),
        message: z.string().nullable(),
        usedReference: z.array(z.string())
      })
    },
    milestones: {
      request: empty,
      response: z.array(z.object({ id: z.string(), title: z.string(), year: z.number(), requires: z.array(z.string()), goal: z.string() }))
    },
    runMilestone: {
      request: z.object({ milestoneId: z.string().min(1).max(100), referenceForUnpassed: z.boolean().default(false) }).strict(),
      response: z.object({
        status: z.enum(['ok', 'error']),
        achieved: z.boolean(),
        summary: z.string(),
        metrics: z.record(z.string(), z.number()),
        message: z.string().nullable(),
        usedReference: z.array(z.string())
      })
    },
    /** Source of the nd runtime and the learner's modules, for the editor's completion and diagnostics. */
    typeLibraries: {
      request: empty,
      response: z.array(z.object({ path: z.string(), text: z.string() }))
    }
  }
} as const

/** Events main pushes to the renderer, by name. */
export const events = {
  /** Long-running work in main (grading, sweeps, imports): shown in the status bar. */
  workProgress: z.object({
    id: z.string(),
    label: z.string(),
    fraction: z.number().min(0).max(1).nullable(),
    done: z.boolean()
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

type Contract = typeof contract
export type DomainName = keyof Contract
export type ChannelName = {
  [D in DomainName]: `${D & string}.${keyof Contract[D] & string}`
}[DomainName]

type Lookup<C extends ChannelName> = C extends `${infer D}.${infer M}`
  ? D extends DomainName
    ? M extends keyof Contract[D]
      ? Contract[D][M]
      : never
    : never
  : never

export type ChannelSpec = { request: z.ZodType; response: z.ZodType }
export type RequestOf<C extends ChannelName> = Lookup<C> extends ChannelSpec ? z.input<Lookup<C>['request']> : never
export type ParsedRequestOf<C extends ChannelName> = Lookup<C> extends ChannelSpec ? z.output<Lookup<C>['request']> : never
export type ResponseOf<C extends ChannelName> = Lookup<C> extends ChannelSpec ? z.output<Lookup<C>['response']> : never

export type EventName = keyof typeof events
export type EventPayload<E extends EventName> = z.output<(typeof events)[E]>

/** Every channel, flattened: the one place wire names are produced. */
export const channels: ReadonlyArray<{ name: ChannelName; spec: ChannelSpec }> = Object.entries(contract).flatMap(([domain, methods]) =>
  Object.entries(methods as Record<string, ChannelSpec>).map(([method, spec]) => ({
    name: `${domain}.${method}` as ChannelName,
    spec
  }))
)
export const channelNames: ReadonlySet<string> = new Set(channels.map((c) => c.name))
export const eventNames = Object.keys(events) as EventName[]

export function channelSpec(name: string): ChannelSpec | undefined {
  return channels.find((c) => c.name === name)?.spec
}

/** Wire name for the Electron IPC channel of an event. */
export function eventChannel(name: EventName): string {
  return `event:${name}`
}

/** The typed error every transport returns instead of throwing across the boundary. */
export const ipcErrorSchema = z.object({
  code: z.enum(['bad-request', 'unknown-channel', 'not-found', 'conflict', 'unavailable', 'internal']),
  message: z.string(),
  /** For bad requests: which fields were wrong and why. */
  issues: z.array(z.object({ path: z.string(), message: z.string() })).optional()
})
export type IpcError = z.infer<typeof ipcErrorSchema>

export type IpcResult<T> = { ok: true; value: T } | { ok: false; error: IpcError }

/** The API the preload exposes on `window.mlsys` (contextBridge). */
export interface PreloadApi {
  invoke(channel: ChannelName, input: unknown): Promise<IpcResult<unknown>>
  on(event: EventName, listener: (payload: unknown) => void): () => void
}
