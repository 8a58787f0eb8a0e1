// Units the napkin-math grader reads, as a factor to SI and a dimension (exponents over the base quantities).
// Symbols are case-sensitive where case carries meaning (b bit vs B byte, M mega vs m milli, FLOPS rate vs
// FLOPs count); spelled-out words are not.

/** Base quantities: bytes (bits are 1/8), seconds, FLOP, joules, dollars, kilograms, litres. */
const BASES = ['B', 's', 'FLOP', 'J', '$', 'kg', 'L'] as const
type Base = (typeof BASES)[number]
export type Dims = readonly number[]

export interface Unit {
  /** SI value of one of this unit. */
  factor: number
  dims: Dims
  /** How the learner wrote it (or its usual symbol). */
  label: string
  /** Set on `x per y` units: the numerator alone, for ignoring a per-suffix the expected unit lacks. */
  withoutPer?: Unit
}

function dims(parts: Partial<Record<Base, number>>): Dims {
  return BASES.map((b) => parts[b] ?? 0)
}
const NONE = dims({})
const u = (factor: number, d: Dims, label: string): Unit => ({ factor, dims: d, label })

export const sameDims = (a: Dims, b: Dims): boolean => a.every((x, i) => x === b[i])

/** a / b. When b is a time ("per year", "/h"), a is kept as the reading that ignores it. */
export function per(a: Unit, b: Unit): Unit {
  return {
    factor: a.factor / b.factor,
    dims: a.dims.map((x, i) => x - b.dims[i]!),
    label: `${a.label}/${b.label}`,
    withoutPer: sameDims(b.dims, SECOND) ? a : undefined
  }
}

const BYTE = dims({ B: 1 })
const SECOND = dims({ s: 1 })
const FLOP = dims({ FLOP: 1 })
const FLOP_RATE = dims({ FLOP: 1, s: -1 })
const BYTE_RATE = dims({ B: 1, s: -1 })
const JOULE = dims({ J: 1 })
const WATT = dims({ J: 1, s: -1 })
const DOLLAR = dims({ $: 1 })
const KG = dims({ kg: 1 })
const LITRE = dims({ L: 1 })
const HERTZ = dims({ s: -1 })

const BIG: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, G: 1e9, T: 1e12, P: 1e15, E: 1e18 }
const BINARY: Record<string, number> = { Ki: 2 ** 10, Mi: 2 ** 20, Gi: 2 ** 30, Ti: 2 ** 40, Pi: 2 ** 50, Ei: 2 ** 60 }
const SMALL: Record<string, number> = { m: 1e-3, u: 1e-6, µ: 1e-6, μ: 1e-6, n: 1e-9, p: 1e-12 }

/** Case-sensitive symbols; a list where one spelling has two readings. */
const SYMBOLS = new Map<string, Unit[]>()
const WORDS = new Map<string, Unit[]>()
function add(map: Map<string, Unit[]>, names: string[], unit: Unit) {
  for (const name of names) map.set(name, [...(map.get(name) ?? []), { ...unit, label: unit.label || name }])
}
function prefixed(bases: string[], prefixes: Record<string, number>, factor: number, d: Dims) {
  for (const [p, f] of Object.entries(prefixes))
    add(
      SYMBOLS,
      bases.map((b) => p + b),
      u(factor * f, d, '')
    )
}

add(SYMBOLS, ['B'], u(1, BYTE, 'B'))
prefixed(['B'], { ...BIG, ...BINARY }, 1, BYTE)
add(SYMBOLS, ['b'], u(1 / 8, BYTE, 'b'))
prefixed(['b', 'bit'], { ...BIG, ...BINARY }, 1 / 8, BYTE)
add(SYMBOLS, ['Bps'], u(1, BYTE_RATE, 'B/s'))
prefixed(['Bps'], BIG, 1, BYTE_RATE)
add(SYMBOLS, ['bps'], u(1 / 8, BYTE_RATE, 'bit/s'))
prefixed(['bps'], BIG, 1 / 8, BYTE_RATE)
add(SYMBOLS, ['s'], u(1, SECOND, 's'))
prefixed(['s'], SMALL, 1, SECOND)
add(SYMBOLS, ['h'], u(3600, SECOND, 'h'))
add(SYMBOLS, ['d'], u(86400, SECOND, 'd'))
add(SYMBOLS, ['W'], u(1, WATT, 'W'))
prefixed(['W'], { ...SMALL, ...BIG }, 1, WATT)
add(SYMBOLS, ['J'], u(1, JOULE, 'J'))
prefixed(['J'], { ...SMALL, ...BIG }, 1, JOULE)
add(SYMBOLS, ['Wh'], u(3600, JOULE, 'Wh'))
prefixed(['Wh'], { m: 1e-3, ...BIG }, 3600, JOULE)
add(SYMBOLS, ['$', 'USD', 'usd'], u(1, DOLLAR, '$'))
add(SYMBOLS, ['¢'], u(0.01, DOLLAR, '¢'))
add(SYMBOLS, ['%'], u(0.01, NONE, '%'))
add(SYMBOLS, ['x', '×'], u(1, NONE, '×'))
add(SYMBOLS, ['g'], u(1e-3, KG, 'g'))
prefixed(['g'], { m: 1e-3, k: 1e3 }, 1e-3, KG)
add(SYMBOLS, ['t'], u(1000, KG, 't'))
add(SYMBOLS, ['L', 'l'], u(1, LITRE, ''))
prefixed(['L', 'l'], { m: 1e-3, k: 1e3, M: 1e6 }, 1, LITRE)
add(SYMBOLS, ['Hz'], u(1, HERTZ, 'Hz'))
prefixed(['Hz'], BIG, 1, HERTZ)
add(SYMBOLS, ['QPS', 'qps', 'RPS', 'rps', 'fps', 'FPS'], u(1, HERTZ, ''))

const TIME_WORDS: [string[], number][] = [
  [['nanosecond', 'nanoseconds'], 1e-9],
  [['microsecond', 'microseconds'], 1e-6],
  [['millisecond', 'milliseconds'], 1e-3],
  [['second', 'seconds', 'sec', 'secs'], 1],
  [['minute', 'minutes', 'min', 'mins'], 60],
  [['hour', 'hours', 'hr', 'hrs'], 3600],
  [['day', 'days'], 86400],
  [['week', 'weeks'], 7 * 86400],
  // the simulator's month (egress cost) and year (energy per year) are 30 and 365 days
  [['month', 'months'], 30 * 86400],
  [['year', 'years', 'yr', 'yrs'], 365 * 86400]
]
for (const [names, f] of TIME_WORDS) add(WORDS, names, u(f, SECOND, ''))
const SIZE_WORDS: [string, number][] = [
  ['', 1],
  ['kilo', 1e3],
  ['mega', 1e6],
  ['giga', 1e9],
  ['tera', 1e12],
  ['peta', 1e15],
  ['kibi', 2 ** 10],
  ['mebi', 2 ** 20],
  ['gibi', 2 ** 30],
  ['tebi', 2 ** 40]
]
for (const [p, f] of SIZE_WORDS) {
  add(WORDS, [`${p}byte`, `${p}bytes`], u(f, BYTE, ''))
  add(WORDS, [`${p}bit`, `${p}bits`], u(f / 8, BYTE, ''))
}
for (const [p, f] of [
  ['', 1],
  ['milli', 1e-3],
  ['kilo', 1e3],
  ['mega', 1e6],
  ['giga', 1e9]
] as const) {
  add(WORDS, [`${p}watt`, `${p}watts`], u(f, WATT, ''))
  add(WORDS, [`${p}joule`, `${p}joules`], u(f, JOULE, ''))
}
add(WORDS, ['dollar', 'dollars'], u(1, DOLLAR, ''))
add(WORDS, ['cent', 'cents'], u(0.01, DOLLAR, ''))
add(WORDS, ['percent', 'pct'], u(0.01, NONE, '%'))
add(WORDS, ['gram', 'grams'], u(1e-3, KG, ''))
add(WORDS, ['kilogram', 'kilograms'], u(1, KG, ''))
add(WORDS, ['tonne', 'tonnes'], u(1000, KG, ''))
add(WORDS, ['liter', 'liters', 'litre', 'litres'], u(1, LITRE, ''))
add(WORDS, ['count'], u(1, NONE, ''))

/** Things counted: dimensionless, so "2 ms per token" is a time and "70B params" a count. */
export const COUNT_WORDS = new Set(
  (
    'token tokens tok param params parameter parameters sample samples image images request requests req reqs ' +
    'query queries sequence sequences seq seqs gpu gpus device devices node nodes step steps example examples ' +
    'user users item items element elements value values weight weights layer layers head heads replica replicas ' +
    'batch batches word words inference inferences frame frames'
  ).split(' ')
)

/** FLOP family, any SI prefix: FLOPS / OPS (capital S) is a rate, FLOPs / OPs / FLOP a count, lower-case flops either. */
function flopUnit(word: string): Unit[] | undefined {
  const m = /^([kKMGTPE]?)([Ff][Ll][Oo][Pp][Ss]?|[Oo][Pp][Ss]?|[Mm][Aa][Cc][Ss]?)$/.exec(word)
  if (!m) return undefined
  const [, prefix = '', body = ''] = m
  const lower = body.toLowerCase()
  const isMac = lower.startsWith('mac') // a multiply-accumulate is two FLOP
  const f = (prefix ? BIG[prefix]! : 1) * (isMac ? 2 : 1)
  const count = u(f, FLOP, word)
  const rate = u(f, FLOP_RATE, word)
  if (isMac || !lower.endsWith('s')) return [count]
  const stem = body.slice(0, -1)
  if (stem === stem.toUpperCase()) return body.endsWith('S') ? [rate] : [count]
  return [count, rate]
}

/** "CO2e" after a mass names what is weighed; the reader skips it. */
export const CARBON_QUALIFIER = /^CO2(e|eq)?$/i

/** A mass with a CO2 qualifier glued on: kgCO2e, tCO2. */
function carbonUnit(word: string): Unit[] | undefined {
  const m = /^(g|kg|t)CO2(e|eq)?$/i.exec(word)
  return m ? SYMBOLS.get(m[1]!.toLowerCase()) : undefined
}

/** Every reading of one unit word, or undefined when it is not a unit. */
export function unitWord(word: string): Unit[] | undefined {
  const found = SYMBOLS.get(word) ?? WORDS.get(word.toLowerCase()) ?? flopUnit(word) ?? carbonUnit(word)
  if (found) return found.map((x) => ({ ...x, label: x.label || word }))
  if (COUNT_WORDS.has(word.toLowerCase())) return [u(1, NONE, word)]
  return undefined
}

const NAMES: [Dims, string][] = [
  [BYTE, 'a data size (bytes)'],
  [SECOND, 'a time'],
  [FLOP, 'an amount of compute (FLOP)'],
  [FLOP_RATE, 'a compute rate (FLOP/s)'],
  [BYTE_RATE, 'a bandwidth (bytes/s)'],
  [WATT, 'a power (W)'],
  [JOULE, 'an energy (J, kWh)'],
  [DOLLAR, 'an amount of money ($)'],
  [NONE, 'a plain number (count, ratio or %)'],
  [dims({ FLOP: 1, B: -1 }), 'an arithmetic intensity (FLOP/byte)'],
  [KG, 'a mass (kg)'],
  [LITRE, 'a volume (L)'],
  [HERTZ, 'a rate (per second)']
]
const SI_LABELS: [Dims, string][] = [
  [WATT, 'W'],
  [NONE, 'count']
]

/** The SI unit of a dimension, e.g. "B/s", "W", "FLOP/B", "count". */
export function siLabel(d: Dims): string {
  const named = SI_LABELS.find(([x]) => sameDims(x, d))
  if (named) return named[1]
  const part = (sign: number) =>
    BASES.flatMap((b, i) => {
      const e = d[i]! * sign
      return e > 0 ? [e === 1 ? b : `${b}^${e}`] : []
    }).join('·')
  const num = part(1) || '1'
  const den = part(-1)
  return den ? `${num}/${den}` : num
}

/** "a data size (bytes)", or "a quantity in B·s" for dimensions without a name. */
export function describeDims(d: Dims): string {
  return NAMES.find(([x]) => sameDims(x, d))?.[1] ?? `a quantity in ${siLabel(d)}`
}

/** Dimensions other modules test for. */
export const DIMS = { none: NONE, money: DOLLAR, mass: KG, time: SECOND }
