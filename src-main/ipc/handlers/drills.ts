import { randomUUID } from 'node:crypto'
import type { DomainHandlers } from '.'
import type { DrillDaily, DrillQuestion } from '../../../src-preload/contract'
import {
  dailyPicks,
  grade,
  isDay,
  listEntries,
  mockPicks,
  QuestionNotFound,
  questionView,
  rubricOf,
  randomFrom,
  ResponseMismatch,
  seedFrom,
  STREAK_MILESTONES,
  streaks,
  templateEntry,
  TemplateError,
  VaultCancelled,
  VaultError
} from '../../drills'
import { AppError } from '../../shared/errors'
import type { HandlerContext } from '../context'
import { rateCard } from '../../review'

function learnerError(e: unknown): never {
  if (e instanceof QuestionNotFound) throw new AppError('not-found', e.message)
  if (e instanceof VaultError || e instanceof ResponseMismatch) throw new AppError('bad-request', e.message)
  if (e instanceof TemplateError) throw new AppError('internal', `the drill bank is damaged: ${e.message}`)
  throw e
}

const view = (ctx: HandlerContext, id: string, dueForReview = false): DrillQuestion => {
  try {
    const q = questionView(ctx.drills.sources(), id)
    return { ...q, chapters: ctx.chapters.chaptersForTopic(q.topic), dueForReview }
  } catch (e) {
    learnerError(e)
  }
}

const today = () => new Date().toISOString().slice(0, 10)

function daily(ctx: HandlerContext, day: string): DrillDaily {
  if (!isDay(day)) throw new AppError('bad-request', `"${day}" is not a calendar day (YYYY-MM-DD)`)
  const { bank } = ctx.drills.sources()
  const questions = dailyPicks(bank.templates.map(templateEntry), day).map((p) => view(ctx, `${p.id}@${p.seed}`))
  const answered = ctx.store
    .drillAttempts(`daily:${day}`)
    .filter((a) => questions.some((q) => q.questionId === a.questionId))
    .map((a) => ({ questionId: a.questionId, grade: a.grade, score: a.score }))
  const latest = new Map(answered.map((a) => [a.questionId, a]))
  const days = ctx.store.drillDailies()
  const streak = streaks(
    days.map((d) => d.day),
    today()
  )
  return {
    day,
    questions,
    answered: [...latest.values()],
    completed: days.some((d) => d.day === day),
    score: [...latest.values()].reduce((sum, a) => sum + a.score, 0),
    maxScore: 3 * questions.length,
    streak,
    milestones: STREAK_MILESTONES.map((n) => ({ days: n, reached: streak.best >= n }))
  }
}

export const drillsHandlers: DomainHandlers<'drills'> = {
  'drills.list': (_input, ctx) => {
    const { source, problem } = ctx.drills.vaultState()
    const entries = listEntries(ctx.drills.sources())
    return { entries, vault: { source, problem, questions: entries.filter((e) => e.source === 'imported').length } }
  },
  'drills.question': (input, ctx) => view(ctx, input.id),
  'drills.rubric': (input, ctx) => {
    try {
      return rubricOf(ctx.drills.sources(), input.id)
    } catch (e) {
      learnerError(e)
    }
  },
  'drills.next': (input, ctx) => {
    const exclude = new Set(input.exclude)
    const pool = listEntries(ctx.drills.sources()).filter(
      (e) =>
        (input.tracks.length === 0 || input.tracks.includes(e.track as never)) &&
        (input.levels.length === 0 || input.levels.includes(e.level as never))
    )
    const random = randomFrom(randomUUID())
    // Due cards of the review deck come first: a drill's card (drill:<template>) brings back a new instance.
    const now = new Date().toISOString()
    const due = new Set(
      ctx.store
        .reviewCards()
        .filter((c) => c.source === 'drill' && c.state !== 'new' && c.due <= now)
        .map((c) => c.cardId.slice('drill:'.length))
    )
    const dueHere = pool.filter((e) => e.source === 'bank' && due.has(e.id) && !exclude.has(e.id))
    if (dueHere.length > 0) {
      const pick = dueHere[Math.floor(random() * dueHere.length)]!
      return view(ctx, `${pick.id}@${seedFrom(random)}`, true)
    }
    const fresh = pool.filter((e) => !exclude.has(e.id))
    const from = fresh.length > 0 ? fresh : pool
    if (from.length === 0) throw new AppError('not-found', 'no question matches these tracks and levels: widen the filters')
    const pick = from[Math.floor(random() * from.length)]!
    return view(ctx, pick.source === 'bank' ? `${pick.id}@${seedFrom(random)}` : pick.id)
  },
  'drills.answer': (input, ctx) => {
    let graded: ReturnType<typeof grade>
    try {
      graded = grade(ctx.drills.sources(), input.questionId, input.response)
    } catch (e) {
      learnerError(e)
    }
    const { feedback, facts } = graded
    ctx.store.record('drill_attempt', feedback.questionId, {
      ...facts,
      mode: input.mode,
      session: input.session ? `${input.mode === 'daily' ? 'daily' : 'mock'}:${input.session}` : null,
      grade: feedback.grade,
      score: feedback.score,
      durationSeconds: input.durationSeconds
    })
    // The drill's card in the review deck, rated as the grader says (its text is this instance's).
    const q = view(ctx, feedback.questionId)
    const answer = feedback.expected ?? feedback.modelAnswer ?? feedback.message
    rateCard(ctx.store, feedback.review.cardId, feedback.review.rating, {
      id: feedback.review.cardId,
      source: 'drill',
      front: `${q.scenario}\n\n${q.question}`.trim().slice(0, 5000),
      back: answer.slice(0, 20_000),
      link: '#/drills'
    })
    ctx.emit('progressChanged', { domain: 'drills' })
    ctx.emit('progressChanged', { domain: 'review' })
    return feedback
  },
  'drills.daily': (input, ctx) => daily(ctx, input.day),
  'drills.finishDaily': (input, ctx) => {
    const current = daily(ctx, input.day)
    if (current.answered.length < current.questions.length) {
      throw new AppError('conflict', `answer all ${current.questions.length} questions of ${input.day} first`)
    }
    ctx.store.record('drill_daily', input.day, {
      questions: current.questions.map((q) => q.questionId),
      score: current.score,
      maxScore: current.maxScore
    })
    ctx.emit('progressChanged', { domain: 'drills' })
    return daily(ctx, input.day)
  },
  'drills.mockStart': (input, ctx) => {
    const mockId = randomUUID()
    const { bank } = ctx.drills.sources()
    const picks = mockPicks(bank.templates.map(templateEntry), input, randomFrom(mockId))
    if (picks.length === 0) throw new AppError('not-found', `no questions for track ${input.track}: pick another track`)
    return {
      mockId,
      questions: picks.map((p) => view(ctx, `${p.id}@${p.seed}`)),
      warmups: picks.filter((p) => p.warmup).length,
      limitSeconds: input.minutes * 60
    }
  },
  'drills.mockFinish': (input, ctx) => {
    const attempts = new Map(ctx.store.drillAttempts(`mock:${input.mockId}`).map((a) => [a.questionId, a]))
    const items = input.questionIds.map((id) => {
      const q = view(ctx, id)
      const a = attempts.get(id)
      return { questionId: id, title: q.title, zone: q.zone, grade: a?.grade ?? 'unanswered', score: a?.score ?? 0 }
    })
    const byZone: Record<string, { score: number; maxScore: number }> = {}
    for (const item of items) {
      const z = (byZone[item.zone] ??= { score: 0, maxScore: 0 })
      z.score += item.score
      z.maxScore += 3
    }
    const payload = {
      track: input.track,
      level: input.level,
      questions: items.length,
      score: items.reduce((sum, i) => sum + i.score, 0),
      maxScore: 3 * items.length,
      durationSeconds: input.durationSeconds,
      limitSeconds: input.limitSeconds,
      byZone
    }
    ctx.store.record('drill_mock', input.mockId, payload)
    ctx.emit('progressChanged', { domain: 'drills' })
    return { mockId: input.mockId, at: new Date().toISOString(), ...payload, items }
  },
  'drills.mockHistory': (_input, ctx) => ctx.store.drillMocks().map((m) => ({ ...m, items: null })),
  'drills.progress': (_input, ctx) => {
    const heat = ctx.store
      .drillTallies(['area', 'track'])
      .map((r) => ({ area: r.area!, track: r.track!, attempts: r.attempts, good: r.good }))
    const topics = ctx.store.drillTallies(['topic']).map((r) => ({ topic: r.topic!, attempts: r.attempts, good: r.good }))
    return {
      attempts: heat.reduce((n, r) => n + r.attempts, 0),
      good: heat.reduce((n, r) => n + r.good, 0),
      heat,
      topics,
      streak: streaks(
        ctx.store.drillDailies().map((d) => d.day),
        today()
      )
    }
  },
  'drills.import': async (input, ctx) => {
    const work = ctx.work.begin('Importing the question vault', ctx.signal)
    try {
      return await ctx.drills.importVault(input.folder, (done, total) => work.progress(total ? done / total : null), work.signal)
    } catch (e) {
      if (e instanceof VaultCancelled) throw new AppError('cancelled', e.message)
      learnerError(e)
    } finally {
      work.end()
      ctx.emit('progressChanged', { domain: 'drills' })
    }
  }
}
