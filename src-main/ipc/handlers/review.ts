import type { DomainHandlers } from '.'
import type { ReviewCardView } from '../../../src-preload/contract'
import { renderInlineText } from '../../chapters'
import { deckStats, dueCards, intervalText, previewDue, rateCard, removeCard, ReviewError, undoLastRating } from '../../review'
import { AppError } from '../../shared/errors'
import type { ReviewCardRow } from '../../store'
import type { HandlerContext } from '../context'

const plain = { chapterId: '', resolveLabel: () => null, bib: new Map(), live: null }

/** Card text (Markdown with math) line by line into sanitised HTML, in the chapter's context when it has one. */
function cardHtml(ctx: HandlerContext, text: string, chapterId: string | null): string {
  let render = (line: string) => renderInlineText(line, plain)
  if (chapterId) {
    try {
      const doc = ctx.chapters.document(chapterId)
      if (doc) render = (line) => ctx.chapters.inline(doc, line)
    } catch {
      // the chapter is gone or broken: the card still shows, without its cross-references
    }
  }
  return text
    .split('\n')
    .map((l) => render(l))
    .join('<br>')
}

function view(ctx: HandlerContext, c: ReviewCardRow, now: Date): ReviewCardView {
  const next = previewDue(ctx.store.cardLog(c.cardId), now)
  return {
    cardId: c.cardId,
    source: c.source,
    state: c.state,
    due: c.due,
    front: cardHtml(ctx, c.front, c.chapterId),
    back: cardHtml(ctx, c.back, c.chapterId),
    chapterId: c.chapterId,
    link: c.link,
    intervals: {
      again: intervalText(now, next.again),
      hard: intervalText(now, next.hard),
      good: intervalText(now, next.good),
      easy: intervalText(now, next.easy)
    }
  }
}

export const reviewHandlers: DomainHandlers<'review'> = {
  'review.stats': (_input, ctx) => deckStats(ctx.store, new Date()),
  'review.due': (input, ctx) => {
    const now = new Date()
    return dueCards(ctx.store, now)
      .slice(0, input.limit)
      .map((c) => view(ctx, c, now))
  },
  'review.rate': (input, ctx) => {
    try {
      const r = rateCard(ctx.store, input.cardId, input.rating)
      ctx.emit('progressChanged', { domain: 'review' })
      return { cardId: r.cardId, state: r.state, due: r.due }
    } catch (e) {
      if (e instanceof ReviewError) throw new AppError('not-found', e.message)
      throw e
    }
  },
  'review.undo': (_input, ctx) => {
    const r = undoLastRating(ctx.store)
    if (r) ctx.emit('progressChanged', { domain: 'review' })
    return r ? { cardId: r.cardId, rating: r.rating } : null
  },
  'review.remove': (input, ctx) => {
    try {
      removeCard(ctx.store, input.cardId)
    } catch (e) {
      if (e instanceof ReviewError) throw new AppError('not-found', e.message)
      throw e
    }
    ctx.emit('progressChanged', { domain: 'review' })
    return { removed: true }
  }
}
