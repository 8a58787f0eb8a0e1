// Reading a learner's free-text answer: which quantity is the answer, its number and its unit(s).
import { CARBON_QUALIFIER, COUNT_WORDS, DIMS, type Unit, per, sameDims, unitWord } from './units'

/** Longer answers are not read (a napkin answer is a few lines; this bounds the work per grade). */
export const MAX_ANSWER_CHARS = 20_000

interface Token {
  kind: 'num' | 'word' | 'sym'
  text: string
  /** The number, for kind 'num'. */
  value: number
  /** Whitespace before this token. */
  gap: boolean
}

/** One way to read a quantity: `value` in `unit`, or in the expected unit when `unit` is null (a bare number). */
export interface Reading {
  value: number
  unit: Unit | null
}

/** A quantity found in the text; more than one reading when a spelling is ambiguous ("7B", "flops"). */
export interface Quantity {
  readings: Reading[]
}

const SUPERSCRIPTS = '⁰¹²³⁴⁵⁶⁷⁸⁹'

/** Unicode Nd digits come in runs of ten from 0 to 9, so a digit's value is its distance from its run's start, mod 10. */
function digitValue(c: string): number {
  const cp = c.codePointAt(0)!
  let start = cp
  while (/\p{Nd}/u.test(String.fromCodePoint(start - 1))) start--
  return (cp - start) % 10
}

/** Superscript exponents to ^n, compatibility forms (full-width digits, µ) to plain ones, any decimal digit to 0-9, minus signs and en dashes to "-". */
export function normalize(text: string): string {
  return text
    .replace(/(\d)([⁺⁻]?[⁰¹²³⁴⁵⁶⁷⁸⁹]+)/g, (_, d: string, sup: string) => {
      const digits = [...sup].map((c) => (c === '⁻' ? '-' : c === '⁺' ? '' : String(SUPERSCRIPTS.indexOf(c))))
      return `${d}^${digits.join('')}`
    })
    .normalize('NFKC')
    .replace(/[^\P{Nd}0-9]/gu, (c) => String(digitValue(c)))
    .replace(/[\u2010-\u2013\u2212\uFE63]/g, '-')
}

const NUMBER = String.raw`(?:\d{1,3}(?:,\d{3})+(?!\d)|\d+)(?:\.\d+)?(?:[eE][+-]?\d+)?|\.\d+(?:[eE][+-]?\d+)?`
const TOKEN = new RegExp(String.raw`(\s+)|(${NUMBER})|([xX](?=\d))|([\p{L}\p{M}][\p{L}\p{M}\p{N}]*)|([\s\S])`, 'uy')

export function tokenize(text: string): Token[] {
  const tokens: Token[] = []
  TOKEN.lastIndex = 0
  let gap = false
  for (let m = TOKEN.exec(text); m; m = TOKEN.exec(text)) {
    if (m[1]) {
      gap = true
      continue
    }
    const kind = m[2] ? 'num' : m[4] ? 'word' : 'sym'
    tokens.push({ kind, text: m[0], value: kind === 'num' ? Number(m[0].replaceAll(',', '')) : Number.NaN, gap })
    gap = false
  }
  return tokens
}

const MAGNITUDE_WORDS: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 }
const MAGNITUDE_LETTERS: Record<string, number> = { k: 1e3, K: 1e3, M: 1e6, mn: 1e6, bn: 1e9, Bn: 1e9, T: 1e12 }
const MULTIPLY = new Set(['×', 'x', 'X', '*', '·'])
const MARKERS = new Set(['=', '≈', '~', '≃', '≅'])
const DOLLAR = unitWord('$')![0]!
const COUNT = unitWord('count')![0]!

const is = (t: Token | undefined, kind: Token['kind'], ...texts: string[]) =>
  t !== undefined && t.kind === kind && (texts.length === 0 || texts.includes(t.text))
const isWord = (t: Token | undefined, word: string) => t?.kind === 'word' && t.text.toLowerCase() === word
const isCurrency = (t: Token | undefined) =>
  t?.kind !== 'num' && t !== undefined && sameDims(unitWord(t.text)?.[0]?.dims ?? DIMS.none, DIMS.money)
const isCount = (t: Token | undefined) => t?.kind === 'word' && COUNT_WORDS.has(t.text.toLowerCase())

/** One unit word or symbol at i ("GB", "%", "ms", "kg CO2e"); a multiplication sign before a number is not one. */
function termAt(t: Token[], i: number): { units: Unit[]; next: number } | undefined {
  const tok = t[i]
  if (!tok || tok.kind === 'num') return undefined
  if (MULTIPLY.has(tok.text) && is(t[i + 1], 'num')) return undefined
  const units = unitWord(tok.text)
  if (!units) return undefined
  const qualified = sameDims(units[0]!.dims, DIMS.mass) && t[i + 1]?.kind === 'word' && CARBON_QUALIFIER.test(t[i + 1]!.text)
  return { units, next: i + (qualified ? 2 : 1) }
}

/** A magnitude word or letter after a number ("million", "k"), as a factor. */
function magnitude(t: Token | undefined): number | undefined {
  if (t?.kind !== 'word') return undefined
  return MAGNITUDE_WORDS[t.text.toLowerCase()] ?? MAGNITUDE_LETTERS[t.text]
}

/**
 * A unit at i: a term, then any number of "/ term" or "per term"; a denominator may carry a number
 * ("per 1000 tokens"), and an unknown word after "per" is a thing counted.
 */
function unitAt(t: Token[], i: number, currency: boolean): { units: Unit[]; next: number } | undefined {
  let units: Unit[]
  if (currency) {
    units = [DOLLAR]
    if (isCurrency(t[i])) i++
  } else {
    const term = termAt(t, i)
    if (!term) return undefined
    units = term.units
    i = term.next
  }
  while (is(t[i], 'sym', '/') || isWord(t[i], 'per')) {
    let j = i + 1
    let scale = 1
    if (is(t[j], 'num')) {
      scale = t[j++]!.value * (magnitude(t[j]) ?? 1)
      if (magnitude(t[j])) j++
    }
    const den = termAt(t, j) ?? (t[j]?.kind === 'word' ? { units: [{ ...COUNT, label: t[j]!.text }], next: j + 1 } : undefined)
    const d = den?.units[0] ?? COUNT
    if (!den && scale === 1) break
    const scaled = scale === 1 ? d : { ...d, factor: d.factor * scale, label: `${t[i + 1]!.text}${den ? ` ${d.label}` : ''}` }
    units = units.map((n) => per(n, scaled))
    i = den?.next ?? j
  }
  return { units, next: i }
}

/** A number at i: optional "$" and sign, digits, then "× 10^n" or "^n". */
function numberAt(t: Token[], i: number): { value: number; currency: boolean; next: number } | undefined {
  let currency = false
  if (is(t[i], 'sym', '$')) {
    currency = true
    i++
  }
  let sign = 1
  const prev = t[i - 1]
  if (is(t[i], 'sym', '-') && is(t[i + 1], 'num') && !t[i + 1]!.gap && (t[i]!.gap || !prev || prev.kind === 'sym')) {
    sign = -1
    i++
  }
  if (!is(t[i], 'num')) return undefined
  // an ordinal ("the 99th percentile", "3rd layer") is not a quantity
  const after = t[i + 1]
  if (after?.kind === 'word' && !after.gap && /^(st|nd|rd|th)$/i.test(after.text)) return undefined
  let value = sign * t[i]!.value
  i++
  const exponentAt = (j: number): { e: number; next: number } | undefined => {
    if (!is(t[j], 'sym', '^')) return undefined
    const negative = is(t[j + 1], 'sym', '-')
    const e = t[j + (negative ? 2 : 1)]
    return e?.kind === 'num' ? { e: negative ? -e.value : e.value, next: j + (negative ? 3 : 2) } : undefined
  }
  const scientific = MULTIPLY.has(t[i]?.text ?? '') && t[i + 1]?.value === 10 ? exponentAt(i + 2) : undefined
  const power = scientific ? undefined : exponentAt(i)
  if (scientific) {
    value *= 10 ** scientific.e
    i = scientific.next
  } else if (power) {
    value = sign * Math.abs(value) ** power.e
    i = power.next
  }
  return { value, currency, next: i }
}

/** A whole quantity at i, without ranges: number, magnitude word, unit. */
function singleAt(t: Token[], i: number): { readings: Reading[]; next: number } | undefined {
  const n = numberAt(t, i)
  if (!n) return undefined
  const word = t[n.next]?.kind === 'word' ? t[n.next]!.text : ''
  // the ways to read what follows the number: [value, index of its unit]
  const starts: [number, number][] = []
  const factor = magnitude(t[n.next])
  if (factor) starts.push([n.value * factor, n.next + 1])
  else if (word === 'B' && (n.currency || isCurrency(t[n.next + 1]) || isCount(t[n.next + 1]))) starts.push([n.value * 1e9, n.next + 1])
  else if (word === 'B') starts.push([n.value, n.next], [n.value * 1e9, n.next + 1])
  else starts.push([n.value, n.next])
  const readings: Reading[] = []
  let end = n.next
  for (const [value, next] of starts) {
    if (!Number.isFinite(value)) continue
    const unit = unitAt(t, next, n.currency)
    for (const u of unit?.units ?? [null]) readings.push({ value, unit: u })
    end = Math.max(end, unit?.next ?? next)
  }
  return readings.length > 0 ? { readings, next: end } : undefined
}

/** A quantity at i; a range ("10-20 ms", "10 to 20 ms", "between 10 and 20 ms") reads as its upper bound. */
function quantityAt(t: Token[], i: number): { quantity: Quantity; next: number } | undefined {
  const a = singleAt(t, i)
  if (!a) return undefined
  const joiner = t[a.next]
  const isRange = is(joiner, 'sym', '-') || isWord(joiner, 'to') || (isWord(joiner, 'and') && isWord(t[i - 1], 'between'))
  const b = isRange ? singleAt(t, a.next + 1) : undefined
  const low = a.readings[0]!
  const high = b?.readings[0]
  if (!b || !high || (low.unit && high.unit && !sameDims(low.unit.dims, high.unit.dims))) {
    return { quantity: { readings: a.readings }, next: a.next }
  }
  const inUnit = (r: Reading, unit: Unit | null) => (r.unit && unit ? (r.value * r.unit.factor) / unit.factor : r.value)
  const readings = b.readings.map((r) => {
    const unit = r.unit ?? low.unit
    return { value: Math.max(inUnit(low, unit), inUnit(r, unit)), unit }
  })
  return { quantity: { readings }, next: b.next }
}

/** Every quantity in tokenised text, with whether an answer marker came right before it. */
function* scan(t: Token[]): Generator<{ quantity: Quantity; afterMarker: boolean }> {
  let markerPending = false
  for (let i = 0; i < t.length; ) {
    const tok = t[i]!
    if ((tok.kind === 'sym' && MARKERS.has(tok.text)) || (isWord(tok, 'answer') && (is(t[i + 1], 'sym', ':') || isWord(t[i + 1], 'is')))) {
      markerPending = true
    }
    const found = quantityAt(t, i)
    if (!found) {
      i++
      continue
    }
    yield { quantity: found.quantity, afterMarker: markerPending }
    markerPending = false
    i = found.next
  }
}

/**
 * The answer in a text: the first quantity after the last answer marker ("answer:", "answer is", "=", "≈", "~")
 * that has one, otherwise the last quantity. Undefined when there is none (or the text is too long to read).
 */
export function readAnswer(text: string): Quantity | undefined {
  if (text.length > MAX_ANSWER_CHARS) return undefined
  let last: Quantity | undefined
  let afterMarker: Quantity | undefined
  for (const found of scan(tokenize(normalize(text)))) {
    last = found.quantity
    if (found.afterMarker) afterMarker = found.quantity
  }
  return afterMarker ?? last
}

/** Every quantity in a text, in order (none when the text is too long to read). */
export function readQuantities(text: string): Quantity[] {
  if (text.length > MAX_ANSWER_CHARS) return []
  return [...scan(tokenize(normalize(text)))].map((found) => found.quantity)
}

/** Every reading of a unit written on its own ("GB", "tokens/s", "%"), or undefined when it is not one unit. */
export function readUnit(text: string): Unit[] | undefined {
  const t = tokenize(normalize(text))
  const unit = unitAt(t, 0, false)
  return unit && unit.next === t.length ? unit.units : undefined
}
