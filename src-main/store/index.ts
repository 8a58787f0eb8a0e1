export { ProgressStore, type DomainTotals, type ChapterStateRow, type HighlightRow, type ReviewCardRow } from './progressStore'
export {
  activityKinds,
  activityKindNames,
  routeTitles,
  HIGHLIGHT_COLORS,
  CARD_SOURCES,
  type ActivityKind,
  type PayloadOf
} from './activities'
export { DATABASE_FILE, DatabaseLockedError } from './database'
export { type ImportOutcome, jsonDepth, MAX_PAYLOAD_DEPTH, type PreparedImport, prepareImport } from './importing'
export { migrations, latestSchemaVersion } from './migrations'
export { EXPORT_FORMAT, EXPORT_VERSION, parseExportDocument, type ExportDocument } from './exportFormat'
