import { type KeyboardEvent, useRef } from 'react'
import { listKeyTarget } from './listKeys'

/**
 * A page's tabs, each opened by `open(id)` (pages navigate, so Back and a reload keep the tab): a click
 * or Left/Right/Home/End opens one (the ARIA tabs pattern with automatic activation). Each tab is
 * `#<prefix>-tab-<id>` (also its test id) and controls the panel `panelId(id)`; the page lays out
 * `.<prefix>-tabs`.
 */
export function Tabs<Id extends string>({
  open,
  tabs,
  current,
  prefix,
  label,
  panelId,
  look
}: {
  open: (id: Id) => void
  tabs: readonly { id: Id; title: string }[]
  current: string
  prefix: string
  label: string
  panelId: (id: Id) => string
  /** 'pill': bordered buttons; 'underline': text with a bar under the open tab. */
  look: 'pill' | 'underline'
}) {
  const list = useRef<HTMLDivElement>(null)
  const onKeyDown = (e: KeyboardEvent<HTMLDivElement>) => {
    const next = listKeyTarget(
      e.key,
      tabs.findIndex((t) => t.id === current),
      tabs.length,
      'horizontal'
    )
    if (next < 0) return
    e.preventDefault()
    const id = tabs[next]!.id
    open(id)
    requestAnimationFrame(() => list.current?.querySelector<HTMLButtonElement>(`#${prefix}-tab-${id}`)?.focus())
  }
  return (
    <div className={`route-tabs ${look} ${prefix}-tabs`} role="tablist" aria-label={label} ref={list} onKeyDown={onKeyDown}>
      {tabs.map((t) => (
        <button
          key={t.id}
          id={`${prefix}-tab-${t.id}`}
          type="button"
          role="tab"
          aria-selected={t.id === current}
          aria-controls={panelId(t.id)}
          tabIndex={t.id === current ? 0 : -1}
          className={`route-tab ${t.id === current ? 'active' : ''}`}
          onClick={() => open(t.id)}
          data-testid={`${prefix}-tab-${t.id}`}
        >
          {t.title}
        </button>
      ))}
    </div>
  )
}
