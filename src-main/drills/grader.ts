// The napkin-math grader: reads a free-text answer with units and compares it with the expected quantity in SI.
import { DRILL_TRACKS, type DrillTrack } from '../../src-preload/contract'
import { MAX_ANSWER_CHARS, readAnswer, readUnit } from './reading'
import { describeDims, sameDims, siLabel, type Unit } from './units'

export const TRACKS = DRILL_TRACKS
export type Track = DrillTrack

/** Relative tolerance per track: `close` up to this, `exact` up to half of it. */
export const TOLERANCE: Record<Track, number> = { cloud: 0.25, edge: 0.15, mobile: 0.1, tinyml: 0.05, global: 0.25 }

export const GRADES = ['exact', 'close', 'ballpark', 'off', 'way-off', 'unit-mismatch', 'no-answer'] as const
export type Grade = (typeof GRADES)[number]
export const GRADE_SCORE: Record<Grade, number> = {
  exact: 3,
  close: 3,
  ballpark: 2,
  off: 1,
  'way-off': 0,
  'unit-mismatch': 0,
  'no-answer': 0
}

export interface Expected {
  value: number
  /** Any unit the grader reads: "GB", "GiB/s", "ms", "%", "count", "$", "FLOP/B", … */
  unit: string
}

export interface GradeResult {
  grade: Grade
  score: number
  /** The answer as read, in SI (null when none was found). */
  value: number | null
  /** The SI unit of `value`: "B", "s", "FLOP/s", "W", "count", … */
  unit: string | null
  /** The expected quantity in the learner's unit (in its own unit when theirs does not fit or is missing). */
  expected: Expected
  /** |answer − expected| / |expected| (null when there is nothing to compare or it is unbounded). */
  relativeError: number | null
  message: string
}

export class UnitError extends Error {}

/** The unit of an expected answer; throws UnitError naming it when the grader cannot read it. */
export function parseUnit(unit: string): Unit {
  const found = readUnit(unit)
  if (!found) throw new UnitError(`unit "${unit}" is not one the napkin-math grader reads (e.g. GB, GiB/s, ms, TFLOP/s, kWh, $, %, count)`)
  return found[0]!
}

/** "160 GB" → { value: 160, unit: "GB" } (a value alone is a count). */
export function parseExpected(text: string): Expected {
  const m = /^\s*([-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?)\s*(.*?)\s*$/i.exec(text)
  const value = m ? Number(m[1]) : Number.NaN
  if (!m || !Number.isFinite(value)) throw new UnitError(`expected "<value> <unit>", e.g. "160 GB" (got "${text}")`)
  const unit = m[2] || 'count'
  parseUnit(unit)
  return { value, unit }
}

/** Up to `digits` significant digits, thousands grouped, exponent form outside 0.001 … 1e9. */
export function formatNumber(x: number, digits = 4): string {
  if (x === 0 || !Number.isFinite(x)) return String(x)
  const a = Math.abs(x)
  if (a >= 1e9 || a < 1e-3) {
    const [mantissa = '', exponent = ''] = x.toExponential(digits - 1).split('e')
    return `${mantissa.replace(/\.?0+$/, '')}e${Number(exponent)}`
  }
  const [int = '', frac] = String(Number(x.toPrecision(digits))).split('.')
  const grouped = int.replace(/\B(?=(\d{3})+(?!\d))/g, ',')
  return frac ? `${grouped}.${frac}` : grouped
}

/** A value with its unit label as a learner writes it: "$28,000", "12 %", "3.1×", "160 GB". */
export function formatQuantity(value: number, label: string, digits = 4): string {
  const n = formatNumber(value, digits)
  if (label === '$') return value < 0 ? `-$${n.slice(1)}` : `$${n}`
  if (label === '×' || label === 'x') return `${n}×`
  if (label === '' || label === 'count') return n
  return `${n} ${label}`
}

const percent = (fraction: number) => `${formatNumber(fraction * 100, 2)} %`

/**
 * How many times too large or too small, minus one: 3× and 1/3 both give 2. Equal to the relative error above the
 * expected value; below it the relative error never exceeds 1, so a factor of 1,000 too small would otherwise
 * count as "ballpark". Opposite signs fall back to the relative error.
 */
function foldError(answer: number, expected: number, relativeError: number): number {
  if (answer === 0 || expected === 0 || Math.sign(answer) !== Math.sign(expected)) return relativeError
  return Math.max(answer / expected, expected / answer) - 1
}

/** How far an answer is from the expected one, in words: "6.3 % below …", "3.1× the expected 160 GB", "1/20 of …". */
function distance(answer: number, expected: number, relativeError: number, fold: number, wanted: string): string {
  if (!Number.isFinite(relativeError)) return `not comparable with the expected ${wanted}`
  if (fold <= 1 || Math.sign(answer) !== Math.sign(expected)) {
    return `${percent(relativeError)} ${answer > expected ? 'above' : 'below'} the expected ${wanted}`
  }
  const ratio = answer / expected
  return ratio >= 1 ? `${formatNumber(ratio, 2)}× the expected ${wanted}` : `1/${formatNumber(1 / ratio, 2)} of the expected ${wanted}`
}

/** The first reading whose dimension (or, ignoring a per-time suffix, whose numerator's) is the expected one. */
function fitting(readings: { value: number; unit: Unit | null }[], expected: Unit) {
  for (const r of readings) {
    for (let unit: Unit | undefined = r.unit ?? expected; unit; unit = unit.withoutPer) {
      if (sameDims(unit.dims, expected.dims)) return { value: r.value, unit }
    }
  }
  return undefined
}

/**
 * Grade a free-text napkin-math answer against the expected quantity, with the track's tolerance.
 * Throws UnitError only when the expected unit itself is unreadable or its value is not finite.
 */
export function gradeAnswer(answerText: string, expected: Expected, track: Track): GradeResult {
  const expectedUnit = parseUnit(expected.unit)
  if (!Number.isFinite(expected.value)) throw new UnitError(`expected value must be a finite number (got ${expected.value})`)
  const tolerance = TOLERANCE[track]
  if (tolerance === undefined) throw new UnitError(`track must be one of ${TRACKS.join(', ')} (got "${track}")`)
  const expectedSI = expected.value * expectedUnit.factor
  const ownUnit = { value: expected.value, unit: expectedUnit.label }
  const text = typeof answerText === 'string' ? answerText : ''
  const quantity = readAnswer(text)
  if (!quantity) {
    const why =
      text.length > MAX_ANSWER_CHARS
        ? `the answer is ${formatNumber(text.length)} characters long; the grader reads up to ${formatNumber(MAX_ANSWER_CHARS)}`
        : 'no finite number found'
    return {
      grade: 'no-answer',
      score: 0,
      value: null,
      unit: null,
      expected: ownUnit,
      relativeError: null,
      message: `No answer: ${why}. Write a number with its unit, e.g. "${formatQuantity(42, expectedUnit.label)}".`
    }
  }
  const fit = fitting(quantity.readings, expectedUnit)
  if (!fit) {
    const first = quantity.readings[0]!
    const unit = first.unit!
    return {
      grade: 'unit-mismatch',
      score: 0,
      value: first.value * unit.factor,
      unit: siLabel(unit.dims),
      expected: ownUnit,
      relativeError: null,
      message:
        `Unit mismatch: ${formatQuantity(first.value, unit.label, 6)} is ${describeDims(unit.dims)}, ` +
        `but the question asks for ${describeDims(expectedUnit.dims)} (${formatQuantity(expected.value, expectedUnit.label, 6)}).`
    }
  }
  const answerSI = fit.value * fit.unit.factor
  // rounded to 12 digits so 0.5 ms in µs shows as 500, not 500.00000000000006
  const inLearnersUnit = { value: Number((expectedSI / fit.unit.factor).toPrecision(12)), unit: fit.unit.label }
  const relativeError = expectedSI === 0 ? (answerSI === 0 ? 0 : Infinity) : Math.abs(answerSI - expectedSI) / Math.abs(expectedSI)
  const fold = foldError(answerSI, expectedSI, relativeError)
  // a hair of slack so boundaries written in decimal (0.125) are not lost to binary rounding
  const within = (error: number, bound: number) => error <= bound * (1 + 1e-12)
  const grade: 'exact' | 'close' | 'ballpark' | 'off' | 'way-off' = !Number.isFinite(answerSI)
    ? 'way-off'
    : within(relativeError, tolerance / 2)
      ? 'exact'
      : within(relativeError, tolerance)
        ? 'close'
        : within(fold, 1)
          ? 'ballpark'
          : within(fold, 5)
            ? 'off'
            : 'way-off'
  const answer = formatQuantity(fit.value, fit.unit.label, 6)
  const wanted = formatQuantity(inLearnersUnit.value, inLearnersUnit.unit, 6)
  const band = `the ${track} tolerance of ±${percent(tolerance)}`
  const apart = distance(answerSI, expectedSI, relativeError, fold, wanted)
  const messages: Record<typeof grade, string> = {
    exact: `Exact: ${answer} is within ${percent(relativeError)} of the expected ${wanted}.`,
    close: `Close: ${answer} is ${apart}, inside ${band}.`,
    ballpark: `Ballpark: ${answer} is ${apart}: the right order of magnitude, outside ${band}.`,
    off: `Off: ${answer} is ${apart}. Check each factor in your chain.`,
    'way-off': `Way off: ${answer} is ${apart}. Check the prefixes (k, M, G), bits vs bytes and missing factors.`
  }
  return {
    grade,
    score: GRADE_SCORE[grade],
    // 12 significant digits: 13 ms reads back as 0.013 s, not 0.013000000000000001
    value: Number.isFinite(answerSI) ? Number(answerSI.toPrecision(12)) : null,
    unit: siLabel(fit.unit.dims),
    expected: inLearnersUnit,
    relativeError: Number.isFinite(relativeError) ? Number(relativeError.toPrecision(12)) : null,
    message: messages[grade]
  }
}

export type ReviewRating = 'again' | 'hard' | 'good'

/** How a grade feeds the review deck: exact/close → Good, ballpark → Hard, the rest → Again. */
export function reviewRating(grade: Grade): ReviewRating {
  return grade === 'exact' || grade === 'close' ? 'good' : grade === 'ballpark' ? 'hard' : 'again'
}
