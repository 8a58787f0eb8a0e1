import type { ReactNode } from 'react'

export function PageHeader({ title, lead, actions }: { title: string; lead?: ReactNode; actions?: ReactNode }) {
  return (
    <header className="page-header">
      <div>
        <h1>{title}</h1>
        {lead ? <p className="lead">{lead}</p> : null}
      </div>
      {actions ? <div className="page-actions">{actions}</div> : null}
    </header>
  )
}

export function Card({ title, children, className }: { title?: string; children: ReactNode; className?: string }) {
  return (
    <section className={`card ${className ?? ''}`} aria-label={title}>
      {title ? <h2 className="card-title">{title}</h2> : null}
      {children}
    </section>
  )
}

/** An honest placeholder for what a later release delivers: says so, invents nothing. */

/** A failure with its message; `onRetry` must repeat the call that failed, not merely reload the page. */
export function ErrorNote({ message, onRetry, retryLabel = 'Try again' }: { message: string; onRetry?: () => void; retryLabel?: string }) {
  return (
    <div className="error-note" role="alert">
      <span>{message}</span>
      {onRetry ? (
        <button type="button" className="button small" onClick={onRetry}>
          {retryLabel}
        </button>
      ) : null}
    </div>
  )
}

export type ResultTone = 'pass' | 'fail' | 'error'

const RESULT_ICONS: Record<ResultTone, string> = { pass: '✓', fail: '✗', error: '!' }
const RESULT_WORDS: Record<ResultTone, string> = { pass: 'Passed', fail: 'Failed', error: 'Error' }

/**
 * The outcome of a run: pass, fail and error differ in colour, icon and words, so they are told apart
 * without colour too. An error is announced at once (role alert); a pass or a fail politely.
 */
export function ResultBanner({
  tone,
  title,
  children,
  testId
}: {
  tone: ResultTone
  title: string
  children?: ReactNode
  testId?: string
}) {
  return (
    <div className={`result-banner result-${tone}`} role={tone === 'error' ? 'alert' : 'status'} data-tone={tone} data-testid={testId}>
      <span className="result-icon" aria-hidden="true">
        {RESULT_ICONS[tone]}
      </span>
      <div className="result-body">
        <p className="result-title">
          <span className="sr-only">{RESULT_WORDS[tone]}: </span>
          {title}
        </p>
        {children ? <div className="result-detail">{children}</div> : null}
      </div>
    </div>
  )
}

/** A page for an address that names nothing: what was asked for, and the way back. */
export function NotFound({ what, back, onBack }: { what: string; back: string; onBack: () => void }) {
  return (
    <div className="page">
      <div className="empty-state not-found" role="status" data-testid="not-found">
        <p className="empty-title">{what}</p>
        <p>The address may be from an older version, or mistyped.</p>
        <button type="button" className="button primary" onClick={onBack}>
          {back}
        </button>
      </div>
    </div>
  )
}

export function Loading({ label = 'Loading…' }: { label?: string }) {
  return (
    <p className="loading" role="status" aria-live="polite">
      {label}
    </p>
  )
}
