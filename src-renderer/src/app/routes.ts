import type { Route } from '../../../src-preload/contract'

export interface RouteInfo {
  route: Route
  title: string
  /** Single-key hint shown in the sidebar; Alt+<key> opens the page. */
  key: string
  icon: string
}

export const ROUTES: readonly RouteInfo[] = [
  { route: 'home', title: 'Home', key: '1', icon: '⌂' },
  { route: 'chapters', title: 'Chapters', key: '2', icon: '▤' },
  { route: 'review', title: 'Review', key: '3', icon: '↻' },
  { route: 'tinytorch', title: 'TinyTorch', key: '4', icon: '⟨⟩' },
  { route: 'simulator', title: 'Simulator', key: '5', icon: '◔' },
  { route: 'drills', title: 'Drills', key: '6', icon: '✎' },
  { route: 'devices', title: 'Devices', key: '7', icon: '⌁' },
  { route: 'progress', title: 'Progress', key: '8', icon: '▦' }
]

export function routeInfo(route: Route): RouteInfo {
  return ROUTES.find((r) => r.route === route)!
}

/**
 * `#/simulator/roofline` → { route: 'simulator', subject: 'roofline' }; anything unknown → home. A query
 * after `?` (`#/simulator/roofline?devices=h100-sxm&intensity=20`) comes back as `query`: links from a
 * chapter's live numbers open a dashboard with those parameters.
 */
export function parseHash(hash: string): { route: Route; subject: string | null; query: Record<string, string> } {
  const raw = hash.replace(/^#\/?/, '')
  const q = raw.indexOf('?')
  const path = q >= 0 ? raw.slice(0, q) : raw
  const query = q >= 0 ? Object.fromEntries(new URLSearchParams(raw.slice(q + 1))) : {}
  const [first, ...rest] = path.split('/')
  const known = ROUTES.find((r) => r.route === first)
  if (!known) return { route: 'home', subject: null, query: {} }
  const subject = rest
    .map((part) => {
      try {
        return decodeURIComponent(part)
      } catch {
        return part
      }
    })
    .join('/')
  return { route: known.route, subject: subject || null, query }
}

export function toHash(route: Route, subject?: string | null): string {
  return `#/${route}${subject ? `/${subject.split('/').map(encodeURIComponent).join('/')}` : ''}`
}
