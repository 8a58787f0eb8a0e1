import { useEffect } from 'react'
import { Card } from '../../ui/components'
import { LEVELS, TRACKS, useDrills } from './drillsStore'
import { QuestionView } from './QuestionView'

/** New questions in the chosen tracks and levels, answered one at a time. */
export function Practice() {
  const question = useDrills((s) => s.question)
  const tracks = useDrills((s) => s.tracks)
  const levels = useDrills((s) => s.levels)
  const setFilter = useDrills((s) => s.setFilter)
  const next = useDrills((s) => s.nextQuestion)
  const busy = useDrills((s) => s.busy)
  useEffect(() => {
    if (!question) void next()
  }, [])
  return (
    <div className="drills-practice">
      <Card title="Choose what to practise" className="drills-filters">
        <fieldset>
          <legend>Tracks</legend>
          {TRACKS.map((t) => (
            <label key={t} className="drill-filter">
              <input
                type="checkbox"
                checked={tracks.includes(t)}
                onChange={(e) => setFilter('tracks', t, e.target.checked)}
                data-testid={`filter-track-${t}`}
              />{' '}
              {t}
            </label>
          ))}
        </fieldset>
        <fieldset>
          <legend>Levels</legend>
          {LEVELS.map((l) => (
            <label key={l} className="drill-filter">
              <input
                type="checkbox"
                checked={levels.includes(l)}
                onChange={(e) => setFilter('levels', l, e.target.checked)}
                data-testid={`filter-level-${l}`}
              />{' '}
              {l}
            </label>
          ))}
        </fieldset>
        <p className="muted small">None ticked means all. Questions whose review card is due come first, each time as a new instance.</p>
        <button type="button" className="button primary" onClick={() => void next()} disabled={busy} data-testid="drill-next">
          Next question
        </button>
      </Card>
      {question ? <QuestionView key={question.questionId} question={question} mode="practice" /> : null}
    </div>
  )
}
