/** Reading dashboard parameters from a link; pure, so the address parsing is testable. */
type Params = Record<string, unknown>

/**
 * Parameters from a link (`#/simulator/roofline?devices=h100-sxm&intensity=20`), read with the type of each
 * default: numbers must be finite, lists are comma-separated; unknown names and bad values are ignored.
 */
export function linkParams<P extends Params>(defaults: P, query: Record<string, string>): Partial<P> {
  const out: Params = {}
  for (const [key, raw] of Object.entries(query)) {
    if (!Object.hasOwn(defaults, key)) continue
    const d = defaults[key]
    if (typeof d === 'number') {
      const n = Number(raw)
      if (raw.trim() !== '' && Number.isFinite(n)) out[key] = n
    } else if (typeof d === 'boolean') {
      if (raw === 'true' || raw === 'false') out[key] = raw === 'true'
    } else if (Array.isArray(d)) {
      const list = raw
        .split(',')
        .filter(Boolean)
        .slice(0, 50)
        .map((v) => v.slice(0, 200))
      if (list.length) out[key] = list
    } else if (typeof d === 'string' && raw) {
      out[key] = raw.slice(0, 200)
    }
  }
  return out as Partial<P>
}
