import { join } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHAPTER_FIXTURES, testContext } from '../../testing/fixtures'
import { dispatch, handlers } from '..'
import type { ChannelName } from '../../../src-preload/contract'
import { shuffledOrder } from '../../chapters'

const quiet = () => {}

async function call<T = unknown>(ctx: ReturnType<typeof testContext>['ctx'], channel: ChannelName, input: unknown): Promise<T> {
  const r = await dispatch(handlers, channel, input, ctx, quiet)
  if (!r.ok) throw new Error(`${r.error.code}: ${r.error.message}`)
  return r.value as T
}

describe('chapters channels', () => {
  it('opens a chapter with its HTML, outline, links and a quiz that leaves the answers out', async () => {
    const { ctx } = testContext()
    const ch = await call<{
      summary: { title: string }
      html: string
      sections: { id: string }[]
      links: { modules: { id: string; title: string }[] }
      quiz: Record<string, unknown>[]
      next: string | null
      liveNumbers: { ok: number }
    }>(ctx, 'chapters.open', { id: 'vol1/01-alpha' })
    expect(ch.summary.title).toBe('Alpha: the roofline')
    expect(ch.sections.map((s) => s.id)).toEqual(['sec-v1-alpha-roofline', 'sec-v1-alpha-ridge', 'sec-v1-alpha-summary'])
    expect(ch.links.modules).toEqual([{ id: '01_tensor', title: 'Tensor' }])
    expect(ch.next).toBe('vol1/02-beta')
    expect(ch.liveNumbers.ok).toBe(4)
    expect(ch.quiz).toHaveLength(8)
    expect(JSON.stringify(ch.quiz)).not.toMatch(/"answer"|"expected"|explanation/)
    expect(ch.quiz[0]).toMatchObject({ id: 'q1', type: 'mcq', options: ['Memory bandwidth', 'Peak compute', 'Disk', 'Network'] })
    expect(ch.quiz[4]).toMatchObject({ type: 'numeric', unit: 'GB', track: 'cloud' })
  })

  it('refuses hostile or unknown ids and figure keys with typed errors', async () => {
    const { ctx } = testContext()
    for (const id of ['../../etc/passwd', 'vol1/01-alpha/../../x', 'vol3/01-x', '']) {
      const r = await dispatch(handlers, 'chapters.open', { id }, ctx, quiet)
      expect(r.ok, id).toBe(false)
      if (!r.ok) expect(r.error.code).toBe('bad-request')
    }
    const missing = await dispatch(handlers, 'chapters.open', { id: 'vol1/09-nope' }, ctx, quiet)
    expect(!missing.ok && missing.error.code).toBe('not-found')
    const broken = await dispatch(handlers, 'chapters.open', { id: 'vol2/02-broken' }, ctx, quiet)
    expect(!broken.ok && broken.error.message).toMatch(/objectives/)
    const fig = await dispatch(handlers, 'chapters.figure', { key: 'vol1/01-alpha/../../../../package.json' }, ctx, quiet)
    expect(!fig.ok && fig.error.code).toBe('not-found')
    const ok = await call<{ mime: string; dataUrl: string }>(ctx, 'chapters.figure', { key: 'vol1/01-alpha/roofline.svg' })
    expect(ok.mime).toBe('image/svg+xml')
    expect(Buffer.from(ok.dataUrl.split(',')[1]!, 'base64').toString()).toContain('<polyline')
  })

  it('grades answers into the review deck: a miss is due in minutes, a right answer in days', async () => {
    const { ctx, store } = testContext()
    const miss = await call<{ correct: boolean; due: string; answerHtml: string }>(ctx, 'chapters.answer', {
      id: 'vol1/01-alpha',
      questionId: 'q1',
      response: { type: 'mcq', choice: 2 }
    })
    expect(miss.correct).toBe(false)
    expect(miss.answerHtml).toContain('Memory bandwidth')
    expect(Date.parse(miss.due) - Date.now()).toBeLessThan(11 * 60_000)
    const hit = await call<{ correct: boolean; due: string }>(ctx, 'chapters.answer', {
      id: 'vol1/01-alpha',
      questionId: 'q6',
      // the ridge point 989.4 / 3.35 = 295 FLOP/B; 300 is within 25 %
      response: { type: 'numeric', text: '300 FLOP/byte' }
    })
    expect(hit.correct).toBe(true)
    expect(Date.parse(hit.due) - Date.now()).toBeGreaterThan(86_400_000)
    const shown = shuffledOrder('q3', 3)
    const order = [0, 1, 2].map((truth) => String(shown.indexOf(truth)))
    expect(
      await call(ctx, 'chapters.answer', { id: 'vol1/01-alpha', questionId: 'q3', response: { type: 'ordering', order } })
    ).toMatchObject({ correct: true })
    expect(store.reviewCard('quiz:vol1/01-alpha:q1')).toMatchObject({ state: 'learning', source: 'quiz' })
    const wrongType = await dispatch(
      handlers,
      'chapters.answer',
      { id: 'vol1/01-alpha', questionId: 'q1', response: { type: 'tf', value: true } },
      ctx,
      quiet
    )
    expect(!wrongType.ok && wrongType.error.code).toBe('bad-request')
    const reopened = await call<{ quiz: { id: string; lastRating: number | null }[] }>(ctx, 'chapters.open', { id: 'vol1/01-alpha' })
    expect(reopened.quiz.slice(0, 3).map((q) => q.lastRating)).toEqual([1, null, 3])
    expect(await call(ctx, 'chapters.quizToDeck', { id: 'vol1/01-alpha' })).toEqual({ added: 5 })
  })

  it('keeps highlights, notes, bookmarks, position, time and read state, and exports a notebook', async () => {
    const { ctx, store } = testContext()
    const { highlightId } = await call<{ highlightId: string }>(ctx, 'chapters.saveHighlight', {
      id: 'vol1/01-alpha',
      color: 'green',
      quote: 'ridge point',
      prefix: 'so its ',
      suffix: ' sits at',
      start: 300,
      sectionId: 'sec-v1-alpha-roofline',
      note: ''
    })
    await call(ctx, 'chapters.saveHighlight', {
      id: 'vol1/01-alpha',
      highlightId,
      color: 'pink',
      quote: 'ridge point',
      prefix: 'so its ',
      suffix: ' sits at',
      start: 300,
      sectionId: 'sec-v1-alpha-roofline',
      note: 'peak / bandwidth'
    })
    const card = await call<{ cardId: string }>(ctx, 'chapters.cardFromHighlight', {
      id: 'vol1/01-alpha',
      highlightId,
      sentence: 'An H100 streams from HBM, so its ridge point sits at 295 FLOP/B.'
    })
    expect(store.reviewCard(card.cardId)).toMatchObject({
      front: 'An H100 streams from HBM, so its _____ sits at 295 FLOP/B.',
      back: 'ridge point'
    })
    const notAround = await dispatch(
      handlers,
      'chapters.cardFromHighlight',
      { id: 'vol1/01-alpha', highlightId, sentence: 'Unrelated.' },
      ctx,
      quiet
    )
    expect(!notAround.ok && notAround.error.code).toBe('bad-request')
    await call(ctx, 'chapters.addBookmark', { id: 'vol1/01-alpha', anchor: 'sec-v1-alpha-ridge@0', label: 'Ridge' })
    await call(ctx, 'chapters.savePosition', { id: 'vol1/01-alpha', position: 'sec-v1-alpha-ridge@0.25', percentRead: 60 })
    await call(ctx, 'chapters.addTime', { id: 'vol1/01-alpha', seconds: 120 })
    await call(ctx, 'chapters.markRead', { id: 'vol1/01-alpha', read: true })
    const ann = await call<{ highlights: { color: string; note: string; hasCard: boolean }[]; bookmarks: { label: string }[] }>(
      ctx,
      'chapters.annotations',
      {}
    )
    expect(ann.highlights).toEqual([expect.objectContaining({ color: 'pink', note: 'peak / bandwidth', hasCard: true })])
    expect(ann.bookmarks.map((b) => b.label)).toEqual(['Ridge'])
    const list = await call<{ chapters: { id: string; state: { percentRead: number; secondsSpent: number; readAt: string | null } }[] }>(
      ctx,
      'chapters.list',
      {}
    )
    expect(list.chapters[0]!.state).toMatchObject({ percentRead: 60, secondsSpent: 120 })
    expect(list.chapters[0]!.state.readAt).not.toBeNull()
    expect(await call(ctx, 'chapters.continueReading', {})).toMatchObject({
      id: 'vol1/01-alpha',
      title: 'Alpha: the roofline',
      position: 'sec-v1-alpha-ridge@0.25'
    })
    const nb = await call<{ markdown: string }>(ctx, 'chapters.exportNotebook', {})
    expect(nb.markdown).toContain('## Alpha: the roofline\n\n> ridge point\n\npeak / bandwidth')
  })

  it('imports the textbook through the channel with progress, and says clearly when the folder is missing', async () => {
    const { ctx, hub } = testContext()
    const events: unknown[] = []
    hub.subscribe((event, payload) => event === 'workProgress' && events.push(payload))
    const missing = await dispatch(handlers, 'chapters.importBook', { folder: '/definitely/not/here' }, ctx, quiet)
    expect(!missing.ok && missing.error).toMatchObject({ code: 'not-found', message: expect.stringMatching(/does not exist/) })
    const r = await call<{ chapters: number }>(ctx, 'chapters.importBook', { folder: join(CHAPTER_FIXTURES, 'book-clone') })
    expect(r.chapters).toBe(2)
    expect(events.at(-1)).toMatchObject({ done: true })
    expect(events.some((e) => (e as { fraction: number }).fraction === 0.5)).toBe(true)
    const list = await call<{ chapters: { id: string }[] }>(ctx, 'chapters.list', {})
    expect(list.chapters.map((c) => c.id)).toContain('book/introduction')
    expect(await call(ctx, 'chapters.importInfo', {})).toMatchObject({ canPickFolder: false, lastImport: { chapters: 2 } })
    const pick = await dispatch(handlers, 'chapters.pickFolder', {}, ctx, quiet)
    expect(!pick.ok && pick.error.code).toBe('unavailable')
  })
})

describe('review channels', () => {
  it('serves the due queue with interval previews, rates, undoes and reports stats', async () => {
    const { ctx } = testContext()
    await call(ctx, 'chapters.quizToDeck', { id: 'vol1/02-beta' })
    const due = await call<{ cardId: string; front: string; intervals: Record<string, string> }[]>(ctx, 'review.due', {})
    expect(due).toHaveLength(8)
    expect(due[0]!.intervals).toEqual({ again: '10 min', hard: '15 min', good: '2 d', easy: '8 d' })
    expect(due[0]!.front).toContain('Which resource bounds')
    await call(ctx, 'review.rate', { cardId: due[0]!.cardId, rating: 3 })
    expect(await call(ctx, 'review.stats', {})).toMatchObject({ total: 8, newCards: 7, review: 1, dueToday: 7 })
    expect(await call(ctx, 'review.undo', {})).toEqual({ cardId: due[0]!.cardId, rating: 'Good' })
    expect(await call(ctx, 'review.stats', {})).toMatchObject({ newCards: 8, dueToday: 8 })
    const bad = await dispatch(handlers, 'review.rate', { cardId: 'nope', rating: 3 }, ctx, quiet)
    expect(!bad.ok && bad.error.code).toBe('not-found')
  })
})

describe('drills feed the same deck', () => {
  it('an answered drill becomes drill:<template> in the review deck, rated as graded', async () => {
    const { ctx, store } = testContext()
    const { instanceById, loadBank } = await import('../../drills')
    const instance = instanceById(loadBank(), 'kv-cache-one-sequence@42')!
    const wrong = instance.options!.findIndex((o) => o.why === 'forgot the factor 2 for keys and values')
    await call(ctx, 'drills.answer', {
      questionId: 'kv-cache-one-sequence@42',
      mode: 'practice',
      response: { type: 'choice', index: wrong },
      durationSeconds: 5
    })
    const card = store.reviewCard('drill:kv-cache-one-sequence')!
    // A wrong choice is Again: the card is in learning, back in ten minutes.
    expect(card).toMatchObject({ source: 'drill', link: '#/drills', reps: 1, state: 'learning' })
    expect(card.front.length).toBeGreaterThan(20)
    const due = await call<{ cardId: string }[]>(ctx, 'review.due', {})
    expect(due.map((c) => c.cardId)).toContain('drill:kv-cache-one-sequence')
  })
})
