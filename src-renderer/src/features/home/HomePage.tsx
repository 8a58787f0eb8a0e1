import { useEffect } from 'react'
import { routeInfo, ROUTES } from '../../app/routes'
import { useRouter } from '../../app/routerStore'
import { Card, ErrorNote, Loading, PageHeader } from '../../ui/components'
import { relativeTime } from '../../ui/format'
import { useHome } from './homeStore'

const blurbs: Record<string, string> = {
  chapters: 'Study notes for both volumes, with live numbers, search, highlights, notes and quizzes.',
  review: 'One spaced-repetition deck for quiz misses, your highlights and drills.',
  tinytorch: 'Build your own ML framework, module by module, autograded on this machine.',
  simulator: 'Move a parameter, see what breaks: roofline, memory, serving, parallelism, cost.',
  drills: 'Interview-style questions with checked numeric answers and spaced repetition.',
  devices: 'Deploy models to boards on a serial port and read memory and latency back.'
}

export function HomePage() {
  const { resume, info, error, load, reading, dueToday } = useHome()
  const navigate = useRouter((s) => s.navigate)
  useEffect(() => {
    void load()
  }, [load])

  return (
    <div className="page">
      <PageHeader title="MLSys Workstation" lead="Learn how machine-learning systems are engineered, offline, on your own machine." />
      {error ? <ErrorNote message={error} onRetry={() => void load()} /> : null}
      {info?.recovery ? (
        <div className="error-note" role="alert" data-testid="recovery-note">
          Your previous progress file could not be read ({info.recovery.reason}). It was kept at {info.recovery.movedTo}; a fresh one was
          started.
        </div>
      ) : null}
      <Card title="Continue where you left off">
        {resume === undefined ? (
          <Loading />
        ) : resume === null ? (
          <p className="muted" data-testid="resume-empty">
            Nothing to continue yet: pick a place to start below.
          </p>
        ) : (
          <div className="resume" data-testid="resume">
            <div>
              <p className="resume-title">{resume.summary.replace(/^Opened /, '')}</p>
              <p className="muted">{relativeTime(resume.at)}</p>
            </div>
            <button type="button" className="button primary" onClick={() => navigate(resume.route, resume.subject)}>
              Continue
            </button>
          </div>
        )}
      </Card>
      {reading || (dueToday ?? 0) > 0 ? (
        <div className="home-study">
          {reading ? (
            <Card title="Continue reading">
              <div className="resume" data-testid="home-continue-reading">
                <div>
                  <p className="resume-title">{reading.title}</p>
                  <p className="muted">
                    {Math.round(reading.percentRead)} % read · {relativeTime(reading.at)}
                  </p>
                </div>
                <button type="button" className="button" onClick={() => navigate('chapters', reading.id)}>
                  Open
                </button>
              </div>
            </Card>
          ) : null}
          {dueToday ? (
            <Card title="Review">
              <div className="resume" data-testid="home-due">
                <p className="resume-title">
                  {dueToday} card{dueToday === 1 ? '' : 's'} due today
                </p>
                <button type="button" className="button" onClick={() => navigate('review')}>
                  Review
                </button>
              </div>
            </Card>
          ) : null}
        </div>
      ) : null}
      <div className="start-grid">
        {ROUTES.filter((r) => r.route in blurbs).map((r) => (
          <button key={r.route} type="button" className="start-tile" onClick={() => navigate(r.route)}>
            <span className="start-icon" aria-hidden="true">
              {routeInfo(r.route).icon}
            </span>
            <span className="start-name">{r.title}</span>
            <span className="start-blurb">{blurbs[r.route]}</span>
          </button>
        ))}
      </div>
    </div>
  )
}
