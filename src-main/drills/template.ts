// A drill template (data in curriculum/drills/*.yaml): its schema, and how an instance is drawn from it.
// Every number an instance shows or grades against is computed here by the simulator engine from the
// instance's own parameters.
import { z } from 'zod'
import { BYTES_PER_VALUE, type Precision } from '../../src-preload/contract'
import {
  FIBRE_METRES_PER_SECOND,
  getAccelerator,
  getCluster,
  getFabric,
  getGrid,
  getModel,
  JOULES_PER_KWH,
  loadCatalog,
  models,
  peakFlopsAt,
  runSim,
  SECONDS_PER_30_DAY_MONTH,
  SECONDS_PER_YEAR
} from '../sim'
import { evaluate, ExprError, type Functions, type Node, namesIn, parseExpr, type Value } from './expr'
import { formatNumber, formatQuantity, parseUnit } from './grader'
import { randomFrom } from './random'
import { AREAS, DASHBOARDS, LEVELS, TOPICS, TRACKS, ZONES } from './vocabulary'

const slug = z.string().regex(/^[a-z0-9][a-z0-9-]*$/, 'lower-case letters, digits and dashes')
const text = z.string().min(1).max(4000)
const expr = z.union([z.string().min(1).max(2000), z.number().transform(String)])
const catalogKinds = ['accelerators', 'models', 'fabrics', 'clusters', 'grids'] as const

const paramSchema = z.union([
  z.object({ pick: z.enum(catalogKinds), ids: z.array(z.string()).min(1).optional() }).strict(),
  z.object({ choose: z.array(z.union([z.number(), z.string()])).min(1) }).strict(),
  z.object({ range: z.tuple([z.number(), z.number()]), step: z.number().positive().optional() }).strict()
])

export const templateSchema = z
  .object({
    id: slug,
    title: text,
    kind: z.enum(['numeric', 'choice', 'open']),
    track: z.enum(TRACKS),
    level: z.enum(LEVELS),
    zone: z.enum(ZONES),
    area: z.enum(AREAS),
    topic: z.enum(TOPICS),
    chain: z
      .object({ theme: slug, step: z.number().int().min(1) })
      .strict()
      .optional(),
    params: z.record(slug.or(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/)), paramSchema).default({}),
    let: z.record(z.string().regex(/^[a-zA-Z][a-zA-Z0-9]*$/), expr).default({}),
    /** Drawn parameters are redrawn until this holds (e.g. the model fits). */
    accept: expr.optional(),
    scenario: text,
    question: text,
    /** numeric: the engine call (SI) and the unit the answer is graded in. */
    answer: z
      .object({ expr, unit: z.string().min(1) })
      .strict()
      .optional(),
    /** choice: an expression giving one of the options. */
    choice: z
      .object({ expr, options: z.array(text).min(2).max(6) })
      .strict()
      .optional(),
    napkin: z
      .object({
        assumptions: z.array(text).min(1),
        calculations: z.array(text).min(1),
        conclusion: text,
        /** The hand calculation the steps show, as arithmetic; must equal the engine's answer. */
        result: expr.optional()
      })
      .strict()
      .optional(),
    mistake: z.object({ pitfall: text, rationale: text, consequence: text }).strict(),
    /** Wrong numbers the common mistakes produce, for multiple-choice variants (`answer` is in scope). */
    distractors: z.array(z.object({ why: text, expr }).strict()).default([]),
    modelAnswer: text.optional(),
    rubric: z.array(text).min(2).max(6).optional(),
    links: z
      .object({
        dashboard: z
          .object({ id: z.enum(DASHBOARDS), params: z.record(z.string(), expr).default({}) })
          .strict()
          .optional()
      })
      .strict()
      .default({})
  })
  .strict()
  .superRefine((t, ctx) => {
    const need = (ok: boolean, path: string, message: string) => ok || ctx.addIssue({ code: 'custom', path: [path], message })
    if (t.kind === 'numeric') {
      need(t.answer !== undefined, 'answer', 'a numeric question needs answer: { expr, unit }')
      need(t.napkin?.result !== undefined, 'napkin', 'a numeric question needs napkin math with a result')
    }
    if (t.kind === 'choice') need(t.choice !== undefined, 'choice', 'a choice question needs choice: { expr, options }')
    if (t.kind === 'open') {
      need(t.modelAnswer !== undefined, 'modelAnswer', 'an open question needs a modelAnswer')
      need(t.rubric !== undefined, 'rubric', 'an open question needs a rubric of 2-6 checkpoints')
    }
    if (t.answer) {
      try {
        parseUnit(t.answer.unit)
      } catch (e) {
        ctx.addIssue({ code: 'custom', path: ['answer', 'unit'], message: (e as Error).message })
      }
    }
  })

export type Template = z.output<typeof templateSchema>

export interface Instance {
  /** `<templateId>@<seed>` */
  id: string
  templateId: string
  seed: number
  kind: Template['kind']
  title: string
  track: Template['track']
  level: Template['level']
  zone: Template['zone']
  area: Template['area']
  topic: Template['topic']
  chain: Template['chain'] | null
  scenario: string
  question: string
  /** numeric: the value in `unit` (what the grader compares with) and how it reads. */
  answer: { value: number; unit: string; display: string } | null
  /** Multiple choice: for choice questions always, for numeric ones the variant built from the distractors. */
  options: { text: string; why: string | null }[] | null
  correctIndex: number | null
  napkin: { assumptions: string[]; calculations: string[]; conclusion: string } | null
  mistake: Template['mistake']
  modelAnswer: string | null
  rubric: string[] | null
  dashboard: { id: string; params: Record<string, number | string> } | null
}

export class TemplateError extends Error {}

// ---------- functions the expressions may call ----------

const n = (v: Value, what: string) => {
  if (typeof v !== 'number') throw new ExprError(`${what} needs a number (got ${JSON.stringify(v)})`)
  return v
}
const s = (v: Value, what: string) => {
  if (typeof v !== 'string') throw new ExprError(`${what} needs a string (got ${JSON.stringify(v)})`)
  return v
}
const math = (f: (x: number) => number, name: string) => (x: Value) => f(n(x, name))

const simFunctions: Functions = Object.fromEntries(
  Object.entries(models)
    .filter(([name]) => name !== 'sweep')
    .map(([name]) => [name, (params: Value) => runSim(name, params) as Value])
)

export const FUNCTIONS: Functions = {
  ...simFunctions,
  accelerator: (id) => getAccelerator(s(id, 'accelerator')) as unknown as Value,
  model: (id) => getModel(s(id, 'model')) as unknown as Value,
  fabric: (id) => getFabric(s(id, 'fabric')) as unknown as Value,
  cluster: (id) => getCluster(s(id, 'cluster')) as unknown as Value,
  grid: (id) => getGrid(s(id, 'grid')) as unknown as Value,
  peak: (acc, precision) => peakFlopsAt(getAccelerator(s((acc as { id?: Value })?.id ?? acc, 'peak')), s(precision, 'peak') as Precision),
  has: (obj, key) => typeof obj === 'object' && obj !== null && Object.hasOwn(obj, s(key, 'has')),
  bytesPerValue: (precision) => BYTES_PER_VALUE[s(precision, 'bytesPerValue') as Precision] ?? Number.NaN,
  min: (...xs) => Math.min(...xs.map((x) => n(x, 'min'))),
  max: (...xs) => Math.max(...xs.map((x) => n(x, 'max'))),
  ceil: math(Math.ceil, 'ceil'),
  floor: math(Math.floor, 'floor'),
  round: math(Math.round, 'round'),
  sqrt: math(Math.sqrt, 'sqrt'),
  log2: math(Math.log2, 'log2'),
  log10: math(Math.log10, 'log10'),
  ln: math(Math.log, 'ln'),
  exp: math(Math.exp, 'exp'),
  abs: math(Math.abs, 'abs')
}

const CONSTANTS: Record<string, Value> = {
  SECONDS_PER_YEAR,
  SECONDS_PER_MONTH: SECONDS_PER_30_DAY_MONTH,
  JOULES_PER_KWH,
  FIBRE_METRES_PER_SECOND
}

// ---------- showing numbers with units ----------

const SCALES: Record<string, [string, number][]> = {
  B: [
    ['PB', 1e15],
    ['TB', 1e12],
    ['GB', 1e9],
    ['MB', 1e6],
    ['kB', 1e3],
    ['B', 1]
  ],
  'bit/s': [
    ['Tb/s', 1e12 / 8],
    ['Gb/s', 1e9 / 8],
    ['Mb/s', 1e6 / 8],
    ['kb/s', 1e3 / 8],
    ['b/s', 1 / 8]
  ],
  s: [
    ['years', SECONDS_PER_YEAR],
    ['days', 86400],
    ['h', 3600],
    ['min', 60],
    ['s', 1],
    ['ms', 1e-3],
    ['µs', 1e-6],
    ['ns', 1e-9]
  ],
  FLOP: [
    ['EFLOP', 1e18],
    ['PFLOP', 1e15],
    ['TFLOP', 1e12],
    ['GFLOP', 1e9],
    ['MFLOP', 1e6],
    ['kFLOP', 1e3],
    ['FLOP', 1]
  ],
  W: [
    ['GW', 1e9],
    ['MW', 1e6],
    ['kW', 1e3],
    ['W', 1],
    ['mW', 1e-3],
    ['µW', 1e-6]
  ],
  J: [
    ['MJ', 1e6],
    ['kJ', 1e3],
    ['J', 1],
    ['mJ', 1e-3],
    ['µJ', 1e-6],
    ['nJ', 1e-9]
  ],
  Wh: [
    ['GWh', 3.6e12],
    ['MWh', 3.6e9],
    ['kWh', 3.6e6],
    ['Wh', 3600]
  ],
  kg: [
    ['t', 1000],
    ['kg', 1],
    ['g', 1e-3]
  ]
}
SCALES['B/s'] = SCALES.B!.map(([label, f]) => [`${label}/s`, f])
SCALES['FLOP/s'] = SCALES.FLOP!.map(([label, f]) => [`${label}/s`, f])

const WORDS: [string, number][] = [
  ['trillion', 1e12],
  ['billion', 1e9],
  ['million', 1e6]
]

/**
 * An SI value for reading: `unit` is either a family that picks its own prefix (B, B/s, bit/s, s, FLOP,
 * FLOP/s, W, J, Wh, kg, $, count, %, x) or any unit the grader reads, used as given (GiB, tokens/s, …).
 */
export function showValue(value: number, unit: string, digits = 3): string {
  if (!Number.isFinite(value)) return String(value)
  const scale = SCALES[unit]
  if (scale) {
    const a = Math.abs(value)
    // beyond a thousand of the largest prefix, the family's base unit with an exponent reads best (3.15e23 FLOP)
    if (a >= scale[0]![1] * 1000) {
      const [label, f] = scale.find(([, f]) => f === 1) ?? scale[0]!
      return formatQuantity(value / f, label, digits)
    }
    const [label, f] = scale.find(([, f]) => a >= f * (1 - 1e-9)) ?? scale[scale.length - 1]!
    return formatQuantity(value / f, label, digits)
  }
  if (unit === '$') {
    const a = Math.abs(value)
    if (a >= 1e9) return `${formatQuantity(value / 1e9, '$', digits)}B`
    if (a >= 1e6) return `${formatQuantity(value / 1e6, '$', digits)}M`
    return formatQuantity(value, '$', digits)
  }
  if (unit === 'count') {
    const word = Math.abs(value) < 1e15 ? WORDS.find(([, f]) => Math.abs(value) >= f) : undefined
    return word ? `${formatNumber(value / word[1], digits)} ${word[0]}` : formatNumber(value, digits)
  }
  const u = parseUnit(unit)
  return formatQuantity(value / u.factor, u.label === '×' ? '×' : unit, digits)
}

// ---------- text with {expression} and {expression | unit} holes ----------

interface Hole {
  node: Node
  unit: string | null
}
type Piece = string | Hole

/** Splits "KV = {x | B} per token" into text and holes; braces inside a hole (object literals) nest. */
export function parseText(src: string): Piece[] {
  const pieces: Piece[] = []
  let at = 0
  while (at < src.length) {
    const open = src.indexOf('{', at)
    if (open < 0) break
    let depth = 0
    let close = open
    for (; close < src.length; close++) {
      if (src[close] === '{') depth++
      else if (src[close] === '}' && --depth === 0) break
    }
    if (close >= src.length) throw new TemplateError(`unclosed "{" in: ${src}`)
    if (open > at) pieces.push(src.slice(at, open))
    const inner = src.slice(open + 1, close)
    const bar = inner.lastIndexOf('|')
    const isUnit = bar >= 0 && inner[bar - 1] !== '|' && inner[bar + 1] !== '|'
    pieces.push({ node: parseExpr(isUnit ? inner.slice(0, bar) : inner), unit: isUnit ? inner.slice(bar + 1).trim() : null })
    at = close + 1
  }
  if (at < src.length) pieces.push(src.slice(at))
  return pieces
}

function fill(pieces: Piece[], scope: Record<string, Value>): string {
  return pieces
    .map((p) => {
      if (typeof p === 'string') return p
      const v = evaluate(p.node, scope, FUNCTIONS)
      if (p.unit) return showValue(n(v, 'a value with a unit'), p.unit)
      // whole numbers read exactly (12,288 heads' worth, not 12,290); others to 4 significant digits
      if (typeof v === 'number') return Number.isInteger(v) && Math.abs(v) < 1e9 ? formatNumber(v, 10) : formatNumber(v, 4)
      if (typeof v === 'string') return v
      if (typeof v === 'boolean') return v ? 'yes' : 'no'
      throw new ExprError(`cannot show ${JSON.stringify(v)} in text`)
    })
    .join('')
}

// ---------- drawing an instance ----------

function draw(spec: Template['params'][string], random: () => number): Value {
  const pick = <T>(xs: readonly T[]): T => xs[Math.floor(random() * xs.length)]!
  if ('pick' in spec) {
    const all = loadCatalog()[spec.pick] as unknown as { id: string }[]
    const pool = spec.ids ? spec.ids.map((id) => all.find((e) => e.id === id) ?? missing(spec.pick, id)) : all
    return pick(pool) as unknown as Value
  }
  if ('choose' in spec) return pick(spec.choose)
  const step = spec.step ?? 1
  const steps = Math.floor((spec.range[1] - spec.range[0]) / step + 1e-9)
  return Number((spec.range[0] + step * Math.floor(random() * (steps + 1))).toPrecision(12))
}
function missing(kind: string, id: string): never {
  throw new TemplateError(`params: no ${kind} entry "${id}" in the catalog`)
}

/** A template with every expression parsed once. */
export interface CompiledTemplate {
  template: Template
  lets: [string, Node][]
  accept: Node | null
  answer: Node | null
  choice: Node | null
  result: Node | null
  distractors: { why: string; node: Node }[]
  texts: { scenario: Piece[]; question: Piece[]; assumptions: Piece[][]; calculations: Piece[][]; conclusion: Piece[] | null }
  dashboard: [string, Node][]
}

export function compileTemplate(template: Template): CompiledTemplate {
  const where = (what: string, f: () => unknown) => {
    try {
      return f()
    } catch (e) {
      throw new TemplateError(`template ${template.id}: ${what}: ${(e as Error).message}`)
    }
  }
  const ex = (what: string, src: string | undefined) => (src === undefined ? null : (where(what, () => parseExpr(src)) as Node))
  const tx = (what: string, src: string) => where(what, () => parseText(src)) as Piece[]
  return {
    template,
    lets: Object.entries(template.let).map(([name, src]) => [name, ex(`let.${name}`, src)!]),
    accept: ex('accept', template.accept),
    answer: ex('answer', template.answer?.expr),
    choice: ex('choice', template.choice?.expr),
    result: ex('napkin.result', template.napkin?.result),
    distractors: template.distractors.map((d, i) => ({ why: d.why, node: ex(`distractors[${i}]`, d.expr)! })),
    texts: {
      scenario: tx('scenario', template.scenario),
      question: tx('question', template.question),
      assumptions: (template.napkin?.assumptions ?? []).map((a, i) => tx(`napkin.assumptions[${i}]`, a)),
      calculations: (template.napkin?.calculations ?? []).map((a, i) => tx(`napkin.calculations[${i}]`, a)),
      conclusion: template.napkin ? tx('napkin.conclusion', template.napkin.conclusion) : null
    },
    dashboard: Object.entries(template.links.dashboard?.params ?? {}).map(([k, src]) => [k, ex(`links.dashboard.params.${k}`, src)!])
  }
}

const MAX_DRAWS = 200

/** The parameters and derived values of one instance; also its SI answer (`answer`) and hand result. */
export function instanceScope(c: CompiledTemplate, seed: number): Record<string, Value> {
  const t = c.template
  const random = randomFrom(`${t.id}@${seed}`)
  const acceptNames = c.accept ? [...namesIn(c.accept)] : []
  for (let attempt = 0; attempt < MAX_DRAWS; attempt++) {
    const scope: Record<string, Value> = { ...CONSTANTS }
    for (const [name, spec] of Object.entries(t.params)) scope[name] = draw(spec, random)
    // accept is checked as soon as every name it reads exists, so no later let sees a rejected draw
    let pending = c.accept
    const passes = () => {
      if (!pending || !acceptNames.every((name) => Object.hasOwn(scope, name))) return true
      const ok = !!evaluate(pending, scope, FUNCTIONS)
      pending = null
      return ok
    }
    let ok = passes()
    for (const [name, node] of c.lets) {
      if (!ok) break
      scope[name] = evaluate(node, scope, FUNCTIONS)
      ok = passes()
    }
    if (!ok) continue
    if (pending) throw new TemplateError(`template ${t.id}: accept reads a name that is never defined`)
    if (c.answer) scope.answer = evaluate(c.answer, scope, FUNCTIONS)
    if (c.choice) scope.answer = evaluate(c.choice, scope, FUNCTIONS)
    if (c.result) scope.result = evaluate(c.result, scope, FUNCTIONS)
    return scope
  }
  throw new TemplateError(`template ${t.id}: no parameters satisfied accept in ${MAX_DRAWS} draws (seed ${seed})`)
}

/** Options for a multiple-choice variant: the answer and the distractors, shown alike, near-duplicates dropped. */
function numericOptions(c: CompiledTemplate, scope: Record<string, Value>, answer: number, unit: string, random: () => number) {
  const candidates: { value: number; why: string | null }[] = [{ value: answer, why: null }]
  for (const d of c.distractors) candidates.push({ value: n(evaluate(d.node, scope, FUNCTIONS), 'a distractor'), why: d.why })
  // a slipped prefix is always a plausible wrong answer; it fills the list when the mistakes coincide
  candidates.push({ value: answer * 1000, why: 'a prefix slipped by 1,000' }, { value: answer / 10, why: 'a factor of 10 lost' })
  const kept: { value: number; why: string | null; text: string }[] = []
  for (const cand of candidates) {
    if (!Number.isFinite(cand.value)) continue
    const text = showValue(cand.value, unit)
    const near = kept.some((k) => k.text === text || Math.abs(k.value - cand.value) <= 0.05 * Math.abs(answer))
    if (!near && kept.length < 4) kept.push({ ...cand, text })
  }
  return shuffle(kept, random)
}

function shuffle<T>(xs: T[], random: () => number): T[] {
  const out = [...xs]
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1))
    ;[out[i], out[j]] = [out[j]!, out[i]!]
  }
  return out
}

/** One instance of a template, reproducible from (template id, seed). */
export function instantiate(c: CompiledTemplate, seed: number): Instance {
  const t = c.template
  try {
    const scope = instanceScope(c, seed)
    const random = randomFrom(`${t.id}/options@${seed}`)
    let answer: Instance['answer'] = null
    let options: Instance['options'] = null
    let correctIndex: number | null = null
    if (t.kind === 'numeric') {
      const si = n(scope.answer!, 'the answer')
      if (!Number.isFinite(si)) throw new TemplateError(`the answer is not finite (${si})`)
      const unit = t.answer!.unit
      const value = si / parseUnit(unit).factor
      answer = { value, unit, display: showValue(si, unit) }
      const shuffled = numericOptions(c, scope, si, unit, random)
      options = shuffled.map((o) => ({ text: o.text, why: o.why }))
      correctIndex = shuffled.findIndex((o) => o.why === null)
    } else if (t.kind === 'choice') {
      const right = s(scope.answer!, 'a choice answer')
      if (!t.choice!.options.includes(right)) throw new TemplateError(`choice answer "${right}" is not one of the options`)
      options = shuffle(t.choice!.options, random).map((text) => ({ text, why: text === right ? null : 'not this one' }))
      correctIndex = options.findIndex((o) => o.text === right)
    }
    return {
      id: `${t.id}@${seed}`,
      templateId: t.id,
      seed,
      kind: t.kind,
      title: t.title,
      track: t.track,
      level: t.level,
      zone: t.zone,
      area: t.area,
      topic: t.topic,
      chain: t.chain ?? null,
      scenario: fill(c.texts.scenario, scope),
      question: fill(c.texts.question, scope),
      answer,
      options,
      correctIndex,
      napkin: c.texts.conclusion
        ? {
            assumptions: c.texts.assumptions.map((p) => fill(p, scope)),
            calculations: c.texts.calculations.map((p) => fill(p, scope)),
            conclusion: fill(c.texts.conclusion, scope)
          }
        : null,
      mistake: t.mistake,
      modelAnswer: t.modelAnswer ?? null,
      rubric: t.rubric ?? null,
      dashboard: t.links.dashboard
        ? {
            id: t.links.dashboard.id,
            params: Object.fromEntries(
              c.dashboard.map(([k, node]) => {
                const v = evaluate(node, scope, FUNCTIONS)
                if (typeof v !== 'number' && typeof v !== 'string')
                  throw new ExprError(`dashboard parameter ${k} must be a number or string`)
                return [k, v]
              })
            )
          }
        : null
    }
  } catch (e) {
    if (e instanceof TemplateError && e.message.startsWith(`template ${t.id}`)) throw e
    throw new TemplateError(`template ${t.id} (seed ${seed}): ${(e as Error).message}`)
  }
}
