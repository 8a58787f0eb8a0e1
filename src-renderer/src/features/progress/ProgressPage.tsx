import { useEffect, useRef } from 'react'
import type { Domain } from '../../../../src-preload/contract'
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
  const { summary, recent, error, message, busy, load, exportToFile, importFromText, backup } = useProgress()
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
      {error ? <ErrorNote message={error} onRetry={() => void load()} /> : null}
      {message ? (
        <p className="notice" role="status">
          {message}
        </p>
      ) : null}
      {!summary ? (
        <Loading />
      ) : (
        <>
          <div className="totals-grid" data-testid="progress-totals">
            {summary.totals.map((t) => (
              <Card key={t.domain} title={domainTitles[t.domain]} className="total-card">
                <p className="total-events">
                  <strong data-testid={`events-${t.domain}`}>{t.events}</strong> {t.events === 1 ? 'entry' : 'entries'}
                </p>
                <dl className="figures">
                  {t.figures.map((f) => (
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
              <p className="muted">Nothing yet. Open a chapter, a module or a dashboard and it will show here.</p>
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
