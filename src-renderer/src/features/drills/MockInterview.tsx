import { type FormEvent, useEffect, useState } from 'react'
import { relativeTime } from '../../ui/format'
import { Card } from '../../ui/components'
import { LEVELS, type Level, TRACKS, type Track, useDrills } from './drillsStore'
import { QuestionView } from './QuestionView'

const clock = (seconds: number) => {
  const s = Math.max(0, Math.round(seconds))
  return `${Math.floor(s / 60)}:${String(s % 60).padStart(2, '0')}`
}

/** A timed set: warm-ups first, then round-robin across zones; a summary by zone and a history. */
export function MockInterview() {
  const mock = useDrills((s) => s.mock)
  return mock ? <Running /> : <Setup />
}

function Setup() {
  const start = useDrills((s) => s.startMock)
  const busy = useDrills((s) => s.busy)
  const history = useDrills((s) => s.history)
  const loadHistory = useDrills((s) => s.loadHistory)
  const [track, setTrack] = useState<Track>('cloud')
  const [level, setLevel] = useState<Level>('L3')
  const [count, setCount] = useState(6)
  const [minutes, setMinutes] = useState(30)
  useEffect(() => void loadHistory(), [])
  const onSubmit = (e: FormEvent) => {
    e.preventDefault()
    void start(track, level, count, minutes)
  }
  return (
    <div className="drills-mock">
      <Card title="Set up a mock interview">
        <form className="drill-form" onSubmit={onSubmit}>
          <label>
            Track
            <select value={track} onChange={(e) => setTrack(e.target.value as Track)} data-testid="mock-track">
              {TRACKS.map((t) => (
                <option key={t}>{t}</option>
              ))}
            </select>
          </label>
          <label>
            Level
            <select value={level} onChange={(e) => setLevel(e.target.value as Level)} data-testid="mock-level">
              {LEVELS.map((l) => (
                <option key={l}>{l}</option>
              ))}
            </select>
          </label>
          <label>
            Questions
            <input
              type="number"
              min={2}
              max={20}
              value={count}
              onChange={(e) => setCount(Math.min(20, Math.max(2, Number(e.target.value) || 2)))}
              data-testid="mock-count"
            />
          </label>
          <label>
            Minutes
            <input
              type="number"
              min={1}
              max={180}
              value={minutes}
              onChange={(e) => setMinutes(Math.min(180, Math.max(1, Number(e.target.value) || 1)))}
            />
          </label>
          <button type="submit" className="button primary" disabled={busy} data-testid="mock-start">
            Start
          </button>
        </form>
        <p className="muted small">
          A quarter of the questions are warm-ups from lower levels; the rest rotate through the zones (recall, analysis, design, …) at your
          level. Open questions are graded by you against a rubric.
        </p>
      </Card>
      <Card title="Past interviews">
        {!history?.length ? (
          <p className="muted">No mock interviews yet.</p>
        ) : (
          <table className="drill-table" data-testid="mock-history">
            <thead>
              <tr>
                <th>When</th>
                <th>Track</th>
                <th>Level</th>
                <th>Score</th>
                <th>Time</th>
              </tr>
            </thead>
            <tbody>
              {history.map((h) => (
                <tr key={h.mockId}>
                  <td>{relativeTime(h.at)}</td>
                  <td>{h.track}</td>
                  <td>{h.level}</td>
                  <td>
                    {h.score}/{h.maxScore}
                  </td>
                  <td>
                    {clock(h.durationSeconds)} of {clock(h.limitSeconds)}
                  </td>
                </tr>
              ))}
            </tbody>
          </table>
        )}
      </Card>
    </div>
  )
}

function Running() {
  const mock = useDrills((s) => s.mock)!
  const move = useDrills((s) => s.moveMock)
  const finish = useDrills((s) => s.finishMock)
  const close = useDrills((s) => s.closeMock)
  const [now, setNow] = useState(Date.now())
  const left = mock.limitSeconds - (now - mock.startedAt) / 1000
  useEffect(() => {
    if (mock.summary) return
    const timer = setInterval(() => setNow(Date.now()), 1000)
    return () => clearInterval(timer)
  }, [mock.summary])
  useEffect(() => {
    if (left <= 0 && !mock.summary) void finish()
  }, [left <= 0])
  if (mock.summary) return <Summary />
  const q = mock.questions[mock.index]!
  return (
    <div className="drills-mock">
      <Card title={`Mock interview · ${mock.track} · ${mock.level}`}>
        <p className={`drill-timer ${left < 60 ? 'low' : ''}`} role="timer" aria-live="off" data-testid="mock-timer">
          {clock(left)} left
        </p>
        <ol className="drill-steps" aria-label="Questions">
          {mock.questions.map((x, k) => (
            <li key={x.questionId}>
              <button
                type="button"
                className={`button small ${k === mock.index ? 'primary' : ''}`}
                onClick={() => move(k)}
                aria-current={k === mock.index}
                data-testid={`mock-q-${k}`}
              >
                {k + 1}
                {k < mock.warmups ? ' (warm-up)' : ''}
                {mock.answered[x.questionId] ? ' ✓' : ''}
              </button>
            </li>
          ))}
        </ol>
        <p className="drill-nav">
          <button type="button" className="button" onClick={() => move(mock.index - 1)} disabled={mock.index === 0}>
            ← Previous
          </button>
          <button
            type="button"
            className="button"
            onClick={() => move(mock.index + 1)}
            disabled={mock.index === mock.questions.length - 1}
            data-testid="mock-next"
          >
            Next →
          </button>
          <button type="button" className="button primary" onClick={() => void finish()} data-testid="mock-finish">
            Finish and see the summary
          </button>
        </p>
      </Card>
      <QuestionView key={q.questionId} question={q} mode="mock" session={mock.mockId} feedback={mock.answered[q.questionId] ?? null} />
      <p>
        <button type="button" className="button small" onClick={close}>
          Abandon this interview
        </button>
      </p>
    </div>
  )
}

function Summary() {
  const mock = useDrills((s) => s.mock)!
  const close = useDrills((s) => s.closeMock)
  const s = mock.summary!
  return (
    <div className="drills-mock">
      <Card title="Mock interview summary">
        <p className="drill-total" data-testid="mock-summary">
          {s.score}/{s.maxScore} points in {clock(s.durationSeconds)} (limit {clock(s.limitSeconds)})
        </p>
        <table className="drill-table">
          <thead>
            <tr>
              <th>Zone</th>
              <th>Points</th>
            </tr>
          </thead>
          <tbody>
            {Object.entries(s.byZone).map(([zone, z]) => (
              <tr key={zone}>
                <td>{zone}</td>
                <td>
                  {z.score}/{z.maxScore}
                </td>
              </tr>
            ))}
          </tbody>
        </table>
        <ol className="drill-summary-items">
          {s.items?.map((i) => (
            <li key={i.questionId}>
              {i.title} — {i.grade} ({i.score}/3)
            </li>
          ))}
        </ol>
        <button type="button" className="button primary" onClick={close} data-testid="mock-close">
          Back to the interview set-up
        </button>
      </Card>
    </div>
  )
}
