import { create } from 'zustand'
import type { Route } from '../../../src-preload/contract'
import { ipc } from '../ipc/client'
import { parseHash, toHash } from './routes'

interface RouterState {
  route: Route
  subject: string | null
  /** Parameters after `?` in the address (a live number's link to a dashboard). */
  query: Record<string, string>
  navigate(route: Route, subject?: string | null): void
}

/** Hash-based router: the address survives a reload, and Back/Forward work in the browser host. */
export const useRouter = create<RouterState>((set) => ({
  ...parseHash(window.location.hash),
  navigate: (route, subject = null) => {
    const hash = toHash(route, subject)
    if (window.location.hash !== hash) window.location.hash = hash
    // The state follows at once, not on the hashchange event that comes later, so a key pressed before
    // that event (the next arrow on a tab list) already sees the page it opened.
    set({ route, subject, query: {} })
  }
}))

let lastVisit = ''
function recordVisit(route: Route, subject: string | null): void {
  const key = `${route}/${subject ?? ''}`
  if (key === lastVisit) return
  lastVisit = key
  ipc.progress
    .visit({ route, ...(subject ? { subject } : {}) })
    .catch((e: Error) => console.warn(`could not record the visit: ${e.message}`))
}

export function startRouter(): void {
  const sync = () => {
    const next = parseHash(window.location.hash)
    useRouter.setState(next)
    recordVisit(next.route, next.subject)
  }
  window.addEventListener('hashchange', sync)
  sync()
}
