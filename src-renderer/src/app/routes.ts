import { type Route, routeTitles } from '../../../src-preload/contract'

export interface RouteInfo {
  route: Route
  /** From the contract, where the activity log reads it too. */
  title: string
  /** Single-key hint shown in the sidebar; Alt+<key> opens the page. */
  key: string
  icon: string
}

export const ROUTES: readonly RouteInfo[] = [
  { route: 'home', title: routeTitles.home, key: '1', icon: '⌂' },
  { route: 'chapters', title: routeTitles.chapters, key: '2', icon: '▤' },
  { route: 'review', title: routeTitles.review, key: '3', icon: '↻' },
  { route: 'tinytorch', title: routeTitles.tinytorch, key: '4', icon: '⟨⟩' },
  { route: 'simulator', title: routeTitles.simulator, key: '5', icon: '◔' },
  { route: 'drills', title: routeTitles.drills, key: '6', icon: '✎' },
  { route: 'devices', title: routeTitles.devices, key: '7', icon: '⌁' },
  { route: 'progress', title: routeTitles.progress, key: '8', icon: '▦' }
]

export function routeInfo(route: Route): RouteInfo {
  return ROUTES.find((r) => r.route === route)!
}

/**
 * `#/simulator/roofline` → { route: 'simulator', subject: 'roofline' }; anything unknown → home. A query
 * after `?` (`#/simulator/roofline?devices=h100-sxm&intensity=20`, or `%3F…` as navigate() encodes a
 * subject built by simulatorSubject) comes back as `query`: links from a chapter's live numbers and from a
 * drill open a dashboard with those parameters, which the dashboard reads typed by its defaults.
 */
export function parseHash(hash: string): { route: Route; subject: string | null; query: Record<string, string> } {
  const raw = hash.replace(/^#\/?/, '')
  // The query starts at a `?`, or at `%3F` when navigate() encoded it as part of the subject.
  const plain = raw.indexOf('?')
  const encoded = raw.search(/%3F/i)
  const q = plain >= 0 && (encoded < 0 || plain < encoded) ? plain : encoded
  const path = q >= 0 ? raw.slice(0, q) : raw
  let queryText = q < 0 ? '' : q === plain ? raw.slice(q + 1) : raw.slice(q + 3)
  if (q >= 0 && q !== plain) {
    try {
      queryText = decodeURIComponent(queryText)
    } catch {
      queryText = ''
    }
  }
  const query = Object.fromEntries(new URLSearchParams(queryText))
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
