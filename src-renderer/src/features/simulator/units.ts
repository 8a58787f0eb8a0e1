/** Display-only unit conversion. Everything inside the simulator is SI; these helpers run at the edge. */

const SI_PREFIXES: [number, string][] = [
  [1e18, 'E'],
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n']
]

export function sig(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return nonFinite(v)
  if (v === 0) return '0'
  const abs = Math.abs(v)
  if (abs >= 1e-3 && abs < 1e6) {
    const decimals = Math.max(0, digits - 1 - Math.floor(Math.log10(abs)))
    return Number(v.toFixed(Math.min(decimals, 6))).toLocaleString('en-US', { maximumFractionDigits: Math.min(decimals, 6) })
  }
  return v.toExponential(digits - 1)
}

export function nonFinite(v: number): string {
  if (Number.isNaN(v)) return 'undefined (not a number)'
  return v > 0 ? 'unbounded (∞)' : 'unbounded (−∞)'
}

/** 3.35e12, 'B/s' → "3.35 TB/s". Decimal prefixes: k = 1000. */
export function si(v: number, unit: string, digits = 3): string {
  if (!Number.isFinite(v)) return nonFinite(v)
  if (v === 0) return `0 ${unit}`
  const abs = Math.abs(v)
  const [scale, prefix] = SI_PREFIXES.find(([s]) => abs >= s * 0.9995) ?? SI_PREFIXES[SI_PREFIXES.length - 1]!
  return `${sig(v / scale, digits)} ${prefix}${unit}`
}

/** Decimal bytes (GB = 1e9), the catalog's and vendors' convention. */
export function bytes(v: number): string {
  return si(v, 'B')
}

/** Binary bytes (GiB = 2^30), what operating systems and allocators report. */
export function bytesBinary(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v)
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB', 'PiB']
  let value = Math.abs(v)
  let i = 0
  while (value >= 1024 && i < units.length - 1) {
    value /= 1024
    i++
  }
  return `${v < 0 ? '−' : ''}${sig(value)} ${units[i]}`
}

/** "12.3 GB (11.5 GiB)" */
export function bytesBoth(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v)
  return `${bytes(v)} (${bytesBinary(v)})`
}

export function seconds(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v)
  const abs = Math.abs(v)
  if (abs === 0) return '0 s'
  if (abs < 1e-6) return `${sig(v * 1e9)} ns`
  if (abs < 1e-3) return `${sig(v * 1e6)} µs`
  if (abs < 1) return `${sig(v * 1e3)} ms`
  if (abs < 120) return `${sig(v)} s`
  if (abs < 7200) return `${sig(v / 60)} min`
  if (abs < 3 * 86400) return `${sig(v / 3600)} h`
  return `${sig(v / 86400)} days`
}

export function percent(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return nonFinite(v)
  return `${sig(v * 100, digits)} %`
}

export function dollars(v: number): string {
  if (!Number.isFinite(v)) return nonFinite(v)
  if (Math.abs(v) >= 1e6) return `$${sig(v / 1e6)} M`
  if (Math.abs(v) >= 1e4) return `$${Math.round(v).toLocaleString('en-US')}`
  return `$${sig(v)}`
}

/** KaTeX-safe number: 3.35 \times 10^{12}. */
export function tex(v: number, digits = 3): string {
  if (!Number.isFinite(v)) return Number.isNaN(v) ? '\\text{NaN}' : v > 0 ? '\\infty' : '-\\infty'
  if (v === 0) return '0'
  const abs = Math.abs(v)
  if (abs >= 1e-3 && abs < 1e5) return sig(v, digits).replace(/,/g, '{,}')
  const e = Math.floor(Math.log10(abs))
  const m = v / 10 ** e
  return `${sig(m, digits)} \\times 10^{${e}}`
}

/** KaTeX text with an SI unit: 33.5\,\text{TFLOP/s} */
/** A unit for KaTeX: the micro prefix becomes \mu (KaTeX text mode has no µ glyph command). */
function texUnit(u: string): string {
  return u.startsWith('µ') ? `\\mu\\text{${u.slice(1)}}` : `\\text{${u}}`
}

/** KaTeX text with an SI unit: 33.5\,\text{TFLOP/s} */
export function texSi(v: number, unit: string, digits = 3): string {
  if (!Number.isFinite(v)) return tex(v)
  const s = si(v, unit, digits)
  const i = s.lastIndexOf(' ')
  return `${s.slice(0, i).replace(/,/g, '{,}')}\\,${texUnit(s.slice(i + 1))}`
}

export function texSeconds(v: number): string {
  if (!Number.isFinite(v)) return tex(v)
  const s = seconds(v)
  const i = s.lastIndexOf(' ')
  return `${s.slice(0, i).replace(/,/g, '{,}')}\\,${texUnit(s.slice(i + 1))}`
}

/** Powers of two from lo to hi inclusive. */
export function pow2Range(lo: number, hi: number): number[] {
  const out: number[] = []
  for (let v = lo; v <= hi; v *= 2) out.push(v)
  return out
}

/** n points spaced evenly in log10 between lo and hi. */
export function logSpace(lo: number, hi: number, n: number): number[] {
  const a = Math.log10(lo)
  const b = Math.log10(hi)
  return Array.from({ length: n }, (_, i) => 10 ** (a + ((b - a) * i) / (n - 1)))
}
