// The drills channels through the real dispatcher, a real store file and the real bank.
import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { dispatch, handlers } from '..'
import type { ChannelName } from '../../../src-preload/contract'
import { testContext } from '../../testing/fixtures'

const quiet = () => {}
const FIXTURE = join(__dirname, '..', '..', 'drills', 'fixtures', 'vault-repo')

async function call<T = unknown>(ctx: ReturnType<typeof testContext>['ctx'], channel: ChannelName, input: unknown): Promise<T> {
  const r = await dispatch(handlers, channel, input, ctx, quiet)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}
async function fails(ctx: ReturnType<typeof testContext>['ctx'], channel: ChannelName, input: unknown) {
  const r = await dispatch(handlers, channel, input, ctx, quiet)
  expect(r.ok).toBe(false)
  return r.ok ? undefined : r.error
}

describe('practice', () => {
  it('lists the bank, serves a question without its answer, grades a free-text answer and records the attempt', async () => {
    const { ctx, store } = testContext()
    const list = await call<{ entries: { id: string; source: string }[] }>(ctx, 'drills.list', {})
    expect(list.entries.length).toBeGreaterThanOrEqual(150)
    const q = await call<Record<string, unknown>>(ctx, 'drills.question', { id: 'kv-cache-one-sequence@42' })
    expect(q).toMatchObject({ questionId: 'kv-cache-one-sequence@42', kind: 'numeric', answerUnit: 'B', source: 'bank' })
    expect(JSON.stringify(q)).not.toContain('napkin')
    // the instance's own napkin conclusion is the right answer
    const { instanceById, loadBank } = await import('../../drills')
    const instance = instanceById(loadBank(), 'kv-cache-one-sequence@42')!
    const fb = await call<{ grade: string; score: number; expected: string; review: unknown; napkin: unknown }>(ctx, 'drills.answer', {
      questionId: 'kv-cache-one-sequence@42',
      mode: 'practice',
      response: { type: 'text', text: instance.napkin!.conclusion },
      durationSeconds: 30
    })
    expect(fb).toMatchObject({
      grade: 'exact',
      score: 3,
      expected: instance.answer!.display,
      review: { cardId: 'drill:kv-cache-one-sequence', rating: 'good' }
    })
    expect(fb.napkin).toEqual(instance.napkin)
    expect(store.drillAttempts()).toMatchObject([
      { questionId: 'kv-cache-one-sequence@42', grade: 'exact', score: 3, area: 'memory', track: 'cloud' }
    ])
  })

  it('grades a multiple-choice answer, naming the mistake behind a wrong option', async () => {
    const { ctx } = testContext()
    const q = await call<{ options: string[] }>(ctx, 'drills.question', { id: 'kv-cache-one-sequence@42' })
    const { instanceById, loadBank } = await import('../../drills')
    const instance = instanceById(loadBank(), 'kv-cache-one-sequence@42')!
    const wrong = instance.options!.findIndex((o) => o.why === 'forgot the factor 2 for keys and values')
    expect(q.options[wrong]).toBe(instance.options![wrong]!.text)
    const fb = await call<{ grade: string; message: string; review: { rating: string } }>(ctx, 'drills.answer', {
      questionId: 'kv-cache-one-sequence@42',
      mode: 'practice',
      response: { type: 'choice', index: wrong },
      durationSeconds: 5
    })
    expect(fb.grade).toBe('wrong')
    expect(fb.message).toContain('forgot the factor 2 for keys and values')
    expect(fb.review.rating).toBe('again')
  })

  it('self-grades an open question from its rubric', async () => {
    const { ctx } = testContext()
    const fb = await call<{ grade: string; score: number; rubric: string[]; modelAnswer: string }>(ctx, 'drills.answer', {
      questionId: 'activation-recompute-plan@3',
      mode: 'practice',
      response: { type: 'self', checked: [0, 1, 2] },
      durationSeconds: 100
    })
    // 3 of 4 checkpoints: round(3 × 3/4) = 2
    expect(fb).toMatchObject({ grade: 'mostly', score: 2 })
    expect(fb.rubric).toHaveLength(4)
    expect(fb.modelAnswer).toContain('Activations')
  })

  it('draws new questions within the chosen tracks and levels', async () => {
    const { ctx } = testContext()
    for (let i = 0; i < 10; i++) {
      const q = await call<{ track: string; level: string }>(ctx, 'drills.next', { tracks: ['tinyml'], levels: ['L2', 'L3'] })
      expect(q.track).toBe('tinyml')
      expect(['L2', 'L3']).toContain(q.level)
    }
  })

  it('serves a due drill card first, as a new instance of its template, then new questions', async () => {
    // The store's clock is days behind the real one, so a card the answer makes due soon is due now.
    const { ctx } = testContext(undefined, () => new Date('2026-11-01T09:00:00Z'))
    const q = await call<{ questionId: string; dueForReview: boolean }>(ctx, 'drills.question', { id: 'kv-cache-one-sequence@1' })
    expect(q.dueForReview).toBe(false)
    // a wrong answer: the deck rates the card Again, due within minutes
    await call(ctx, 'drills.answer', {
      questionId: q.questionId,
      mode: 'practice',
      response: { type: 'text', text: '1 byte' },
      durationSeconds: 5
    })
    const next = await call<{ templateId: string; dueForReview: boolean }>(ctx, 'drills.next', { tracks: [], levels: [] })
    expect(next).toMatchObject({ templateId: 'kv-cache-one-sequence', dueForReview: true })
    // just seen in this session (excluded): new questions instead
    const other = await call<{ dueForReview: boolean }>(ctx, 'drills.next', { tracks: [], levels: [], exclude: ['kv-cache-one-sequence'] })
    expect(other.dueForReview).toBe(false)
  })

  it('refuses hostile requests with a typed error and keeps working', async () => {
    const { ctx, store } = testContext()
    expect((await fails(ctx, 'drills.question', { id: '../../etc/passwd' }))!.code).toBe('not-found')
    expect((await fails(ctx, 'drills.question', { id: 'x'.repeat(10_000) }))!.code).toBe('bad-request')
    expect((await fails(ctx, 'drills.question', { id: 'vault:nothing' }))!.message).toContain('import the vault again')
    expect(
      (await fails(ctx, 'drills.answer', {
        questionId: 'kv-cache-one-sequence@1',
        mode: 'practice',
        response: { type: 'text', text: 'a'.repeat(30_000) },
        durationSeconds: 1
      }))!.code
    ).toBe('bad-request')
    expect(
      (await fails(ctx, 'drills.answer', {
        questionId: 'kv-cache-one-sequence@1',
        mode: 'practice',
        response: { type: 'choice', index: 9 },
        durationSeconds: 1
      }))!.code
    ).toBe('bad-request')
    expect(
      (await fails(ctx, 'drills.answer', {
        questionId: 'activation-recompute-plan@1',
        mode: 'practice',
        response: { type: 'text', text: '5 GB' },
        durationSeconds: 1
      }))!.message
    ).toContain('grade yourself')
    expect((await fails(ctx, 'drills.daily', { day: '2026-02-30' }))!.code).toBe('bad-request')
    expect((await fails(ctx, 'drills.next', { tracks: ['moon'], levels: [] }))!.code).toBe('bad-request')
    // a 1 MB answer is refused by the contract; 19,000 characters are graded (no answer found)
    const fb = await call<{ grade: string }>(ctx, 'drills.answer', {
      questionId: 'kv-cache-one-sequence@1',
      mode: 'practice',
      response: { type: 'text', text: 'NaN Infinity '.repeat(1400) },
      durationSeconds: 1
    })
    expect(fb.grade).toBe('no-answer')
    expect(store.drillAttempts()).toHaveLength(1)
  })
})

describe('daily sets', () => {
  it('gives everyone the same three questions on a date, and records a finished set and the streak', async () => {
    const a = testContext()
    const b = testContext()
    const dayA = await call<{ questions: { questionId: string; level: string }[]; completed: boolean }>(a.ctx, 'drills.daily', {
      day: '2026-11-23'
    })
    const dayB = await call<{ questions: { questionId: string }[] }>(b.ctx, 'drills.daily', { day: '2026-11-23' })
    expect(dayA.questions.map((q) => q.questionId)).toEqual(dayB.questions.map((q) => q.questionId))
    expect(dayA.questions).toHaveLength(3)
    expect(dayA.questions.map((q) => q.level)).toSatisfy(
      (levels: string[]) => ['L1', 'L2'].includes(levels[0]!) && ['L5', 'L6+'].includes(levels[2]!)
    )
    const other = await call<{ questions: { questionId: string }[] }>(a.ctx, 'drills.daily', { day: '2026-11-24' })
    expect(other.questions.map((q) => q.questionId)).not.toEqual(dayA.questions.map((q) => q.questionId))

    expect((await fails(a.ctx, 'drills.finishDaily', { day: '2026-11-23' }))!.code).toBe('conflict')
    for (const q of dayA.questions) {
      await call(a.ctx, 'drills.answer', {
        questionId: q.questionId,
        mode: 'daily',
        session: '2026-11-23',
        response: { type: 'self', checked: [], score: 2 },
        durationSeconds: 1
      }).catch(() =>
        call(a.ctx, 'drills.answer', {
          questionId: q.questionId,
          mode: 'daily',
          session: '2026-11-23',
          response: { type: 'choice', index: 0 },
          durationSeconds: 1
        })
      )
    }
    const done = await call<{ completed: boolean; answered: unknown[] }>(a.ctx, 'drills.finishDaily', { day: '2026-11-23' })
    expect(done.completed).toBe(true)
    expect(done.answered).toHaveLength(3)
    expect(a.store.drillDailies().map((d) => d.day)).toEqual(['2026-11-23'])
  })
})

describe('mock interviews', () => {
  it('starts with warm-ups at lower levels, round-robins zones, and summarises by zone from the recorded answers', async () => {
    const { ctx } = testContext()
    const mock = await call<{
      mockId: string
      questions: { questionId: string; level: string; zone: string; track: string }[]
      warmups: number
      limitSeconds: number
    }>(ctx, 'drills.mockStart', { track: 'cloud', level: 'L4', count: 8, minutes: 30 })
    expect(mock.questions).toHaveLength(8)
    expect(mock.warmups).toBe(2)
    expect(mock.limitSeconds).toBe(1800)
    for (const q of mock.questions) expect(['cloud', 'global']).toContain(q.track)
    expect(mock.questions.slice(0, 2).every((q) => ['L1', 'L2', 'L3'].includes(q.level))).toBe(true)
    const main = mock.questions.slice(2)
    expect(main.every((q) => q.level === 'L4')).toBe(true)
    expect(new Set(main.slice(0, 3).map((q) => q.zone)).size).toBe(3)
    const first = mock.questions[0]!
    await call(ctx, 'drills.answer', {
      questionId: first.questionId,
      mode: 'mock',
      session: mock.mockId,
      response: { type: 'self', checked: [], score: 3 },
      durationSeconds: 10
    }).catch(() =>
      call(ctx, 'drills.answer', {
        questionId: first.questionId,
        mode: 'mock',
        session: mock.mockId,
        response: { type: 'text', text: '1 GB' },
        durationSeconds: 10
      })
    )
    const summary = await call<{
      questions: number
      maxScore: number
      items: { grade: string }[]
      byZone: Record<string, { maxScore: number }>
    }>(ctx, 'drills.mockFinish', {
      mockId: mock.mockId,
      track: 'cloud',
      level: 'L4',
      questionIds: mock.questions.map((q) => q.questionId),
      durationSeconds: 600,
      limitSeconds: 1800
    })
    expect(summary.questions).toBe(8)
    expect(summary.maxScore).toBe(24)
    expect(summary.items.filter((i) => i.grade === 'unanswered')).toHaveLength(7)
    expect(Object.values(summary.byZone).reduce((n, z) => n + z.maxScore, 0)).toBe(24)
    const history = await call<{ mockId: string }[]>(ctx, 'drills.mockHistory', {})
    expect(history.map((h) => h.mockId)).toEqual([mock.mockId])
  })
})

describe('progress and import', () => {
  it('builds the heat map of area × track from attempts scoring 2 or more', async () => {
    const { ctx } = testContext()
    const answer = (id: string, text: string) =>
      call(ctx, 'drills.answer', { questionId: id, mode: 'practice', response: { type: 'text', text }, durationSeconds: 1 })
    await answer('kv-cache-one-sequence@1', 'no idea')
    await answer('training-state-per-parameter@1', '1 PB')
    const { instanceById, loadBank } = await import('../../drills')
    await answer('kv-cache-one-sequence@2', instanceById(loadBank(), 'kv-cache-one-sequence@2')!.answer!.display)
    const p = await call<{ attempts: number; good: number; heat: unknown[]; topics: unknown[] }>(ctx, 'drills.progress', {})
    expect(p.attempts).toBe(3)
    expect(p.good).toBe(1)
    expect(p.heat).toEqual([
      { area: 'memory', track: 'cloud', attempts: 2, good: 1 },
      { area: 'memory', track: 'global', attempts: 1, good: 0 }
    ])
    expect(p.topics).toContainEqual({ topic: 'kv-cache', attempts: 2, good: 1 })
  })

  it('imports a vault folder, lists and grades its questions, and re-imports in place', async () => {
    const { ctx, hub } = testContext()
    const events: string[] = []
    hub.subscribe((event) => events.push(event))
    const r = await call<{ questions: number; skipped: number }>(ctx, 'drills.import', { folder: FIXTURE })
    expect(r).toMatchObject({ questions: 3, skipped: 3 })
    expect(events).toContain('workProgress')
    const list = await call<{ entries: { id: string; source: string }[]; vault: { questions: number; source: string } }>(
      ctx,
      'drills.list',
      {}
    )
    expect(list.vault).toMatchObject({ questions: 3, source: FIXTURE })
    const fb = await call<{ grade: string }>(ctx, 'drills.answer', {
      questionId: 'vault:cloud-9001',
      mode: 'practice',
      response: { type: 'text', text: 'about 3 GB' },
      durationSeconds: 1
    })
    expect(fb.grade).toBe('exact')
    const choice = await call<{ grade: string }>(ctx, 'drills.answer', {
      questionId: 'vault:edge-9002',
      mode: 'practice',
      response: { type: 'choice', index: 0 },
      durationSeconds: 1
    })
    expect(choice.grade).toBe('right')
    await call(ctx, 'drills.import', { folder: FIXTURE })
    expect((await call<{ vault: { questions: number } }>(ctx, 'drills.list', {})).vault.questions).toBe(3)
    expect((await fails(ctx, 'drills.import', { folder: join(FIXTURE, 'missing') }))!.message).toContain('is not a folder')
  })
})
