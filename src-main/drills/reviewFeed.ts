// The drills' one feed into the app's review deck (`src-main/review`, ts-fsrs): which card an attempt rates,
// and how. The rating follows the score, which is the grader's mapping (exact and close score 3 → Good,
// ballpark 2 → Hard, the rest → Again); right choices score 3, self-graded answers their own score.
export type ReviewRatingName = 'again' | 'hard' | 'good'

export function reviewFeed(templateId: string, score: number): { cardId: string; rating: ReviewRatingName } {
  return { cardId: `drill:${templateId}`, rating: score >= 3 ? 'good' : score === 2 ? 'hard' : 'again' }
}
