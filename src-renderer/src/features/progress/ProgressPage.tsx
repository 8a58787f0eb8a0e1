import { useEffect, useRef } from 'react'
import type { Completion, Domain } from '../../../../src-preload/contract'
import { Card, ErrorNote, Loading, PageHeader } from '../../ui/components'
import { relativeTime } from '../../ui/format'
import { ipc } from '../../ipc/client'
import { useProgress } from './progressStore'

const domainTitles: Record<Domain, string> = {
  app: 'Workstation',
  chapters: 'Chapters',
  tinytorch: 'TinyTorch',
  simulator: 'Simulator',
  drills: 'Drills',
  devices: 'Devices',
  review: 'Review'
}

export function ProgressPage() {
  const { summary, recent, error, retry, message, busy, load, exportToFile, importFromText, backup } = useProgress()
  const fileInput = useRef<HTMLInputElement>(null)

  useEffect(() => {
    void load()
    return ipc.on('progressChanged', () => void load())
  }, [load])

  const onFile = async (file: File | undefined) => {
    if (!file) return
    await importFromText(await file.text())
    if (fileInput.current) fileInput.current.value = ''
  }

  return (
    <div className="page">
      <PageHeader
        title="Progress"
        lead="Everything you have done, stored on this computer in one SQLite file."
        actions={
          <>
            <button type="button" className="button" onClick={() => void exportToFile()} disabled={busy}>
              Export…
            </button>
            <button type="button" className="button" onClick={() => fileInput.current?.click()} disabled={busy}>
              Import…
            </button>
            <button type="button" className="button" onClick={() => void backup()} disabled={busy}>
              Back up database
            </button>
            <input
              ref={fileInput}
              type="file"
              accept="application/json,.json"
              hidden
              aria-label="Progress export file to import"
              onChange={(e) => void onFile(e.target.files?.[0])}
            />
          </>
        }
      />
      {error ? <ErrorNote message={error} onRetry={retry ? () => void retry() : undefined} /> : null}
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      {!summary ? (
        <Loading />
      ) : (
        <>
          <section aria-labelledby="completion-title" className="completion" data-testid="progress-completion">
            <h2 id="completion-title" className="section-title">
              Through the curriculum
            </h2>
            <div className="completion-grid">
              {summary.completion.map((c) => (
                <CompletionCard key={c.id} completion={c} />
              ))}
            </div>
          </section>
          <h2 className="section-title">Activity</h2>
          <div className="totals-grid" data-testid="progress-totals">
            {summary.totals
              .filter((t) => t.events > 0)
              .map((t) => (
                <Card key={t.domain} title={domainTitles[t.domain]} className="total-card">
                  <p className="total-events">
                    <strong data-testid={`events-${t.domain}`}>{t.events}</strong> {t.events === 1 ? 'thing done' : 'things done'}
                  </p>
                  <dl className="figures">
                    {t.figures
                      .filter((f) => f.value > 0)
                      .map((f) => (
                        <div key={f.label}>
                          <dt>{f.label}</dt>
                          <dd>{f.value}</dd>
                        </div>
                      ))}
                  </dl>
                </Card>
              ))}
          </div>
          <Card title="Recent activity">
            {recent.length === 0 ? (
              <p className="muted">
                Nothing yet. Run a module, reveal a prediction on a dashboard or read a chapter and it will show here.
              </p>
            ) : (
              <ol className="activity-list" data-testid="recent-activity">
                {recent.map((a) => (
                  <li key={a.uid}>
                    <span className={`domain-dot domain-${a.domain}`} aria-hidden="true" />
                    <span className="activity-summary">{a.summary}</span>
                    <time dateTime={a.at} title={new Date(a.at).toLocaleString()}>
                      {relativeTime(a.at)}
                    </time>
                  </li>
                ))}
              </ol>
            )}
          </Card>
        </>
      )}
    </div>
  )
}

/** One part of the curriculum: how much is done, and each item by its title. */
function CompletionCard({ completion: c }: { completion: Completion }) {
  const fraction = c.total > 0 ? c.done / c.total : 0
  return (
    <Card title={c.label} className="completion-card">
      <p className="completion-count" data-testid={`completion-${c.id}`}>
        <strong>{c.done}</strong> of {c.total}
      </p>
      <div
        className="completion-bar"
        role="progressbar"
        aria-label={c.label}
        aria-valuemin={0}
        aria-valuemax={c.total}
        aria-valuenow={c.done}
        aria-valuetext={`${c.done} of ${c.total}`}
      >
        <span style={{ width: `${Math.round(fraction * 100)}%` }} />
      </div>
      <ul className="completion-items">
        {c.items.map((i) => (
          <li key={i.id} className={i.done ? 'done' : undefined} title={i.detail ?? undefined}>
            <span className="completion-mark" aria-hidden="true">
              {i.done ? '✓' : '○'}
            </span>
            <span className="completion-name">
              {i.title}
              <span className="sr-only">{i.done ? ' (done)' : ' (not yet)'}</span>
            </span>
            {i.detail ? <span className="completion-detail">{i.detail}</span> : null}
          </li>
        ))}
      </ul>
    </Card>
  )
}
