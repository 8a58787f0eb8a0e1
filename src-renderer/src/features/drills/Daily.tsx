import { useEffect, useState } from 'react'
import { Card, Loading } from '../../ui/components'
import { useDrills } from './drillsStore'
import { QuestionView } from './QuestionView'

/** Today's date on the learner's clock: the daily set is chosen from it. */
function localDay(now = new Date()): string {
  const pad = (n: number) => String(n).padStart(2, '0')
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`
}

/** Three questions chosen from the date, the same for everyone that day; a streak for finished days. */
export function Daily() {
  const daily = useDrills((s) => s.daily)
  const load = useDrills((s) => s.loadDaily)
  const finish = useDrills((s) => s.finishDaily)
  const busy = useDrills((s) => s.busy)
  const [index, setIndex] = useState(0)
  const day = localDay()
  useEffect(() => {
    if (daily?.day !== day) void load(day)
  }, [day])
  if (!daily) return <Loading label="Choosing today's questions…" />
  const answered = new Set(daily.answered.map((a) => a.questionId))
  const current = daily.questions[index]
  const allAnswered = daily.questions.every((q) => answered.has(q.questionId))
  return (
    <div className="drills-daily">
      <Card title={`Daily set for ${daily.day}`}>
        <p data-testid="daily-streak">
          Streak: <strong>{daily.streak.current}</strong> day{daily.streak.current === 1 ? '' : 's'} (best {daily.streak.best})
        </p>
        <ul className="drill-milestones" aria-label="Streak milestones">
          {daily.milestones.map((m) => (
            <li key={m.days} className={m.reached ? 'reached' : ''}>
              {m.days} days{m.reached ? ' ✓' : ''}
            </li>
          ))}
        </ul>
        <ol className="drill-steps" aria-label="Today's questions">
          {daily.questions.map((q, k) => (
            <li key={q.questionId}>
              <button
                type="button"
                className={`button small ${k === index ? 'primary' : ''}`}
                onClick={() => setIndex(k)}
                aria-current={k === index}
                data-testid={`daily-q-${k}`}
              >
                {k + 1}. {q.title} ({q.level}){answered.has(q.questionId) ? ' ✓' : ''}
              </button>
            </li>
          ))}
        </ol>
        {daily.completed ? (
          <p className="notice" data-testid="daily-done">
            Done for today: {daily.score}/{daily.maxScore}. Come back tomorrow for the next set.
          </p>
        ) : (
          <button
            type="button"
            className="button primary"
            disabled={!allAnswered || busy}
            onClick={() => void finish()}
            data-testid="daily-finish"
          >
            Finish today's set
          </button>
        )}
      </Card>
      {current ? <QuestionView key={current.questionId} question={current} mode="daily" session={daily.day} /> : null}
      {current && answered.has(current.questionId) && index < daily.questions.length - 1 ? (
        <button type="button" className="button" onClick={() => setIndex(index + 1)} data-testid="daily-next">
          Next question →
        </button>
      ) : null}
    </div>
  )
}
