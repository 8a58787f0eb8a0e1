/** Schemas shared by several domains of the contract. */
import { z } from 'zod'

export const isoTime = z.string().min(1)

/** A request that carries nothing. */
export const empty = z.object({}).strict()

export const domainSchema = z.enum(['app', 'chapters', 'tinytorch', 'simulator', 'drills', 'devices', 'review'])
export type Domain = z.infer<typeof domainSchema>

export const routeSchema = z.enum(['home', 'chapters', 'review', 'tinytorch', 'simulator', 'drills', 'devices', 'progress'])
export type Route = z.infer<typeof routeSchema>

/** What each page is called, in the sidebar and in the activity log alike. */
export const routeTitles: Readonly<Record<Route, string>> = {
  home: 'Home',
  chapters: 'Chapters',
  review: 'Review',
  tinytorch: 'TinyTorch',
  simulator: 'Simulator',
  drills: 'Drills',
  devices: 'Devices',
  progress: 'Progress'
}

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
