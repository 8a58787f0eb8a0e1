import { useRef, type KeyboardEvent } from 'react'
import { useRouter } from './routerStore'
import { ROUTES } from './routes'

export function Sidebar() {
  const route = useRouter((s) => s.route)
  const navigate = useRouter((s) => s.navigate)
  const list = useRef<HTMLUListElement>(null)

  // Up/Down move between entries, Home/End jump to the ends (the usual navigation-list pattern).
  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const buttons = Array.from(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement)
    const next =
      e.key === 'ArrowDown' ? (index + 1) % buttons.length
      : e.key === 'ArrowUp' ? (index - 1 + buttons.length) % buttons.length
      : e.key === 'Home' ? 0
      : e.key === 'End' ? buttons.length - 1
      : -1
    if (next >= 0) {
      e.preventDefault()
      buttons[next]?.focus()
    }
  }

  return (
    <nav className="sidebar" aria-label="Sections">
      <div className="brand">
        <span className="brand-mark" aria-hidden="true">
          ML
        </span>
        <span>MLSys Workstation</span>
      </div>
      <ul ref={list} onKeyDown={onKeyDown}>
        {ROUTES.map((r) => (
          <li key={r.route}>
            <button
              type="button"
              className={`nav-item ${route === r.route ? 'active' : ''}`}
              aria-current={route === r.route ? 'page' : undefined}
              aria-keyshortcuts={`Alt+${r.key}`}
              title={`${r.title} (Alt+${r.key})`}
              data-testid={`nav-${r.route}`}
              onClick={() => navigate(r.route)}
            >
              <span className="nav-icon" aria-hidden="true">
                {r.icon}
              </span>
              <span className="nav-label">{r.title}</span>
              <kbd className="nav-key">{r.key}</kbd>
            </button>
          </li>
        ))}
      </ul>
    </nav>
  )
}
