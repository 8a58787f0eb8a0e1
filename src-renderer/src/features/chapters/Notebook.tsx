import { useEffect, useState } from 'react'
import type { BookmarkView, HighlightView } from '../../../../src-preload/contract'
import { useRouter } from '../../app/routerStore'
import { ipc } from '../../ipc/client'
import { ErrorNote, Loading, PageHeader } from '../../ui/components'
import { relativeTime } from '../../ui/format'
import { COLORS } from './chaptersStore'

function plural(n: number, word: string): string {
  return `${n} ${word}${n === 1 ? '' : 's'}`
}

/** Every highlight and note across chapters, filterable by colour, exportable as Markdown. */
export function Notebook() {
  const navigate = useRouter((s) => s.navigate)
  const [data, setData] = useState<{ highlights: HighlightView[]; bookmarks: BookmarkView[] } | null>(null)
  const [error, setError] = useState<string | null>(null)
  const [color, setColor] = useState<string>('all')
  const [notesOnly, setNotesOnly] = useState(false)
  const load = () =>
    ipc.chapters
      .annotations({})
      .then((d) => {
        setData(d)
        setError(null)
      })
      .catch((e: Error) => setError(e.message))
  useEffect(() => {
    void load()
  }, [])

  const download = async () => {
    try {
      const { fileName, markdown } = await ipc.chapters.exportNotebook()
      const url = URL.createObjectURL(new Blob([markdown], { type: 'text/markdown' }))
      const a = Object.assign(document.createElement('a'), { href: url, download: fileName })
      a.click()
      setTimeout(() => URL.revokeObjectURL(url), 1000)
    } catch (e) {
      setError((e as Error).message)
    }
  }

  const shown = (data?.highlights ?? []).filter((h) => (color === 'all' || h.color === color) && (!notesOnly || h.note.trim()))
  const groups = new Map<string, HighlightView[]>()
  for (const h of shown) groups.set(h.chapterTitle, [...(groups.get(h.chapterTitle) ?? []), h])

  return (
    <div className="page notebook-page" data-testid="notebook">
      <PageHeader
        title="Notebook"
        lead={
          data
            ? `${plural(data.highlights.length, 'highlight')}, ${data.highlights.filter((h) => h.note.trim()).length} with notes, ${plural(data.bookmarks.length, 'bookmark')}`
            : undefined
        }
        actions={
          <>
            <button type="button" className="button" onClick={() => navigate('chapters')}>
              ← Chapters
            </button>
            <button
              type="button"
              className="button primary"
              onClick={() => void download()}
              disabled={!data?.highlights.length}
              data-testid="export-notebook"
            >
              Export as Markdown
            </button>
          </>
        }
      />
      {error ? <ErrorNote message={error} onRetry={() => void load()} /> : null}
      {!data && !error ? <Loading /> : null}
      {data ? (
        <fieldset className="notebook-filters plain" aria-label="Filter">
          <select value={color} onChange={(e) => setColor(e.target.value)} aria-label="Colour">
            <option value="all">All colours</option>
            {COLORS.map((c) => (
              <option key={c} value={c}>
                {c}
              </option>
            ))}
          </select>
          <label>
            <input type="checkbox" checked={notesOnly} onChange={(e) => setNotesOnly(e.target.checked)} /> only with notes
          </label>
        </fieldset>
      ) : null}
      {data && data.highlights.length === 0 ? (
        <div className="empty-state" role="status">
          <p className="empty-title">Nothing highlighted yet</p>
          <p>Select text in a chapter to highlight it in a colour, add a note, or make a review card.</p>
        </div>
      ) : null}
      {[...groups].map(([title, items]) => (
        <section key={title} className="card">
          <h2 className="card-title">{title}</h2>
          <ul className="panel-list">
            {items.map((h) => (
              <li key={h.highlightId} className={`hl-item hl-border-${h.color}`}>
                <a className="hl-quote" href={`#/chapters/${h.chapterId}${h.sectionId ? `/${h.sectionId}` : ''}`}>
                  “{h.quote}”
                </a>
                {h.note ? <p className="hl-note-text">{h.note}</p> : null}
                <p className="muted small">
                  {h.color} · {relativeTime(h.updatedAt)}
                  {h.hasCard ? ' · in review' : ''}
                </p>
              </li>
            ))}
          </ul>
        </section>
      ))}
      {data?.bookmarks.length ? (
        <section className="card">
          <h2 className="card-title">Bookmarks</h2>
          <ul className="panel-list">
            {data.bookmarks.map((b) => (
              <li key={b.bookmarkId}>
                <a href={`#/chapters/${b.chapterId}/${b.anchor.split('@')[0]}`}>{b.label}</a>{' '}
                <span className="muted small">{b.chapterId}</span>
              </li>
            ))}
          </ul>
        </section>
      ) : null}
    </div>
  )
}
