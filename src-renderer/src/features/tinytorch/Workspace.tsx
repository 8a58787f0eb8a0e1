import { useEffect, useState } from 'react'
import { useRouter } from '../../app/routerStore'
import { ipc } from '../../ipc/client'
import { ErrorNote, Loading, NotFound } from '../../ui/components'
import { formatBytes } from '../../ui/format'
import { Markdown } from '../../ui/Markdown'
import { CodeEditor } from './CodeEditor'
import { ResultsPanel } from './ResultsPanel'
import { type SaveState, useTinyTorch } from './tinytorchStore'

type Tab = 'results' | 'hints' | 'systems' | 'reference'

const SAVE_LABELS: Record<SaveState, string> = {
  saved: 'Saved',
  pending: 'Saving…',
  saving: 'Saving…',
  error: 'Not saved',
  conflict: 'Changed elsewhere: not saved'
}

/** Each hint goes a step further; a ladder has at most three. */
const HINT_LEVELS = ['Nudge', 'API', 'Nearly there']

/** The file changed in another editor while this one had unsaved edits: keep one, seeing the other. */
function ConflictNote({ file, disk }: { file: string; disk: string }) {
  const keepMine = useTinyTorch((s) => s.keepMine)
  const takeTheirs = useTinyTorch((s) => s.takeTheirs)
  return (
    <div className="error-note conflict-note" role="alert" data-testid={`conflict-${file}`}>
      <div>
        <p>
          <strong>{file}</strong> was changed in another editor while you had unsaved edits here. Nothing has been overwritten: choose which
          version to keep.
        </p>
        <details>
          <summary>See the version on disk</summary>
          <pre className="reference-code">{disk}</pre>
        </details>
      </div>
      <div className="conflict-actions">
        <button type="button" className="button small primary" onClick={() => void keepMine(file)}>
          Keep mine (overwrite the file)
        </button>
        <button type="button" className="button small" onClick={() => takeTheirs(file)}>
          Use the version on disk
        </button>
      </div>
    </div>
  )
}

function formatValue(value: number, unit: string): string {
  if (unit === 'bytes') return formatBytes(value)
  if (unit === 'seconds') return value < 1e-3 ? `${(value * 1e6).toFixed(1)} µs` : `${(value * 1e3).toFixed(2)} ms`
  if (unit === 'FLOP') return value >= 1e6 ? `${(value / 1e6).toFixed(2)} MFLOP` : `${value.toLocaleString()} FLOP`
  return value.toLocaleString()
}

export function Workspace({ moduleId }: { moduleId: string }) {
  const s = useTinyTorch()
  const navigate = useRouter((r) => r.navigate)
  const [tab, setTab] = useState<Tab>('results')

  useEffect(() => {
    void s.open(moduleId)
    return ipc.on('workspaceChanged', (e) => void useTinyTorch.getState().externalChange(e.moduleId, e.file))
  }, [moduleId])

  useEffect(() => {
    const flush = () => void useTinyTorch.getState().flush()
    window.addEventListener('beforeunload', flush)
    return () => {
      window.removeEventListener('beforeunload', flush)
      flush()
    }
  }, [])

  if (s.openError?.notFound) {
    return <NotFound what={`There is no TinyTorch module “${moduleId}”.`} back="← All modules" onBack={() => navigate('tinytorch')} />
  }
  if (s.openError) {
    return (
      <div className="page">
        <ErrorNote message={`Could not open ${moduleId}: ${s.openError.message}`} onRetry={() => void s.open(moduleId)} />
      </div>
    )
  }
  if (!s.current || s.current.moduleId !== moduleId) return <Loading label="Opening the module…" />
  const m = s.current
  const file = s.activeFile ?? m.files[0]?.name ?? ''

  return (
    <div className="workspace">
      <div className="workspace-bar">
        <button type="button" className="button small" onClick={() => navigate('tinytorch')}>
          ← Modules
        </button>
        <h1>{m.title}</h1>
        <span className={`save-state save-${s.saveState}`} data-testid="save-state" role="status">
          {SAVE_LABELS[s.saveState]}
        </span>
        <span className="spacer" />
        {m.unpassedPrerequisites.length ? (
          <label className="checkbox" title="Run with the reference solution for earlier modules you have not passed yet">
            <input type="checkbox" checked={s.useReferenceForUnpassed} onChange={(e) => s.setUseReference(e.target.checked)} />
            Use reference for {m.unpassedPrerequisites.join(', ')}
          </label>
        ) : null}
        <button
          type="button"
          className="button"
          onClick={() => (setTab('results'), void s.grade('run'))}
          disabled={!!s.grading}
          title="Run the visible tests (Ctrl+Enter)"
        >
          {s.grading === 'run' ? 'Running…' : 'Run'}
        </button>
        <button
          type="button"
          className="button primary"
          onClick={() => (setTab('results'), void s.grade('submit'))}
          disabled={!!s.grading}
          title="Run every test, hidden ones included (Ctrl+Shift+Enter)"
        >
          {s.grading === 'submit' ? 'Submitting…' : 'Submit'}
        </button>
      </div>
      {s.saveError ? <ErrorNote message={s.saveError} onRetry={() => void s.flush()} retryLabel="Save again" /> : null}
      {Object.entries(s.conflicts).map(([name, c]) => (
        <ConflictNote key={name} file={name} disk={c.disk} />
      ))}
      <div className="workspace-grid">
        <article className="lesson-pane" aria-label="Lesson">
          <Markdown source={m.lesson} />
          <p className="muted small">
            Your files live in <code>{m.workspacePath}</code>; edits made there in another editor show up here.
          </p>
        </article>
        <section className="editor-pane" aria-label="Code">
          <div className="file-tabs" role="tablist">
            {m.files.map((f) => (
              <button
                key={f.name}
                type="button"
                role="tab"
                aria-selected={f.name === file}
                className={`file-tab ${f.name === file ? 'active' : ''}`}
                onClick={() => s.setActiveFile(f.name)}
              >
                {f.name}
              </button>
            ))}
          </div>
          <CodeEditor
            moduleId={m.moduleId}
            file={file}
            cursor={s.cursor?.file === file ? s.cursor : null}
            text={s.files[file] ?? ''}
            onChange={(text) => s.edit(file, text)}
            onRun={() => void s.grade('run')}
            onSubmit={() => void s.grade('submit')}
          />
          <div className="panel-tabs" role="tablist">
            {(['results', 'hints', 'systems', 'reference'] as Tab[]).map((t) => (
              <button
                key={t}
                type="button"
                role="tab"
                aria-selected={tab === t}
                className={`panel-tab ${tab === t ? 'active' : ''}`}
                onClick={() => setTab(t)}
              >
                {t[0]!.toUpperCase() + t.slice(1)}
              </button>
            ))}
          </div>
          <div className="panel-body">
            {tab === 'results' ? (
              s.gradeError ? (
                <ErrorNote
                  message={s.gradeError.message}
                  onRetry={s.gradeError.mode ? () => void s.grade(s.gradeError!.mode!) : undefined}
                  retryLabel={s.gradeError.mode === 'submit' ? 'Submit again' : 'Run again'}
                />
              ) : s.grading ? (
                <Loading label={s.grading === 'run' ? 'Running the visible tests…' : 'Running every test…'} />
              ) : s.result ? (
                <ResultsPanel result={s.result} files={m.files.map((f) => f.name)} onGoTo={s.goTo} />
              ) : (
                <p className="muted">Run checks your code against the visible tests; Submit adds the hidden ones.</p>
              )
            ) : null}
            {tab === 'hints' ? (
              <ul className="hint-list">
                {m.tasks.map((t) => {
                  const shown = s.hints[t.id] ?? []
                  const total = m.hintCounts[t.id] ?? 0
                  const busy = s.hintBusy[t.id] ?? false
                  const error = s.hintErrors[t.id]
                  return (
                    <li key={t.id} data-testid={`hints-${t.id}`}>
                      <div className="hint-head">
                        <strong>{t.title}</strong>
                        <span className="muted small">
                          {shown.length} of {total} shown
                        </span>
                        <button
                          type="button"
                          className="button small"
                          disabled={busy || shown.length >= total}
                          aria-busy={busy}
                          onClick={() => void s.nextHint(t.id)}
                        >
                          {busy ? 'Opening…' : shown.length === 0 ? 'Show a hint' : shown.length >= total ? 'No more hints' : 'Next hint'}
                        </button>
                      </div>
                      {shown.map((h, i) => (
                        <p key={i} className="hint-text">
                          {HINT_LEVELS[i] ?? `Hint ${i + 1}`}: {h}
                        </p>
                      ))}
                      {error ? <ErrorNote message={`Could not open the hint: ${error}`} onRetry={() => void s.nextHint(t.id)} /> : null}
                    </li>
                  )
                })}
              </ul>
            ) : null}
            {tab === 'systems' ? (
              <div>
                <button type="button" className="button small" onClick={() => void s.measure()} disabled={s.systemsBusy}>
                  {s.systemsBusy ? 'Measuring…' : 'Measure my code'}
                </button>
                {s.systems?.status === 'error' ? (
                  <ErrorNote
                    message={s.systems.message ?? 'measurement failed'}
                    onRetry={() => void s.measure()}
                    retryLabel="Measure again"
                  />
                ) : null}
                {s.systems?.status === 'ok' ? (
                  <table className="systems-table" data-testid="systems-table">
                    <thead>
                      <tr>
                        <th>Quantity</th>
                        <th>Measured</th>
                        <th>Estimate</th>
                      </tr>
                    </thead>
                    <tbody>
                      {s.systems.rows.map((r) => (
                        <tr key={r.label}>
                          <td>{r.label}</td>
                          <td>{formatValue(r.measured, r.unit)}</td>
                          <td>{r.estimate === null ? '—' : formatValue(r.estimate, r.unit)}</td>
                        </tr>
                      ))}
                    </tbody>
                  </table>
                ) : null}
                {s.systems?.note ? <p className="muted">{s.systems.note}</p> : null}
              </div>
            ) : null}
            {tab === 'reference' ? (
              <div>
                {s.reference ? (
                  s.reference.map((f) => (
                    <details key={f.name} open>
                      <summary>{f.name}</summary>
                      <pre className="reference-code">{f.text}</pre>
                    </details>
                  ))
                ) : (
                  <>
                    <p className="muted">
                      The reference solution opens after you pass, or after several attempts if you confirm you want to see it.
                    </p>
                    <button type="button" className="button small" onClick={() => void s.showReference(false)}>
                      Show the reference
                    </button>
                    {s.referenceError ? (
                      <div className="error-note" role="alert">
                        <span>{s.referenceError.message}</span>
                        {!s.referenceError.needsConfirm ? null : (
                          <button type="button" className="button small" onClick={() => void s.showReference(true)}>
                            Yes, show it
                          </button>
                        )}
                      </div>
                    ) : null}
                  </>
                )}
              </div>
            ) : null}
          </div>
        </section>
      </div>
    </div>
  )
}
