import { useEffect, useId, useRef, useState, type KeyboardEvent } from 'react'
import type { SearchHitView } from '../../../../src-preload/contract'
import { useRouter } from '../../app/routerStore'
import { useChapters } from './chaptersStore'

/** True when a key press belongs to a text field, not to the page's shortcuts. */
export function typingIn(target: EventTarget | null): boolean {
  const el = target as HTMLElement | null
  return !!el && (el.tagName === 'INPUT' || el.tagName === 'TEXTAREA' || el.tagName === 'SELECT' || el.isContentEditable)
}

function Snippet({ hit }: { hit: SearchHitView }) {
  const parts: { text: string; mark: boolean }[] = []
  let at = 0
  for (const [s, e] of hit.highlights) {
    if (s < at) continue
    parts.push({ text: hit.snippet.slice(at, s), mark: false }, { text: hit.snippet.slice(s, e), mark: true })
    at = e
  }
  parts.push({ text: hit.snippet.slice(at), mark: false })
  return (
    <span className="search-snippet">{parts.map((p, i) => (p.mark ? <mark key={i}>{p.text}</mark> : <span key={i}>{p.text}</span>))}</span>
  )
}

/** Search over every chapter and TinyTorch lesson: `/` focuses it from anywhere on the page, results as you type. */
export function SearchBox() {
  const { searchQuery, searchHits, searchError, search } = useChapters()
  const navigate = useRouter((s) => s.navigate)
  const input = useRef<HTMLInputElement>(null)
  const [active, setActive] = useState(0)
  const [open, setOpen] = useState(false)
  const listId = useId()

  useEffect(() => {
    const onKey = (e: globalThis.KeyboardEvent) => {
      if (e.key === '/' && !e.ctrlKey && !e.metaKey && !e.altKey && !typingIn(e.target)) {
        e.preventDefault()
        input.current?.focus()
        input.current?.select()
      }
    }
    window.addEventListener('keydown', onKey)
    return () => window.removeEventListener('keydown', onKey)
  }, [])

  const go = (hit: SearchHitView) => {
    setOpen(false)
    input.current?.blur()
    if (hit.kind === 'lesson') navigate('tinytorch', hit.chapterId.replace(/^tinytorch\//, ''))
    else navigate('chapters', hit.sectionId ? `${hit.chapterId}/${hit.sectionId}` : hit.chapterId)
  }

  const onKeyDown = (e: KeyboardEvent<HTMLInputElement>) => {
    if (e.key === 'ArrowDown') {
      e.preventDefault()
      setActive((a) => Math.min(a + 1, searchHits.length - 1))
    } else if (e.key === 'ArrowUp') {
      e.preventDefault()
      setActive((a) => Math.max(a - 1, 0))
    } else if (e.key === 'Enter' && searchHits[active]) {
      e.preventDefault()
      go(searchHits[active]!)
    } else if (e.key === 'Escape') {
      setOpen(false)
      input.current?.blur()
    }
  }

  const showList = open && searchQuery.trim() !== ''
  return (
    <div className="search-box">
      <input
        ref={input}
        type="search"
        className="search-input"
        placeholder="Search chapters and lessons  ( / )"
        aria-label="Search chapters and TinyTorch lessons"
        role="combobox"
        aria-expanded={showList}
        aria-controls={listId}
        aria-activedescendant={showList && searchHits[active] ? `${listId}-${active}` : undefined}
        value={searchQuery}
        onChange={(e) => {
          setActive(0)
          setOpen(true)
          void search(e.target.value)
        }}
        onFocus={() => setOpen(true)}
        onBlur={() => setTimeout(() => setOpen(false), 150)}
        onKeyDown={onKeyDown}
        data-testid="search-input"
      />
      {showList ? (
        <div className="search-results" role="listbox" id={listId} data-testid="search-results">
          {searchError ? <div className="search-empty">Search failed: {searchError}</div> : null}
          {!searchError && searchHits.length === 0 ? <div className="search-empty">Nothing matches “{searchQuery}”.</div> : null}
          {searchHits.map((hit, i) => (
            <div
              key={`${hit.chapterId}#${hit.sectionId}`}
              id={`${listId}-${i}`}
              role="option"
              tabIndex={-1}
              aria-selected={i === active}
              className={`search-hit ${i === active ? 'active' : ''}`}
              onMouseDown={(e) => {
                e.preventDefault()
                go(hit)
              }}
              onMouseEnter={() => setActive(i)}
              data-testid="search-hit"
            >
              <span className="search-where">
                {hit.kind === 'lesson' ? 'Lesson · ' : ''}
                {hit.chapterTitle}
                {hit.title && hit.title !== hit.chapterTitle ? ` › ${hit.title}` : ''}
              </span>
              <Snippet hit={hit} />
            </div>
          ))}
        </div>
      ) : null}
    </div>
  )
}
