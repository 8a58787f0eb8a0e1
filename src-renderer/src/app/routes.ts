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

/** `#/simulator/roofline` → { route: 'simulator', subject: 'roofline' }; anything unknown → home. */
export function parseHash(hash: string): { route: Route; subject: string | null } {
  const [first, ...rest] = hash.replace(/^#\/?/, '').split('/')
  const known = ROUTES.find((r) => r.route === first)
  if (!known) return { route: 'home', subject: null }
  const subject = rest.map(decodeURIComponent).join('/')
  return { route: known.route, subject: subject || null }
}

export function toHash(route: Route, subject?: string | null): string {
  return `#/${route}${subject ? `/${subject.split('/').map(encodeURIComponent).join('/')}` : ''}`
}
