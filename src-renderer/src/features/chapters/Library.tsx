import { useEffect, useState } from 'react'
import type { ChapterSummaryView, ResponseOf } from '../../../../src-preload/contract'
import { useRouter } from '../../app/routerStore'
import { ipc } from '../../ipc/client'
import { Card, ErrorNote, Loading, PageHeader } from '../../ui/components'
import { relativeTime } from '../../ui/format'
import { formatMinutes, useChapters } from './chaptersStore'
import { SearchBox } from './SearchBox'

const VOLUME_TITLES: Record<number, string> = { 1: 'Volume I · Build, optimise, operate', 2: 'Volume II · Scale, distribute, govern' }

function ChapterRow({ c }: { c: ChapterSummaryView }) {
  const navigate = useRouter((s) => s.navigate)
  const read = c.state.readAt !== null
  const pct = Math.round(c.state.percentRead)
  return (
    <li>
      <button
        type="button"
        className={`toc-row ${c.error ? 'toc-broken' : ''}`}
        onClick={() => navigate('chapters', c.id)}
        data-testid={`toc-${c.id}`}
        aria-label={`${c.title}${read ? ', read' : pct ? `, ${pct} % read` : ', unread'}`}
      >
        <span className="toc-number">{c.number ?? '·'}</span>
        <span className="toc-title">
          {c.title}
          {c.error ? <span className="toc-error">cannot be shown: {c.error}</span> : null}
        </span>
        <span className="toc-meta muted">{c.error ? '' : `${Math.max(1, Math.round(c.words / 230))} min`}</span>
        <span className="toc-progress" aria-hidden="true">
          {read ? (
            <span className="badge read">read</span>
          ) : (
            <span className="bar">
              <span style={{ width: `${pct}%` }} />
            </span>
          )}
        </span>
      </button>
    </li>
  )
}

function Volume({ title, chapters }: { title: string; chapters: ChapterSummaryView[] }) {
  if (chapters.length === 0) return null
  const read = chapters.filter((c) => c.state.readAt).length
  return (
    <Card title={`${title} — ${read} of ${chapters.length} read`}>
      <ol className="toc">
        {chapters.map((c) => (
          <ChapterRow key={c.id} c={c} />
        ))}
      </ol>
    </Card>
  )
}

function ContinueReading() {
  const [last, setLast] = useState<ResponseOf<'chapters.continueReading'> | undefined>(undefined)
  const navigate = useRouter((s) => s.navigate)
  useEffect(() => {
    ipc.chapters
      .continueReading()
      .then(setLast)
      .catch(() => setLast(null))
  }, [])
  if (!last) return null
  return (
    <div className="resume card" data-testid="continue-reading">
      <div>
        <p className="resume-title">Continue: {last.title}</p>
        <p className="muted">
          {Math.round(last.percentRead)} % read · {relativeTime(last.at)}
        </p>
      </div>
      <button type="button" className="button primary" onClick={() => navigate('chapters', last.id)}>
        Continue reading
      </button>
    </div>
  )
}

export function ImportPanel({ onImported }: { onImported(): void }) {
  const [folder, setFolder] = useState('')
  const [info, setInfo] = useState<ResponseOf<'chapters.importInfo'> | null>(null)
  const [busy, setBusy] = useState(false)
  const [result, setResult] = useState<ResponseOf<'chapters.importBook'> | null>(null)
  const [error, setError] = useState<string | null>(null)
  const load = () =>
    ipc.chapters
      .importInfo()
      .then(setInfo)
      .catch(() => setInfo(null))
  useEffect(() => {
    void load()
  }, [])
  const run = async () => {
    setBusy(true)
    setError(null)
    setResult(null)
    try {
      const r = await ipc.chapters.importBook({ folder })
      setResult(r)
      onImported()
      void load()
    } catch (e) {
      setError((e as Error).message)
    } finally {
      setBusy(false)
    }
  }
  const browse = async () => {
    try {
      const r = await ipc.chapters.pickFolder()
      if (r.folder) setFolder(r.folder)
    } catch (e) {
      setError((e as Error).message)
    }
  }
  return (
    <Card title="The full textbook, from your own copy">
      <p className="muted small">
        If you have cloned the book's open sources, choose the clone (or a folder holding <code>vol1/</code> and <code>vol2/</code>). Its
        chapters are read into your data folder and appear here with their own quizzes; nothing is copied into the app.
        {info?.lastImport
          ? ` Last import: ${info.lastImport.chapters} chapters from ${info.lastImport.source}, ${relativeTime(info.lastImport.at)}.`
          : ''}
      </p>
      <form
        className="import-form"
        onSubmit={(e) => {
          e.preventDefault()
          if (folder.trim() && !busy) void run()
        }}
      >
        <label className="import-label">
          <span>Folder</span>
          <input
            type="text"
            value={folder}
            onChange={(e) => setFolder(e.target.value)}
            placeholder="/home/you/cs249r_book"
            spellCheck={false}
            data-testid="import-folder"
          />
        </label>
        {info?.canPickFolder ? (
          <button type="button" className="button" onClick={() => void browse()} disabled={busy}>
            Browse…
          </button>
        ) : null}
        <button type="submit" className="button primary" disabled={busy || !folder.trim()} data-testid="import-run">
          {busy ? 'Importing…' : info?.lastImport ? 'Import again' : 'Import'}
        </button>
      </form>
      {error ? <ErrorNote message={error} /> : null}
      {result ? (
        <div className="notice" role="status" data-testid="import-result">
          Imported {result.chapters} chapters, {result.sections} sections, {result.quizQuestions} quiz questions and {result.figures}{' '}
          figures.
          {result.warnings.length ? (
            <details>
              <summary>
                {result.warnings.length} warning{result.warnings.length === 1 ? '' : 's'}
              </summary>
              <ul className="warnings">
                {result.warnings.map((w, i) => (
                  <li key={i}>{w}</li>
                ))}
              </ul>
            </details>
          ) : null}
        </div>
      ) : null}
    </Card>
  )
}

export function Library() {
  const { list, listError, loadList } = useChapters()
  const navigate = useRouter((s) => s.navigate)
  useEffect(() => {
    void loadList()
  }, [loadList])
  const notes = list?.filter((c) => c.source === 'notes') ?? []
  const imported = list?.filter((c) => c.source === 'imported') ?? []
  const read = notes.filter((c) => c.state.readAt).length
  const spent = (list ?? []).reduce((s, c) => s + c.state.secondsSpent, 0)
  return (
    <div className="page chapters-page">
      <PageHeader
        title="Chapters"
        lead={
          list
            ? `${read} of ${notes.length} study-note chapters read · ${formatMinutes(spent)} spent reading`
            : 'Study notes for both volumes.'
        }
        actions={
          <button type="button" className="button" onClick={() => navigate('chapters', 'notebook')} data-testid="open-notebook">
            Notebook
          </button>
        }
      />
      <SearchBox />
      {listError ? <ErrorNote message={`Could not list the chapters: ${listError}`} onRetry={() => void loadList()} /> : null}
      <ContinueReading />
      {!list && !listError ? <Loading label="Reading the chapters…" /> : null}
      {list && notes.length === 0 ? (
        <div className="empty-state" role="status">
          <p className="empty-title">No study notes found</p>
          <p>The chapters folder of this installation is empty.</p>
        </div>
      ) : null}
      <Volume title={VOLUME_TITLES[1]!} chapters={notes.filter((c) => c.volume === 1)} />
      <Volume title={VOLUME_TITLES[2]!} chapters={notes.filter((c) => c.volume === 2)} />
      {imported.length ? (
        <>
          <h2 className="section-title">The textbook (imported)</h2>
          <Volume title="Volume I" chapters={imported.filter((c) => c.volume === 1)} />
          <Volume title="Volume II" chapters={imported.filter((c) => c.volume === 2)} />
        </>
      ) : null}
      <ImportPanel onImported={() => void loadList()} />
    </div>
  )
}
