import { useEffect } from 'react'
import { ErrorNote, Loading, PageHeader } from '../../ui/components'
import { typingIn } from '../chapters/SearchBox'
import { useReview } from './reviewStore'
import './review.css'

function Html({ html, className }: { html: string; className: string }) {
  // biome-ignore lint/security/noDangerouslySetInnerHtml: card text rendered and sanitised by main
  return <div className={className} dangerouslySetInnerHTML={{ __html: html }} />
}

const RATINGS = [
  { value: 1, name: 'Again', key: 'again' },
  { value: 2, name: 'Hard', key: 'hard' },
  { value: 3, name: 'Good', key: 'good' },
  { value: 4, name: 'Easy', key: 'easy' }
] as const

function Forecast({ days }: { days: { date: string; count: number }[] }) {
  const max = Math.max(1, ...days.map((d) => d.count))
  return (
    <div
      className="forecast"
      role="img"
      aria-label={`Cards due over the next ${days.length} days: ${days.map((d) => d.count).join(', ')}`}
      data-testid="forecast"
    >
      {days.map((d, i) => (
        <div key={d.date} className="forecast-day" title={`${d.date}: ${d.count}`}>
          <span className="forecast-count">{d.count || ''}</span>
          <span className="forecast-bar" style={{ height: `${(d.count / max) * 80}px` }} />
          <span className="forecast-label">
            {i === 0 ? 'today' : new Date(`${d.date}T12:00:00`).toLocaleDateString(undefined, { weekday: 'short' })}
          </span>
        </div>
      ))}
    </div>
  )
}

function Session() {
  const { queue, index, revealed, reveal, rate, undo, end, reviewed, lastUndone } = useReview()
  const card = queue[index]
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (typingIn(e.target) || e.altKey || e.metaKey) return
      if ((e.key === 'z' && e.ctrlKey) || (e.key === 'u' && !e.ctrlKey)) {
        e.preventDefault()
        void undo()
      } else if (e.ctrlKey) {
        return
      } else if (!revealed && (e.key === ' ' || e.key === 'Enter')) {
        e.preventDefault()
        reveal()
      } else if (revealed && /^[1-4]$/.test(e.key)) {
        e.preventDefault()
        void rate(Number(e.key) as 1 | 2 | 3 | 4)
      } else if (e.key === 'Escape') end()
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [revealed, reveal, rate, undo, end])
  if (!card) return null
  return (
    <section className="review-session card" aria-label="Review session" data-testid="review-session">
      <div className="review-progress muted small">
        Card {index + 1} of {queue.length} · {reviewed} reviewed · {card.state === 'new' ? 'new' : card.state}
        {lastUndone ? ` · ${lastUndone}` : ''}
      </div>
      <Html className="review-front" html={card.front} />
      {revealed ? (
        <>
          <hr />
          <Html className="review-back" html={card.back} />
          {card.link ? (
            <p className="small">
              <a href={card.link}>Open where it comes from</a>
            </p>
          ) : null}
          <fieldset className="review-ratings plain" aria-label="How well did you remember?">
            {RATINGS.map((r) => (
              <button
                key={r.value}
                type="button"
                className={`button rating-${r.key}`}
                onClick={() => void rate(r.value)}
                data-testid={`rate-${r.value}`}
              >
                <kbd>{r.value}</kbd> {r.name} <span className="muted small">{card.intervals[r.key]}</span>
              </button>
            ))}
          </fieldset>
        </>
      ) : (
        <button type="button" className="button primary review-reveal" onClick={reveal} data-testid="reveal">
          Show answer <kbd>Space</kbd>
        </button>
      )}
      <div className="review-footer">
        <button type="button" className="link-button" onClick={() => void undo()} disabled={reviewed === 0} data-testid="undo">
          Undo last rating (u)
        </button>
        <button type="button" className="link-button" onClick={end}>
          End session (Esc)
        </button>
      </div>
    </section>
  )
}

export function ReviewPage() {
  const { stats, error, loadStats, start, inSession, reviewed } = useReview()
  useEffect(() => {
    void loadStats()
  }, [loadStats])
  return (
    <div className="page review-page">
      <PageHeader
        title="Review"
        lead="One spaced-repetition deck for chapter quizzes, your highlights and drills, scheduled by FSRS."
        actions={
          !inSession && stats && stats.dueToday > 0 ? (
            <button type="button" className="button primary" onClick={() => void start()} data-testid="start-review">
              Review {stats.dueToday} due
            </button>
          ) : null
        }
      />
      {error ? <ErrorNote message={error} onRetry={() => void loadStats()} /> : null}
      {!stats && !error ? <Loading /> : null}
      {inSession ? <Session /> : null}
      {!inSession && reviewed > 0 ? (
        <p className="notice" role="status" data-testid="session-done">
          Session done: {reviewed} card{reviewed === 1 ? '' : 's'} reviewed.
        </p>
      ) : null}
      {stats ? (
        <>
          <dl className="review-stats" data-testid="review-stats">
            <div>
              <dt>Due today</dt>
              <dd data-testid="due-today">{stats.dueToday}</dd>
              <dd className="muted small">
                {stats.dueNew} new · {stats.dueToday - stats.dueNew} review
              </dd>
            </div>
            <div>
              <dt>In the deck</dt>
              <dd>{stats.total}</dd>
              <dd className="muted small">
                {stats.newCards} new · {stats.learning} learning · {stats.review} review
              </dd>
            </div>
            <div>
              <dt>Retention so far</dt>
              <dd>{stats.retention === null ? '—' : `${Math.round(stats.retention * 100)} %`}</dd>
              <dd className="muted small">of reviews of cards seen before</dd>
            </div>
            <div>
              <dt>Reviews</dt>
              <dd>{stats.reviews.total}</dd>
              <dd className="muted small">{stats.reviews.last7Days} in the last 7 days</dd>
            </div>
          </dl>
          <section className="card">
            <h2 className="card-title">Coming days</h2>
            <p className="muted small">
              Cards you have seen, by the day they come due (today includes overdue ones); new cards wait for you to start them.
            </p>
            <Forecast days={stats.forecast} />
          </section>
          {stats.total === 0 ? (
            <div className="empty-state" role="status">
              <p className="empty-title">Your deck is empty</p>
              <p>
                Answer a chapter's quiz, or make a card from a highlight: misses come back here within minutes, right answers days later.
              </p>
            </div>
          ) : null}
        </>
      ) : null}
    </div>
  )
}
