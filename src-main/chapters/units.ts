/**
 * Display of live numbers: a value in an SI unit, shown with a prefix a reader expects (989e12 FLOP/s
 * as "989 TFLOP/s", 0.0042 s as "4.2 ms", 0.42 as "42 %"). Values stay SI everywhere else.
 */
export const LIVE_UNITS = [
  'FLOP',
  'FLOP/s',
  'B',
  'B/s',
  'bit/s',
  's',
  'W',
  'J',
  'kWh',
  'kg',
  'L',
  '$',
  'FLOP/B',
  '%',
  'x',
  'count'
] as const
export type LiveUnit = (typeof LIVE_UNITS)[number]

export function isLiveUnit(u: string): u is LiveUnit {
  return (LIVE_UNITS as readonly string[]).includes(u)
}

const PREFIXES: [number, string][] = [
  [1e24, 'Y'],
  [1e21, 'Z'],
  [1e18, 'E'],
  [1e15, 'P'],
  [1e12, 'T'],
  [1e9, 'G'],
  [1e6, 'M'],
  [1e3, 'k'],
  [1, ''],
  [1e-3, 'm'],
  [1e-6, 'µ'],
  [1e-9, 'n'],
  [1e-12, 'p']
]

/** `digits` significant figures, trailing zeros dropped, thousands separated (1234.5 → "1,235" at 4). */
export function significant(value: number, digits = 3): string {
  if (value === 0) return '0'
  const d = Math.min(21, Math.max(1, Math.round(digits)))
  const rounded = Number(value.toPrecision(d))
  const abs = Math.abs(rounded)
  if (abs >= 1e21 || abs < 1e-6) return rounded.toExponential(d - 1).replace(/\.?0+e/, 'e')
  const decimals = Math.max(0, d - 1 - Math.floor(Math.log10(abs)))
  const [int, frac] = rounded.toFixed(Math.min(decimals, 20)).split('.')
  const grouped = int!.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  const trimmed = frac?.replace(/0+$/, '')
  return trimmed ? `${grouped}.${trimmed}` : grouped
}

function prefixed(value: number, unit: string, digits: number, allowSmall = true): string {
  const abs = Math.abs(value)
  if (abs === 0) return `0 ${unit}`
  for (const [scale, p] of PREFIXES) {
    if (!allowSmall && scale < 1) break
    // Round first so 999.97e9 shows as "1 T", not "1,000 G".
    if (Number((abs / scale).toPrecision(digits)) >= 1) return `${significant(value / scale, digits)} ${p}${unit}`
  }
  const [scale, p] = allowSmall ? PREFIXES[PREFIXES.length - 1]! : [1, '']
  return `${significant(value / scale, digits)} ${p}${unit}`
}

function seconds(v: number, digits: number): string {
  const abs = Math.abs(v)
  if (abs < 120) return prefixed(v, 's', digits)
  if (abs < 2 * 3600) return `${significant(v / 60, digits)} min`
  if (abs < 48 * 3600) return `${significant(v / 3600, digits)} h`
  if (abs < 730 * 86400) return `${significant(v / 86400, digits)} days`
  return `${significant(v / (365 * 86400), digits)} years`
}

const LARGE_WORDS: [number, string][] = [
  [1e12, 'trillion'],
  [1e9, 'billion'],
  [1e6, 'million']
]

function words(v: number, digits: number): string {
  for (const [scale, w] of LARGE_WORDS) {
    if (Math.abs(v) >= scale) return `${significant(v / scale, digits)} ${w}`
  }
  return significant(v, digits)
}

/** The value as a reader sees it; throws on non-finite values (a live number is never shown as NaN). */
export function formatLive(value: number, unit: LiveUnit, digits = 3): string {
  if (!Number.isFinite(value)) throw new RangeError(`the value is not a finite number (${value})`)
  switch (unit) {
    case 'FLOP':
    case 'FLOP/s':
    case 'B':
    case 'B/s':
    case 'bit/s':
    case 'W':
    case 'J':
      return prefixed(value, unit, digits)
    case 's':
      return seconds(value, digits)
    case 'kWh':
      return Math.abs(value) >= 1e3 ? prefixed(value * 1e3, 'Wh', digits, false) : `${significant(value, digits)} kWh`
    case 'kg':
      return Math.abs(value) >= 1e3 ? `${significant(value / 1e3, digits)} t` : `${significant(value, digits)} kg`
    case 'L':
      return `${words(value, digits)} L`
    case '$':
      return `${value < 0 ? '−' : ''}$${words(Math.abs(value), digits)}`
    case 'FLOP/B':
      return `${significant(value, digits)} FLOP/B`
    case '%':
      return `${significant(value * 100, digits)} %`
    case 'x':
      return `${significant(value, digits)}×`
    case 'count':
      return words(value, digits)
  }
}
