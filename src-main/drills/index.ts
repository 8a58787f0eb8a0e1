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
