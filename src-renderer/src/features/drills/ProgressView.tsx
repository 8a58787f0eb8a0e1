import { useEffect } from 'react'
import { DRILL_AREAS as AREAS } from '../../../../src-preload/contract'
import { Card, Loading } from '../../ui/components'
import { TRACKS, useDrills } from './drillsStore'

const pct = (good: number, attempts: number) => (attempts ? Math.round((100 * good) / attempts) : null)

/** Heat map of competency area × track (share of attempts scoring 2 or more), mastery per topic, streaks. */
export function ProgressView() {
  const progress = useDrills((s) => s.progress)
  const load = useDrills((s) => s.loadProgress)
  useEffect(() => void load(), [])
  if (!progress) return <Loading label="Reading your drill history…" />
  const cell = (area: string, track: string) => progress.heat.find((h) => h.area === area && h.track === track)
  const areas = [...new Set([...AREAS, ...progress.heat.map((h) => h.area)])]
  return (
    <div className="drills-progress">
      <Card title="Overview">
        <p data-testid="progress-overview">
          {progress.attempts} answers, {pct(progress.good, progress.attempts) ?? 0} % scoring 2 or more · daily streak{' '}
          {progress.streak.current} (best {progress.streak.best})
        </p>
      </Card>
      <Card title="Competency heat map">
        <table className="drill-heat" data-testid="progress-heatmap">
          <caption className="sr-only">Share of answers scoring 2 or more, by competency area and track</caption>
          <thead>
            <tr>
              <th scope="col">Area</th>
              {TRACKS.map((t) => (
                <th key={t} scope="col">
                  {t}
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {areas.map((area) => (
              <tr key={area}>
                <th scope="row">{area}</th>
                {TRACKS.map((track) => {
                  const c = cell(area, track)
                  const share = c ? pct(c.good, c.attempts) : null
                  return (
                    <td
                      key={track}
                      className={share === null ? 'empty' : ''}
                      style={
                        share === null
                          ? undefined
                          : { background: `color-mix(in srgb, var(--ok) ${Math.round(share * 0.7 + 10)}%, var(--panel))` }
                      }
                      title={c ? `${c.good} of ${c.attempts} answers scored 2 or more` : 'no answers yet'}
                    >
                      {share === null ? '·' : `${share} %`}
                      {c ? <span className="drill-heat-n"> ({c.attempts})</span> : null}
                    </td>
                  )
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </Card>
      <Card title="Mastery per topic">
        {progress.topics.length === 0 ? (
          <p className="muted">Answer a few questions to see your topics here.</p>
        ) : (
          <ul className="drill-topics" data-testid="progress-topics">
            {progress.topics.map((t) => {
              const share = pct(t.good, t.attempts) ?? 0
              return (
                <li key={t.topic}>
                  <span className="drill-topic-name">{t.topic}</span>
                  <span className="drill-bar" aria-hidden="true">
                    <span style={{ width: `${share}%` }} />
                  </span>
                  <span>
                    {share} % of {t.attempts}
                  </span>
                </li>
              )
            })}
          </ul>
        )}
      </Card>
    </div>
  )
}
