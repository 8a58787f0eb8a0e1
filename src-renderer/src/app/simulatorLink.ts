/**
 * A link that opens a simulator dashboard with given parameters: the route subject `<dashboard>?k=v&…`
 * (`#/simulator/serving%3Fmodel%3Dllama3-8b…`). Numbers stay numbers; a comma-separated value is a list.
 */
export function simulatorSubject(dashboard: string, params: Record<string, number | string>): string {
  const query = new URLSearchParams(Object.entries(params).map(([k, v]) => [k, String(v)])).toString()
  return query ? `${dashboard}?${query}` : dashboard
}

/** The dashboard id and parameters of a route subject; `params` is null when the subject carries none. */
export function parseSimulatorSubject(subject: string | null): { dashboard: string | null; params: Record<string, unknown> | null } {
  if (!subject) return { dashboard: null, params: null }
  const at = subject.indexOf('?')
  if (at < 0) return { dashboard: subject, params: null }
  const params: Record<string, unknown> = {}
  for (const [key, raw] of new URLSearchParams(subject.slice(at + 1))) {
    if (!/^[A-Za-z][A-Za-z0-9]{0,40}$/.test(key)) continue
    const value = raw.slice(0, 200)
    params[key] = /^-?(\d+\.?\d*|\.\d+)(e[-+]?\d+)?$/i.test(value) ? Number(value) : value.includes(',') ? value.split(',') : value
  }
  return { dashboard: subject.slice(0, at), params }
}
