import { useRef, type KeyboardEvent } from 'react'
import { listKeyTarget } from '../ui/listKeys'
import { useRouter } from './routerStore'
import { ROUTES } from './routes'

export function Sidebar() {
  const route = useRouter((s) => s.route)
  const navigate = useRouter((s) => s.navigate)
  const list = useRef<HTMLUListElement>(null)

  const onKeyDown = (e: KeyboardEvent<HTMLUListElement>) => {
    const buttons = Array.from(list.current?.querySelectorAll<HTMLButtonElement>('button') ?? [])
    const index = buttons.indexOf(document.activeElement as HTMLButtonElement)
    const next = listKeyTarget(e.key, index, buttons.length, 'vertical')
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
