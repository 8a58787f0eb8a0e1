import { useCallback, useEffect, useRef, useState } from 'react'
import { dashboardTitle, type HighlightView } from '../../../../src-preload/contract'
import { useRouter } from '../../app/routerStore'
import { ipc } from '../../ipc/client'
import { ErrorNote, Loading } from '../../ui/components'
import { Article, type ArticleHandle, type Selected } from './Article'
import { COLORS, formatMinutes, type HighlightColor, type OpenChapter, useChapters } from './chaptersStore'
import { Quiz } from './Quiz'
import { SearchBox, typingIn } from './SearchBox'

const SAVE_AFTER_MS = 1500
const TIME_TICK_S = 15
const IDLE_AFTER_MS = 90_000

function scroller(): HTMLElement | null {
  return document.getElementById('main')
}

/** Where the reader is: the section at the top of the view and how far into it, plus how much is read. */
function measure(body: HTMLElement): { sectionId: string; fraction: number; percent: number } | null {
  const main = scroller()
  if (!main || !body.isConnected) return null
  const top = main.getBoundingClientRect().top + 80
  const headings = [...body.querySelectorAll<HTMLElement>('h2[id], h3[id]')]
  let current: HTMLElement | null = null
  for (const h of headings) {
    if (h.getBoundingClientRect().top <= top) current = h
    else break
  }
  const next = current ? headings[headings.indexOf(current) + 1] : headings[0]
  const startY = current ? current.getBoundingClientRect().top : body.getBoundingClientRect().top
  const endY = next ? next.getBoundingClientRect().top : body.getBoundingClientRect().bottom
  const fraction = Math.min(1, Math.max(0, (top - startY) / Math.max(1, endY - startY)))
  const bodyRect = body.getBoundingClientRect()
  const seen = main.getBoundingClientRect().bottom - bodyRect.top
  const percent = Math.min(100, Math.max(0, (seen / Math.max(1, bodyRect.height)) * 100))
  return { sectionId: current?.id ?? '', fraction, percent }
}

function scrollToAnchor(body: HTMLElement, anchor: string, fraction = 0): boolean {
  const main = scroller()
  const el = anchor ? body.querySelector<HTMLElement>(`#${CSS.escape(anchor)}`) : null
  if (!main || (anchor && !el)) return false
  if (!el) {
    main.scrollTop = 0
    return true
  }
  const headings = [...body.querySelectorAll<HTMLElement>('h2[id], h3[id]')]
  const next = headings[headings.indexOf(el) + 1]
  const height = next ? next.offsetTop - el.offsetTop : 0
  const y = el.getBoundingClientRect().top - main.getBoundingClientRect().top + main.scrollTop - 16 + height * fraction
  main.scrollTo({ top: Math.max(0, y) })
  if (fraction === 0) {
    el.classList.add('flash')
    setTimeout(() => el.classList.remove('flash'), 1400)
  }
  return true
}

interface Popover {
  kind: 'new' | 'edit'
  top: number
  left: number
  selected?: Selected
  highlight?: HighlightView
}

function Toolbar({
  pop,
  onColor,
  onNote,
  onCard,
  onDelete,
  onClose
}: {
  pop: Popover
  onColor(c: HighlightColor): void
  onNote(text: string): void
  onCard(): void
  onDelete(): void
  onClose(): void
}) {
  const [note, setNote] = useState(pop.highlight?.note ?? '')
  const [editing, setEditing] = useState(false)
  const current = pop.highlight?.color
  return (
    <dialog
      open
      className="hl-toolbar"
      style={{
        top: Math.min(Math.max(8, pop.top), window.innerHeight - 200),
        left: Math.min(Math.max(160, pop.left), window.innerWidth - 160)
      }}
      aria-label={pop.kind === 'new' ? 'Highlight the selection' : 'Edit the highlight'}
      data-testid="hl-toolbar"
      onKeyDown={(e) => e.key === 'Escape' && onClose()}
    >
      <fieldset className="hl-colors plain" aria-label="Colour">
        {COLORS.map((c, i) => (
          <button
            key={c}
            type="button"
            className={`hl-swatch hl-${c} ${current === c ? 'current' : ''}`}
            aria-label={`${c} (${i + 1})`}
            title={`${c} (${i + 1})`}
            onClick={() => onColor(c)}
            data-testid={`hl-color-${c}`}
          />
        ))}
      </fieldset>
      {editing ? (
        <form
          className="hl-note-form"
          onSubmit={(e) => {
            e.preventDefault()
            onNote(note)
          }}
        >
          <textarea autoFocus rows={3} value={note} onChange={(e) => setNote(e.target.value)} aria-label="Note" data-testid="hl-note" />
          <button type="submit" className="button small primary" data-testid="hl-note-save">
            Save note
          </button>
        </form>
      ) : (
        <div className="hl-actions">
          <button type="button" className="button small" onClick={() => setEditing(true)} data-testid="hl-add-note">
            {pop.highlight?.note ? 'Edit note' : 'Note'}
          </button>
          <button type="button" className="button small" onClick={onCard} data-testid="hl-make-card" disabled={pop.highlight?.hasCard}>
            {pop.highlight?.hasCard ? 'Card made' : 'Make a card'}
          </button>
          {pop.kind === 'edit' ? (
            <button type="button" className="button small" onClick={onDelete} data-testid="hl-delete">
              Remove
            </button>
          ) : null}
          <button type="button" className="button small" onClick={onClose} aria-label="Close">
            ×
          </button>
        </div>
      )}
    </dialog>
  )
}

function NotesPanel({
  chapter,
  highlights,
  orphans,
  onJump,
  onEdit
}: {
  chapter: OpenChapter
  highlights: HighlightView[]
  orphans: ReadonlySet<string>
  onJump(h: HighlightView): void
  onEdit(h: HighlightView, target: HTMLElement): void
}) {
  const bookmarks = useChapters((s) => s.bookmarks)
  const loadAnnotations = useChapters((s) => s.loadAnnotations)
  const sectionTitle = (id: string) => chapter.sections.find((s) => s.id === id)?.title ?? ''
  return (
    <aside className="reader-notes" aria-label="Your highlights, notes and bookmarks" data-testid="notes-panel">
      <h2 className="panel-title">Bookmarks</h2>
      {bookmarks.length === 0 ? <p className="muted small">Press b to bookmark the section you are in.</p> : null}
      <ul className="panel-list">
        {bookmarks.map((b) => (
          <li key={b.bookmarkId} className="bookmark-item">
            <a href={`#/chapters/${chapter.summary.id}/${b.anchor.split('@')[0]}`}>{b.label}</a>
            <button
              type="button"
              className="link-button"
              aria-label={`Remove bookmark ${b.label}`}
              onClick={() =>
                ipc.chapters
                  .removeBookmark({ id: chapter.summary.id, bookmarkId: b.bookmarkId })
                  .then(() => loadAnnotations(chapter.summary.id))
              }
            >
              ×
            </button>
          </li>
        ))}
      </ul>
      <h2 className="panel-title">Highlights and notes</h2>
      {highlights.length === 0 ? <p className="muted small">Select text to highlight it, add a note or make a review card.</p> : null}
      <ul className="panel-list" data-testid="highlight-list">
        {highlights.map((h) => (
          <li key={h.highlightId} className={`hl-item hl-border-${h.color}`}>
            <button type="button" className="hl-quote" onClick={() => onJump(h)} disabled={orphans.has(h.highlightId)}>
              “{h.quote.length > 140 ? `${h.quote.slice(0, 137)}…` : h.quote}”
            </button>
            {h.note ? <p className="hl-note-text">{h.note}</p> : null}
            <p className="muted small">
              {orphans.has(h.highlightId) ? 'its text is no longer in this chapter' : sectionTitle(h.sectionId)}
              {h.hasCard ? ' · in review' : ''}{' '}
              <button type="button" className="link-button" onClick={(e) => onEdit(h, e.currentTarget)}>
                edit
              </button>
            </p>
          </li>
        ))}
      </ul>
    </aside>
  )
}

export function Reader({ id, anchor }: { id: string; anchor: string | null }) {
  const { chapter, chapterError, loadingId, highlights, open, loadAnnotations, color, setColor, message, say } = useChapters()
  const navigate = useRouter((s) => s.navigate)
  const article = useRef<ArticleHandle>(null)
  const [pop, setPop] = useState<Popover | null>(null)
  const [orphans, setOrphans] = useState<ReadonlySet<string>>(new Set())
  const [current, setCurrent] = useState('')
  const [percent, setPercent] = useState(0)
  const restored = useRef<string | null>(null)
  const loaded = chapter?.summary.id === id ? chapter : null

  useEffect(() => {
    void open(id)
    // Leaving the chapter forgets it, so coming back reads its saved position and annotations afresh.
    return () => useChapters.setState({ chapter: null, highlights: [], bookmarks: [], loadingId: null, message: null })
  }, [id, open])

  // Restore the reading position, or jump to the anchor in the address.
  useEffect(() => {
    const body = article.current?.root()
    if (!loaded || !body) return
    const key = `${loaded.summary.id}/${anchor ?? ''}`
    if (restored.current === key) return
    restored.current = key
    requestAnimationFrame(() => {
      if (anchor) {
        if (!scrollToAnchor(body, anchor)) say(`There is no “${anchor}” in this chapter.`)
      } else {
        const [sec, frac] = loaded.summary.state.position.split('@')
        scrollToAnchor(body, sec ?? '', Number(frac) || 0)
      }
      setPercent(loaded.summary.state.percentRead)
    })
  }, [loaded, anchor, say])

  // Track the position as the learner scrolls; save it shortly after they stop.
  useEffect(() => {
    const main = scroller()
    if (!loaded || !main) return
    let timer: ReturnType<typeof setTimeout> | undefined
    let frame = 0
    let best = loaded.summary.state.percentRead
    const save = () => {
      const body = article.current?.root()
      const m = body ? measure(body) : null
      if (!m) return
      best = Math.max(best, m.percent)
      void ipc.chapters
        .savePosition({
          id: loaded.summary.id,
          position: `${m.sectionId}@${m.fraction.toFixed(3)}`,
          percentRead: Math.round(best * 10) / 10
        })
        .catch(() => {})
    }
    const onScroll = () => {
      cancelAnimationFrame(frame)
      frame = requestAnimationFrame(() => {
        const body = article.current?.root()
        const m = body ? measure(body) : null
        if (m) {
          setCurrent(m.sectionId)
          setPercent((p) => Math.max(p, m.percent))
        }
      })
      clearTimeout(timer)
      timer = setTimeout(() => {
        timer = undefined
        save()
      }, SAVE_AFTER_MS)
    }
    main.addEventListener('scroll', onScroll, { passive: true })
    return () => {
      main.removeEventListener('scroll', onScroll)
      cancelAnimationFrame(frame)
      if (timer) {
        clearTimeout(timer)
        save()
      }
    }
  }, [loaded])

  // Time spent: counted while the page is visible and the learner has done something lately.
  useEffect(() => {
    if (!loaded) return
    let last = Date.now()
    let pending = 0
    const active = () => {
      last = Date.now()
    }
    const flush = () => {
      if (pending >= 1) void ipc.chapters.addTime({ id: loaded.summary.id, seconds: pending }).catch(() => {})
      pending = 0
    }
    const tick = setInterval(() => {
      if (document.visibilityState === 'visible' && Date.now() - last < IDLE_AFTER_MS) pending += TIME_TICK_S
      if (pending >= 60) flush()
    }, TIME_TICK_S * 1000)
    const events = ['scroll', 'keydown', 'mousemove', 'pointerdown'] as const
    for (const e of events) window.addEventListener(e, active, { passive: true, capture: true })
    return () => {
      clearInterval(tick)
      for (const e of events) window.removeEventListener(e, active, { capture: true })
      flush()
    }
  }, [loaded])

  const onOrphans = useCallback((ids: string[]) => setOrphans(new Set(ids)), [])

  const saveHighlight = async (c: HighlightColor, note: string, existing?: HighlightView, sel?: Selected) => {
    if (!loaded) return null
    setColor(c)
    const base = existing ?? sel
    if (!base) return null
    try {
      const r = await ipc.chapters.saveHighlight({
        id: loaded.summary.id,
        ...(existing ? { highlightId: existing.highlightId } : {}),
        color: c,
        quote: base.quote,
        prefix: base.prefix,
        suffix: base.suffix,
        start: base.start,
        sectionId: base.sectionId,
        note
      })
      window.getSelection()?.removeAllRanges()
      await loadAnnotations(loaded.summary.id)
      return r.highlightId
    } catch (e) {
      say(`Could not save the highlight: ${(e as Error).message}`)
      return null
    }
  }

  const makeCard = async (h: HighlightView | null, sel?: Selected) => {
    if (!loaded) return
    let target = h
    let sentence = sel?.sentence ?? null
    if (!target && sel) {
      const hid = await saveHighlight(color, '', undefined, sel)
      target = hid ? (useChapters.getState().highlights.find((x) => x.highlightId === hid) ?? null) : null
    }
    if (!target) return
    sentence ??= article.current?.sentenceOf(target) ?? target.quote
    try {
      await ipc.chapters.cardFromHighlight({ id: loaded.summary.id, highlightId: target.highlightId, sentence })
      say('Card made: it waits in Review.')
      await loadAnnotations(loaded.summary.id)
    } catch (e) {
      say(`Could not make the card: ${(e as Error).message}`)
    }
    setPop(null)
  }

  const editHighlight = (h: HighlightView, rect: { top: number; left: number; bottom: number }) =>
    setPop({ kind: 'edit', highlight: h, top: rect.bottom + 8, left: rect.left })

  const bookmarkHere = useCallback(async () => {
    if (!loaded) return
    const body = article.current?.root()
    const m = body ? measure(body) : null
    const sec = loaded.sections.find((s) => s.id === m?.sectionId)
    try {
      await ipc.chapters.addBookmark({
        id: loaded.summary.id,
        anchor: `${m?.sectionId ?? ''}@${(m?.fraction ?? 0).toFixed(3)}`,
        label: sec ? `${sec.number ? `${sec.number} ` : ''}${sec.title}` : loaded.summary.title
      })
      await loadAnnotations(loaded.summary.id)
      say(`Bookmarked ${sec?.title ?? 'the start of the chapter'}.`)
    } catch (e) {
      say(`Could not bookmark: ${(e as Error).message}`)
    }
  }, [loaded, loadAnnotations, say])

  const toggleRead = useCallback(async () => {
    if (!loaded) return
    try {
      const read = loaded.summary.state.readAt === null
      const r = await ipc.chapters.markRead({ id: loaded.summary.id, read })
      useChapters.setState({ chapter: { ...loaded, summary: { ...loaded.summary, state: { ...loaded.summary.state, readAt: r.readAt } } } })
      say(read ? 'Marked as read.' : 'Marked as unread.')
    } catch (e) {
      say(`Could not change the read mark: ${(e as Error).message}`)
    }
  }, [loaded, say])

  // Keyboard: n/p sections, h highlight, b bookmark, m read; 1–5 colours while the toolbar is open.
  useEffect(() => {
    const onKey = (e: KeyboardEvent) => {
      if (e.ctrlKey || e.metaKey || e.altKey || typingIn(e.target) || !loaded) return
      const body = article.current?.root()
      if (!body) return
      if (pop && /^[1-5]$/.test(e.key)) {
        e.preventDefault()
        const c = COLORS[Number(e.key) - 1]!
        void saveHighlight(c, pop.highlight?.note ?? '', pop.highlight, pop.selected).then(() => setPop(null))
        return
      }
      if (e.key === 'n' || e.key === 'p' || e.key === 'j' || e.key === 'k') {
        e.preventDefault()
        const headings = [...body.querySelectorAll<HTMLElement>('h2[id], h3[id]')]
        const m = measure(body)
        const i = headings.findIndex((h) => h.id === m?.sectionId)
        const forward = e.key === 'n' || e.key === 'j'
        const target = forward ? headings[i + 1] : headings[Math.max(0, m && m.fraction > 0.05 ? i : i - 1)]
        if (target) scrollToAnchor(body, target.id)
      } else if (e.key === 'h') {
        const sel = article.current?.selection()
        if (sel) {
          e.preventDefault()
          void saveHighlight(color, '', undefined, sel)
          setPop(null)
        }
      } else if (e.key === 'b') {
        e.preventDefault()
        void bookmarkHere()
      } else if (e.key === 'm') {
        e.preventDefault()
        void toggleRead()
      } else if (e.key === 'Escape') setPop(null)
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  })

  if (chapterError && loadingId === null && !loaded) {
    return (
      <div className="page">
        <ErrorNote message={chapterError} onRetry={() => void open(id)} />
        <button type="button" className="button" onClick={() => navigate('chapters')}>
          ← All chapters
        </button>
      </div>
    )
  }
  if (!loaded) return <Loading label="Opening the chapter…" />

  const c = loaded
  const s = c.summary
  const dashTitle = (d: string) => dashboardTitle(d) ?? d
  const onSelect = (sel: Selected | null) => {
    if (!sel) {
      setPop((p) => (p?.kind === 'new' ? null : p))
      return
    }
    setPop({ kind: 'new', selected: sel, top: sel.rect.bottom + 8, left: sel.rect.left })
  }

  return (
    <div className="reader" data-testid="reader">
      <nav className="reader-outline" aria-label="Sections of this chapter">
        <button type="button" className="link-button" onClick={() => navigate('chapters')} data-testid="back-to-toc">
          ← All chapters
        </button>
        <progress className="outline-progress" max={100} value={Math.round(percent)} aria-label={`${Math.round(percent)} % read`} />
        <ol className="outline" data-testid="outline">
          {c.sections.map((sec) => (
            <li key={sec.id} className={`outline-l${sec.level} ${sec.id === current ? 'current' : ''}`}>
              <a href={`#/chapters/${s.id}/${sec.id}`} aria-current={sec.id === current ? 'location' : undefined}>
                {sec.number ? <span className="sec-number">{sec.number}</span> : null} {sec.title}
              </a>
            </li>
          ))}
        </ol>
        <p className="muted small keys">
          <kbd>n</kbd>/<kbd>p</kbd> sections · <kbd>/</kbd> search · <kbd>h</kbd> highlight · <kbd>b</kbd> bookmark · <kbd>m</kbd> read
        </p>
      </nav>

      <article className="reader-main">
        <SearchBox />
        <header className="chapter-header">
          <p className="chapter-kicker muted">
            {s.source === 'imported' ? 'Textbook' : 'Study notes'} · Volume {s.volume === 1 ? 'I' : 'II'}
            {s.number !== null ? ` · Chapter ${s.number}` : ''}
          </p>
          <h1 data-testid="chapter-title">{s.title}</h1>
          {c.purpose ? <p className="chapter-purpose">{c.purpose}</p> : null}
          <p className="chapter-stats muted small">
            {s.words.toLocaleString()} words · about {Math.max(1, Math.round(s.words / 230))} min · {Math.round(percent)} % read ·{' '}
            {formatMinutes(s.state.secondsSpent)} spent
          </p>
          <div className="chapter-actions">
            <button
              type="button"
              className={`button small ${s.state.readAt ? 'primary' : ''}`}
              onClick={() => void toggleRead()}
              data-testid="mark-read"
            >
              {s.state.readAt ? '✓ Read' : 'Mark as read'}
            </button>
            <button type="button" className="button small" onClick={() => void bookmarkHere()} data-testid="bookmark">
              Bookmark this section
            </button>
          </div>
          {c.objectives.length ? (
            <div className="objectives">
              <h2>Learning objectives</h2>
              <ul>
                {c.objectives.map((o, i) => (
                  <li key={i}>{o}</li>
                ))}
              </ul>
            </div>
          ) : null}
        </header>
        {message ? (
          <div className="notice reader-message" role="status">
            {message}{' '}
            <button type="button" className="link-button" onClick={() => say(null)} aria-label="Dismiss">
              ×
            </button>
          </div>
        ) : null}
        {c.liveNumbers.failed.length ? (
          <div className="error-note" role="alert" data-testid="live-failures">
            {c.liveNumbers.failed.length} live number{c.liveNumbers.failed.length === 1 ? '' : 's'} could not be computed; each is marked ⚠
            in the text.
          </div>
        ) : null}

        <Article
          ref={article}
          html={c.html}
          highlights={highlights}
          onSelect={onSelect}
          onHighlightClick={(hid, rect) => {
            const h = highlights.find((x) => x.highlightId === hid)
            if (h) editHighlight(h, rect)
          }}
          onOrphans={onOrphans}
        />

        {c.keyTerms.length ? (
          <section className="card key-terms">
            <h2 className="card-title">Key terms</h2>
            <dl>
              {c.keyTerms.map((k) => (
                <div key={k.term}>
                  <dt>{k.term}</dt>
                  <dd>{k.definition}</dd>
                </div>
              ))}
            </dl>
          </section>
        ) : null}

        {c.links.modules.length || c.links.dashboards.length || c.links.drillTopics.length ? (
          <section className="card chapter-links" data-testid="chapter-links">
            <h2 className="card-title">Practise what this chapter teaches</h2>
            {c.links.modules.length ? (
              <p>
                <span className="muted">TinyTorch: </span>
                {c.links.modules.map((m) => (
                  <a key={m.id} className="chip" href={`#/tinytorch/${m.id}`}>
                    {m.id.slice(0, 2)} {m.title}
                  </a>
                ))}
              </p>
            ) : null}
            {c.links.dashboards.length ? (
              <p>
                <span className="muted">Simulator: </span>
                {c.links.dashboards.map((d) => (
                  <a key={d} className="chip" href={`#/simulator/${d}`}>
                    {dashTitle(d)}
                  </a>
                ))}
              </p>
            ) : null}
            {c.links.drillTopics.length ? (
              <p>
                <span className="muted">Drill topics: </span>
                {c.links.drillTopics.map((t) => (
                  <a key={t} className="chip" href={`#/drills/${t}`}>
                    {t}
                  </a>
                ))}
              </p>
            ) : null}
          </section>
        ) : null}

        <Quiz key={s.id} chapterId={s.id} questions={c.quiz} />

        {c.sources.length ? (
          <details className="card sources">
            <summary>Sources</summary>
            <ul>
              {c.sources.map((src, i) => (
                <li key={i}>{src}</li>
              ))}
            </ul>
          </details>
        ) : null}
        {c.warnings.length ? (
          <details className="card writer-warnings">
            <summary className="muted small">{c.warnings.length} notes on this chapter's source</summary>
            <ul className="small">
              {c.warnings.map((w, i) => (
                <li key={i}>{w}</li>
              ))}
            </ul>
          </details>
        ) : null}
        <nav className="chapter-nav" aria-label="Other chapters">
          {c.previous ? (
            <button type="button" className="button" onClick={() => navigate('chapters', c.previous)} data-testid="prev-chapter">
              ← Previous chapter
            </button>
          ) : (
            <span />
          )}
          {c.next ? (
            <button type="button" className="button" onClick={() => navigate('chapters', c.next)} data-testid="next-chapter">
              Next chapter →
            </button>
          ) : null}
        </nav>
      </article>

      <NotesPanel
        chapter={c}
        highlights={highlights}
        orphans={orphans}
        onJump={(h) => {
          const mark = article.current?.root()?.querySelector<HTMLElement>(`mark[data-hl="${CSS.escape(h.highlightId)}"]`)
          mark?.scrollIntoView({ block: 'center' })
          mark?.focus({ preventScroll: true })
        }}
        onEdit={(h, target) => editHighlight(h, target.getBoundingClientRect())}
      />

      {pop ? (
        <Toolbar
          key={`${pop.kind}-${pop.highlight?.highlightId ?? pop.selected?.start}`}
          pop={pop}
          onColor={(col) => void saveHighlight(col, pop.highlight?.note ?? '', pop.highlight, pop.selected).then(() => setPop(null))}
          onNote={(text) => void saveHighlight(pop.highlight?.color ?? color, text, pop.highlight, pop.selected).then(() => setPop(null))}
          onCard={() => void makeCard(pop.highlight ?? null, pop.selected)}
          onDelete={() => {
            if (!pop.highlight) return
            void ipc.chapters
              .deleteHighlight({ id: s.id, highlightId: pop.highlight.highlightId })
              .then(() => loadAnnotations(s.id))
              .catch((e: Error) => say(`Could not remove it: ${e.message}`))
            setPop(null)
          }}
          onClose={() => setPop(null)}
        />
      ) : null}
    </div>
  )
}
