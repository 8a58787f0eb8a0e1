export {
  ProgressStore,
  type ChapterStateRow,
  type CurriculumCatalog,
  type DomainTotals,
  type DrillAttemptRow,
  type DrillMockRow,
  type HighlightRow,
  type ReviewCardRow,
  type Titled
} from './progressStore'
export {
  activityKinds,
  activityKindNames,
  CARD_SOURCES,
  HIGHLIGHT_COLORS,
  idTitles,
  type ActivityKind,
  type PayloadOf,
  type TitleKind,
  type TitleOf
} from './activities'
export { DATABASE_FILE, DatabaseLockedError } from './database'
export { type ImportOutcome, jsonDepth, MAX_PAYLOAD_DEPTH, type PreparedImport, prepareImport } from './importing'
export { migrations, latestSchemaVersion } from './migrations'
export { EXPORT_FORMAT, EXPORT_VERSION, parseExportDocument, type ExportDocument } from './exportFormat'
