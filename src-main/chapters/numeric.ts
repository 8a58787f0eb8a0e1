/**
 * Grading of numeric quiz answers: the one place chapters grade a number, through the napkin-math grader
 * the drills share (`gradeAnswer`: units, prefixes, GB vs GiB, the track's tolerance).
 */
import { gradeAnswer, reviewRating, type Track, UnitError } from '../drills'

export interface NumericGrade {
  /** Right within the track's tolerance; null for "in the ballpark" (outside it, within a factor of two or so). */
  correct: boolean | null
  /** The review rating the answer earns: Good when right, Hard in the ballpark, Again otherwise. */
  rating: 1 | 2 | 3
  message: string
}

const RATING = { again: 1, hard: 2, good: 3 } as const

export function gradeNumeric(text: string, expected: { value: number; unit: string }, track: Track): NumericGrade {
  try {
    const r = gradeAnswer(text, expected, track)
    const rating = RATING[reviewRating(r.grade)]
    return { correct: rating === 3 ? true : rating === 2 ? null : false, rating, message: r.message }
  } catch (e) {
    if (e instanceof UnitError)
      return { correct: false, rating: 1, message: `This question's expected answer cannot be read: ${e.message}` }
    throw e
  }
}
