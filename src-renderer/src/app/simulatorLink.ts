/**
 * A link that opens a simulator dashboard with given parameters: the route subject `<dashboard>?k=v&…`
 * (`#/simulator/serving%3Fmodel%3Dllama3-8b…`); parseHash reads it back as the route's query and the
 * dashboard applies it typed by its defaults (a comma-separated value is a list).
 */
export function simulatorSubject(dashboard: string, params: Record<string, number | string>): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()
  return query ? `${dashboard}?${query}` : dashboard
}
