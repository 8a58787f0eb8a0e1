/**
 * Live numbers: `{{< sim … >}}` and `{{< catalog … >}}` shortcodes in chapter text, evaluated with the
 * simulator engine when a chapter loads. Pure: the engine is passed in, so tests and the CLI share it.
 */
import { formatLive, isLiveUnit, LIVE_UNITS, type LiveUnit } from './units'

export interface LiveEngine {
  runSim(name: string, params: unknown): unknown
  catalog(): Record<string, readonly Record<string, unknown>[]>
  /** Names of the simulator functions, for messages. */
  functions(): string[]
}

export type ShortcodeValue = number | boolean | string

export interface Shortcode {
  kind: 'sim' | 'catalog'
  /** Function name (sim) or KIND/ID/FIELD path (catalog). */
  target: string
  field: string | null
  unit: LiveUnit
  digits: number
  dashboard: string | null
  /** Simulator parameters as written (catalog references still as `@kind/id/field` strings). */
  params: Record<string, ShortcodeValue>
}

export interface LiveLink {
  dashboard: string
  params: Record<string, string>
}

export type LiveResult =
  | { ok: true; value: number; unit: LiveUnit; text: string; formula: string; link: LiveLink | null }
  | { ok: false; error: string; source: string }

export class ShortcodeError extends Error {}

/** Splits shortcode arguments on spaces, keeping "quoted strings" whole. */
function tokens(body: string): string[] {
  const out: string[] = []
  const re = /\s*((?:[^\s"]+="(?:[^"\\]|\\.)*")|"(?:[^"\\]|\\.)*"|[^\s]+)/gy
  let m: RegExpExecArray | null
  while (re.lastIndex < body.length && (m = re.exec(body))) out.push(m[1]!)
  return out
}

function value(raw: string): ShortcodeValue {
  if (raw.startsWith('"') && raw.endsWith('"') && raw.length >= 2) return raw.slice(1, -1).replace(/\\(.)/g, '$1')
  if (raw === 'true') return true
  if (raw === 'false') return false
  if (/^[-+]?(?:\d+\.?\d*|\.\d+)(?:e[-+]?\d+)?$/i.test(raw)) return Number(raw)
  return raw
}

/** Reads the inside of `{{< … >}}`. Throws ShortcodeError with a message naming what is wrong. */
export function parseShortcode(body: string): Shortcode {
  const parts = tokens(body.trim())
  const kind = parts.shift()
  if (kind !== 'sim' && kind !== 'catalog') {
    throw new ShortcodeError(`unknown shortcode "${kind ?? ''}": use {{< sim FUNCTION … >}} or {{< catalog KIND/ID/FIELD … >}}`)
  }
  const target = parts.shift()
  if (!target || target.includes('=')) {
    throw new ShortcodeError(
      kind === 'sim'
        ? 'name the simulator function first: {{< sim roofline … >}}'
        : 'give the catalog path first: {{< catalog accelerators/h100-sxm/memoryBytes unit=B >}}'
    )
  }
  const sc: Shortcode = { kind, target, field: null, unit: 'count', digits: 3, dashboard: null, params: {} }
  let unitSeen = false
  for (const part of parts) {
    const eq = part.indexOf('=')
    if (eq <= 0) throw new ShortcodeError(`"${part}" is not a name=value pair`)
    const name = part.slice(0, eq)
    const raw = part.slice(eq + 1)
    if (name === 'unit') {
      if (!isLiveUnit(raw)) throw new ShortcodeError(`unit "${raw}" is not one of ${LIVE_UNITS.join(' ')}`)
      sc.unit = raw
      unitSeen = true
    } else if (name === 'digits') {
      const d = Number(raw)
      if (!Number.isInteger(d) || d < 1 || d > 10) throw new ShortcodeError(`digits must be a whole number from 1 to 10 (got ${raw})`)
      sc.digits = d
    } else if (name === 'field' && kind === 'sim') {
      sc.field = raw
    } else if (name === 'dashboard') {
      sc.dashboard = raw
    } else if (kind === 'sim') {
      if (Object.hasOwn(sc.params, name)) throw new ShortcodeError(`parameter ${name} is given twice`)
      sc.params[name] = value(raw)
    } else {
      throw new ShortcodeError(`catalog shortcodes take only unit, digits and dashboard (got ${name})`)
    }
  }
  if (!unitSeen) throw new ShortcodeError('give the unit of the value: unit=FLOP/s, unit=B, unit=s, …')
  return sc
}

/** Reads `kind/id/field[/sub]` from the catalog; throws ShortcodeError naming the missing part. */
export function catalogFigure(engine: LiveEngine, path: string): unknown {
  const [kind, id, ...fields] = path.replace(/^@/, '').split('/')
  const catalog = engine.catalog()
  const entries = kind ? catalog[kind] : undefined
  if (!entries) throw new ShortcodeError(`no catalog kind "${kind ?? ''}"; kinds: ${Object.keys(catalog).join(', ')}`)
  const entry = entries.find((e) => e.id === id)
  if (!entry) throw new ShortcodeError(`no ${kind} "${id ?? ''}" in the catalog`)
  if (fields.length === 0)
    throw new ShortcodeError(
      `name a field of ${kind}/${id}, e.g. ${kind}/${id}/${Object.keys(entry).find((k) => typeof entry[k] === 'number') ?? 'field'}`
    )
  let v: unknown = entry
  for (const f of fields) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, f))
      throw new ShortcodeError(`${kind}/${id} has no field "${fields.join('/')}"`)
    v = (v as Record<string, unknown>)[f]
  }
  return v
}

function pickField(result: unknown, field: string | null): unknown {
  if (field === null) return result
  let v: unknown = result
  for (const f of field.split('.')) {
    if (v === null || typeof v !== 'object' || !Object.hasOwn(v, f)) {
      const keys = v && typeof v === 'object' ? Object.keys(v).join(', ') : 'none (the result is a number)'
      throw new ShortcodeError(`the result has no field "${field}"; its fields: ${keys}`)
    }
    v = (v as Record<string, unknown>)[f]
  }
  return v
}

/** Evaluates a parsed shortcode. Never throws: a bad one comes back as `{ ok: false, error }`. */
export function evaluateShortcode(engine: LiveEngine, sc: Shortcode, source: string): LiveResult {
  try {
    let raw: unknown
    let formula: string
    if (sc.kind === 'catalog') {
      raw = catalogFigure(engine, sc.target)
      formula = `catalog ${sc.target}`
    } else {
      if (!engine.functions().includes(sc.target)) {
        throw new ShortcodeError(`no simulator function "${sc.target}" (mlsys sim --list shows them)`)
      }
      const resolved: Record<string, unknown> = {}
      for (const [k, v] of Object.entries(sc.params)) {
        resolved[k] = typeof v === 'string' && v.startsWith('@') ? catalogFigure(engine, v) : v
      }
      raw = pickField(engine.runSim(sc.target, resolved), sc.field)
      const args = Object.entries(sc.params)
        .map(([k, v]) => `${k}=${typeof v === 'string' ? v : String(v)}`)
        .join(', ')
      formula = `${sc.target}(${args})${sc.field ? `.${sc.field}` : ''}`
    }
    if (typeof raw !== 'number')
      throw new ShortcodeError(
        `the value is ${raw === null ? 'null' : typeof raw}, not a number${sc.kind === 'sim' && sc.field === null ? ': name a field=' : ''}`
      )
    if (!Number.isFinite(raw)) throw new ShortcodeError(`the value is ${raw}, not a finite number`)
    return { ok: true, value: raw, unit: sc.unit, text: formatLive(raw, sc.unit, sc.digits), formula, link: dashboardLink(sc) }
  } catch (e) {
    return { ok: false, error: (e as Error).message, source }
  }
}

/** Parses and evaluates `{{< … >}}` source text. */
export function evaluateLive(engine: LiveEngine, body: string): LiveResult {
  try {
    return evaluateShortcode(engine, parseShortcode(body), body.trim())
  } catch (e) {
    return { ok: false, error: (e as Error).message, source: body.trim() }
  }
}

/** Which dashboard shows each simulator function. */
const FUNCTION_DASHBOARD: Record<string, string> = {
  roofline: 'roofline',
  inferenceLatency: 'batch',
  trainingStep: 'batch',
  trainingMemory: 'memory',
  activationMemory: 'memory',
  llmServing: 'serving',
  kvCacheBytes: 'serving',
  pagedKvCache: 'serving',
  parallelStep: 'parallelism',
  pipelineBubble: 'parallelism',
  ringAllReduce: 'collectives',
  treeAllReduce: 'collectives',
  allToAll: 'collectives',
  hierarchicalAllReduce: 'collectives',
  mmcQueue: 'tail',
  youngDalyInterval: 'reliability',
  clusterMtbf: 'reliability',
  failureProbability: 'reliability',
  sustainability: 'carbon',
  tco: 'carbon',
  compression: 'tinyml'
}

/** The parameter names each dashboard reads from a link (src-renderer/src/features/simulator/dashboards). */
export const DASHBOARD_PARAMS: Record<string, readonly string[]> = {
  roofline: ['devices', 'precision', 'intensity'],
  batch: ['model', 'accelerator', 'precision', 'batch', 'contextTokens', 'efficiency', 'bandwidthEfficiency', 'overheadSeconds'],
  memory: [
    'model',
    'accelerator',
    'precision',
    'optimizer',
    'zeroStage',
    'recompute',
    'tensorParallel',
    'pipelineParallel',
    'dataParallel',
    'microBatch'
  ],
  serving: [
    'model',
    'accelerator',
    'precision',
    'kvBytesPerValue',
    'promptTokens',
    'outputTokens',
    'batch',
    'tensorParallel',
    'memoryUtilization'
  ],
  parallelism: [
    'model',
    'cluster',
    'dataParallel',
    'tensorParallel',
    'pipelineParallel',
    'virtualStages',
    'microBatch',
    'microbatches',
    'efficiency',
    'dpOverlap'
  ],
  collectives: ['ranks', 'gpusPerNode', 'intraFabric', 'interFabric', 'bytes'],
  tail: ['servers', 'serviceRate', 'arrivalRate', 'sla'],
  reliability: ['gpus', 'gpuMtbfHours', 'checkpointSeconds', 'restartSeconds', 'intervalSeconds', 'jobDays'],
  carbon: ['accelerator', 'devices', 'durationHours', 'utilization', 'grid', 'dollarsPerKwh', 'years'],
  tinyml: ['model', 'mcu', 'bits', 'inputH', 'inputW', 'channels', 'stride', 'efficiency', 'weightBandwidth']
}

/** `@accelerators/h100-sxm/peakFlopsPerSecond/bf16` → its parts. */
function catalogRef(v: ShortcodeValue | undefined): { kind: string; id: string; field: string; sub?: string } | null {
  if (typeof v !== 'string' || !v.startsWith('@')) return null
  const [kind, id, field, sub] = v.slice(1).split('/')
  return kind && id && field ? { kind, id, field, sub } : null
}

/**
 * The dashboard that shows a shortcode's quantity, with the dashboard's own parameters filled from the
 * shortcode's (only parameters the dashboard reads; numbers and ids as strings). Null when no dashboard fits.
 */
export function dashboardLink(sc: Shortcode): LiveLink | null {
  const dashboard =
    sc.dashboard ?? (sc.kind === 'sim' ? FUNCTION_DASHBOARD[sc.target] : sc.target.startsWith('accelerators/') ? 'roofline' : undefined)
  if (!dashboard || !Object.hasOwn(DASHBOARD_PARAMS, dashboard)) return null
  const wanted = DASHBOARD_PARAMS[dashboard]!
  const out: Record<string, string> = {}
  const set = (k: string, v: ShortcodeValue | undefined) => {
    if (v !== undefined && wanted.includes(k) && !(typeof v === 'string' && v.startsWith('@'))) out[k] = String(v)
  }
  if (sc.kind === 'catalog') {
    const [kind, id, field, sub] = sc.target.split('/')
    if (kind === 'accelerators' && id && dashboard === 'roofline') {
      out.devices = id
      if (field === 'peakFlopsPerSecond' && sub) out.precision = sub
    }
    return { dashboard, params: out }
  }
  const p = sc.params
  for (const [k, v] of Object.entries(p)) set(k, v)
  if (dashboard === 'roofline') {
    const peak = catalogRef(p.peakFlops)
    const acc = typeof p.accelerator === 'string' ? p.accelerator : peak?.kind === 'accelerators' ? peak.id : catalogRef(p.bandwidth)?.id
    if (acc) out.devices = acc
    if (peak?.field === 'peakFlopsPerSecond' && peak.sub) out.precision = peak.sub
    else if (typeof p.precision === 'string') out.precision = p.precision
    if (typeof p.flops === 'number' && typeof p.bytes === 'number' && p.bytes > 0) out.intensity = String(p.flops / p.bytes)
  } else if (dashboard === 'carbon' && typeof p.durationSeconds === 'number') {
    out.durationHours = String(p.durationSeconds / 3600)
  } else if (dashboard === 'reliability') {
    if (typeof p.count === 'number') out.gpus = String(p.count)
    if (typeof p.componentMtbfSeconds === 'number') out.gpuMtbfHours = String(p.componentMtbfSeconds / 3600)
  } else if (dashboard === 'tinyml' && typeof p.bitsAfter === 'number') {
    out.bits = String(p.bitsAfter)
  } else if (dashboard === 'collectives' && typeof p.nodes === 'number' && typeof p.gpusPerNode === 'number') {
    out.ranks = String(p.nodes * p.gpusPerNode)
  }
  return { dashboard, params: out }
}

/** `#/simulator/roofline?devices=h100-sxm&intensity=20`: the address the reader links a live number to. */
export function linkHref(link: LiveLink): string {
  const q = new URLSearchParams(Object.entries(link.params)).toString()
  return `#/simulator/${encodeURIComponent(link.dashboard)}${q ? `?${q}` : ''}`
}

/** The simulator engine as live numbers use it. */
export function simLiveEngine(sim: {
  runSim(name: string, params: unknown): unknown
  loadCatalog(): unknown
  models: Record<string, unknown>
}): LiveEngine {
  return {
    runSim: sim.runSim,
    catalog: () => sim.loadCatalog() as Record<string, readonly Record<string, unknown>[]>,
    functions: () => Object.keys(sim.models).filter((m) => m !== 'sweep')
  }
}
