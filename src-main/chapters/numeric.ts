/**
 * Grading of numeric quiz answers with units and a tolerance per track. This is the one place chapters
 * grade a number; it switches to the napkin-math grader of src-main/drills (`gradeAnswer`) once that lands.
 */
import type { Track } from './schema'

export const TRACK_TOLERANCE: Record<Track, number> = { cloud: 0.25, edge: 0.15, mobile: 0.1, tinyml: 0.05, global: 0.25 }

interface UnitDef {
  factor: number
  dim: string
}

const DIM: Record<string, UnitDef> = {}
function def(names: string[], factor: number, dim: string): void {
  for (const n of names) DIM[n] = { factor, dim }
}
const DEC: [string, number][] = [
  ['', 1],
  ['k', 1e3],
  ['K', 1e3],
  ['M', 1e6],
  ['G', 1e9],
  ['T', 1e12],
  ['P', 1e15],
  ['E', 1e18]
]
const SMALL: [string, number][] = [
  ['m', 1e-3],
  ['u', 1e-6],
  ['µ', 1e-6],
  ['μ', 1e-6],
  ['n', 1e-9],
  ['p', 1e-12]
]
for (const [p, f] of DEC) {
  def([`${p}B`, `${p}byte`, `${p}bytes`], f, 'B')
  def([`${p}B/s`, `${p}Bps`], f, 'B/s')
  def([`${p}bit/s`, `${p}bps`, `${p}b/s`], f, 'bit/s')
  def([`${p}FLOP`, `${p}FLOPs`, `${p}flop`, `${p}flops`, `${p}OP`, `${p}OPs`], f, 'FLOP')
  def([`${p}FLOP/s`, `${p}FLOPS`, `${p}OPS`, `${p}OP/s`], f, 'FLOP/s')
  def([`${p}W`], f, 'W')
  def([`${p}J`], f, 'J')
  def([`${p}Wh`], f * 3600, 'J')
  def([`${p}Hz`], f, '1/s')
}
for (const [p, f] of [
  ['Ki', 2 ** 10],
  ['Mi', 2 ** 20],
  ['Gi', 2 ** 30],
  ['Ti', 2 ** 40]
] as [string, number][]) {
  def([`${p}B`, `${p}Bs`], f, 'B')
  def([`${p}B/s`], f, 'B/s')
}
for (const [p, f] of SMALL) {
  def([`${p}s`], f, 's')
  def([`${p}W`], f, 'W')
  def([`${p}J`], f, 'J')
}
def(['s', 'sec', 'secs', 'second', 'seconds'], 1, 's')
def(['min', 'mins', 'minute', 'minutes'], 60, 's')
def(['h', 'hr', 'hrs', 'hour', 'hours'], 3600, 's')
def(['d', 'day', 'days'], 86400, 's')
def(['ms', 'msec'], 1e-3, 's')
def(['us', 'µs', 'μs'], 1e-6, 's')
def(['$', 'USD', 'dollars', 'dollar'], 1, '$')
def(['%', 'percent'], 0.01, '1')
def(['x', '×', 'times'], 1, '1')
def(['', 'count'], 1, '1')
def(['FLOP/B', 'FLOP/byte', 'FLOPs/byte', 'flop/byte'], 1, 'FLOP/B')
def(['kg'], 1, 'kg')
def(['g'], 1e-3, 'kg')
def(['t', 'tonnes', 'tons'], 1e3, 'kg')
def(['L', 'l', 'liters', 'litres'], 1, 'L')
def(['m'], 1, 'm')
def(['km'], 1e3, 'm')

/** A value with a unit in SI: `{ value, dim }`, or an error message. */
export function toSi(value: number, unit: string): { si: number; dim: string } | { error: string } {
  const u = unit.trim().replace(/\s+/g, '')
  const d = DIM[u] ?? DIM[u.replace(/ps$/, '/s')]
  if (!d) return { error: `unknown unit "${unit}"` }
  return { si: value * d.factor, dim: d.dim }
}

const WORDS: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 }

/** Reads "160 GB", "1.6e11 bytes", "$4.2 million", "42 %", "3.1x". */
export function parseQuantity(text: string): { value: number; unit: string } | null {
  let t = text
    .trim()
    .replace(/,(?=\d{3}\b)/g, '')
    .replace(/\u2212/g, '-')
  let dollars = false
  if (t.startsWith('$')) {
    dollars = true
    t = t.slice(1).trim()
  }
  const m = /^([-+]?(?:\d+\.?\d*|\.\d+)(?:[eE][-+]?\d+)?)\s*(?:(thousand|million|billion|trillion)\b)?\s*(.*)$/.exec(t)
  if (!m) return null
  let value = Number(m[1])
  if (!Number.isFinite(value)) return null
  if (m[2]) value *= WORDS[m[2]]!
  const unit = dollars ? '$' : m[3]!.trim().replace(/\.$/, '')
  return { value, unit }
}

export interface NumericGrade {
  correct: boolean
  message: string
  /** The learner's answer in the expected unit, when it could be read. */
  learnerValue: number | null
}

/** Grades a typed answer against an expected quantity within the track's tolerance. */
export function gradeNumeric(text: string, expected: { value: number; unit: string }, track: Track): NumericGrade {
  const q = parseQuantity(text)
  if (!q) return { correct: false, message: `Type a number with its unit, e.g. "160 GB".`, learnerValue: null }
  const want = toSi(expected.value, expected.unit)
  if ('error' in want)
    return { correct: false, message: `This question's expected unit is unreadable (${want.error}).`, learnerValue: null }
  const got = toSi(q.value, q.unit)
  if ('error' in got) return { correct: false, message: `${got.error}: use a unit like ${expected.unit}.`, learnerValue: null }
  if (got.dim !== want.dim) {
    if (q.unit === '') return { correct: false, message: `Give the unit too (the answer is in ${expected.unit}).`, learnerValue: null }
    return {
      correct: false,
      message: `That is in ${q.unit}, which does not measure the same thing as ${expected.unit}.`,
      learnerValue: null
    }
  }
  const tolerance = TRACK_TOLERANCE[track]
  const relative = want.si === 0 ? Math.abs(got.si) : Math.abs(got.si - want.si) / Math.abs(want.si)
  const inExpected = got.si / (want.si / expected.value || 1)
  const pct = Math.round(relative * 100)
  return {
    correct: relative <= tolerance,
    message:
      relative <= tolerance
        ? `Within ${Math.round(tolerance * 100)} % (off by ${pct} %).`
        : `Off by ${pct} %; the ${track} track accepts ${Math.round(tolerance * 100)} %.`,
    learnerValue: Number.isFinite(inExpected) ? inExpected : null
  }
}
