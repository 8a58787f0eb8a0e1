// Drills: the interview-practice bank, the napkin-math grader (shared with chapter quizzes), and their I/O.
export {
  gradeAnswer,
  parseUnit,
  parseExpected,
  formatNumber,
  formatQuantity,
  reviewRating,
  UnitError,
  TRACKS,
  TOLERANCE,
  GRADES,
  GRADE_SCORE
} from './grader'
export type { Track, Grade, Expected, GradeResult, ReviewRating } from './grader'
export { readAnswer, MAX_ANSWER_CHARS } from './reading'
export type { Unit } from './units'
export { loadBank, bankRoot, instanceById } from './bank'
export type { Bank } from './bank'
export { instantiate, TemplateError } from './template'
export type { Instance, Template } from './template'
export { listEntries, questionView, grade, rubricOf, templateEntry, QuestionNotFound, ResponseMismatch } from './practice'
export type { Sources } from './practice'
export { dailyPicks, mockPicks, streaks, isDay, seedFrom, STREAK_MILESTONES } from './sessions'
export { randomFrom } from './random'
export { readVault, saveVault, loadVault, VaultError, VaultCancelled } from './vault'
export type { ImportedQuestion, ImportSummary } from './vault'
export { createDrillsService } from './service'
export type { DrillsService } from './service'
export { reviewFeed } from './reviewFeed'
export { LEVELS, ZONES, AREAS, TOPICS } from './vocabulary'
