import { z } from 'zod'
import { domainSchema } from '../../src-preload/contract'

/**
 * The progress export: the whole activity log, versioned. Derived state is not exported; importing
 * replays the log, so a fresh profile shows exactly what the exporting one showed.
 */
export const EXPORT_FORMAT = 'mlsys-workstation-progress'
export const EXPORT_VERSION = 1

export const exportedActivitySchema = z.object({
  uid: z.string().min(1).max(100),
  at: z.iso.datetime({ offset: true }),
  domain: domainSchema,
  kind: z.string().min(1),
  subject: z.string().max(500),
  payload: z.record(z.string(), z.unknown())
})
export type ExportedActivity = z.infer<typeof exportedActivitySchema>

export const exportDocumentSchema = z.object({
  format: z.literal(EXPORT_FORMAT),
  version: z.literal(EXPORT_VERSION),
  exportedAt: z.iso.datetime({ offset: true }),
  appVersion: z.string(),
  schemaVersion: z.number().int(),
  activities: z.array(exportedActivitySchema)
})
export type ExportDocument = z.infer<typeof exportDocumentSchema>

/** Parses an export file's text, with an error that says what is wrong and where. */
export function parseExportDocument(text: string): ExportDocument {
  let raw: unknown
  try {
    raw = JSON.parse(text)
  } catch (e) {
    throw new Error(`not a progress export: the file is not valid JSON (${(e as Error).message})`)
  }
  if (
    typeof raw === 'object' &&
    raw !== null &&
    'version' in raw &&
    (raw as { version: unknown }).version !== EXPORT_VERSION &&
    (raw as { format?: unknown }).format === EXPORT_FORMAT
  ) {
    throw new Error(
      `this export is format version ${String((raw as { version: unknown }).version)}; this app reads version ${EXPORT_VERSION}`
    )
  }
  const parsed = exportDocumentSchema.safeParse(raw)
  if (!parsed.success) {
    const first = parsed.error.issues[0]!
    throw new Error(`not a valid progress export: ${first.path.join('.') || '(document)'}: ${first.message}`)
  }
  return parsed.data
}
