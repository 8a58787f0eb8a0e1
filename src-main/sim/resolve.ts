// Shared helpers for the higher-level models: resolve catalog ids and raw overrides
// into plain SI figures, rethrowing catalog lookups as SimInputError on the right field.
import {
  BYTES_PER_VALUE,
  PRECISIONS,
  type Accelerator,
  type Cluster,
  type CatalogModel,
  type Fabric,
  type Grid,
  type Precision
} from '../../src-preload/contract'
import { CatalogError, getAccelerator, getCluster, getFabric, getGrid, getModel, peakFlopsAt } from './catalog'
import { SimInputError, efficiency, integer, nonNegative, oneOf, positive, ranks } from './validate'

type Params = Record<string, unknown>

function lookup<T>(field: string, id: unknown, get: (id: string) => T): T {
  if (typeof id !== 'string') throw new SimInputError(field, `${field} must be a catalog id string (got ${JSON.stringify(id)})`)
  try {
    return get(id)
  } catch (e) {
    if (e instanceof CatalogError) throw new SimInputError(field, e.message)
    throw e
  }
}

export function lookupAccelerator(p: Params, field = 'accelerator'): Accelerator | undefined {
  return p[field] === undefined ? undefined : lookup(field, p[field], getAccelerator)
}
export function lookupModel(p: Params, field = 'model'): CatalogModel | undefined {
  return p[field] === undefined ? undefined : lookup(field, p[field], getModel)
}
export function lookupFabric(p: Params, field: string): Fabric | undefined {
  return p[field] === undefined ? undefined : lookup(field, p[field], getFabric)
}
export function lookupCluster(p: Params, field = 'cluster'): Cluster | undefined {
  return p[field] === undefined ? undefined : lookup(field, p[field], getCluster)
}
export function lookupGrid(p: Params, field = 'grid'): Grid | undefined {
  return p[field] === undefined ? undefined : lookup(field, p[field], getGrid)
}

/** Number from the params if present, else the fallback (which may come from the catalog). */
export function pick(
  p: Params,
  field: string,
  fallback: number | undefined,
  check: (field: string, v: unknown) => number,
  missingHint?: string
): number {
  const v = p[field] !== undefined ? p[field] : fallback
  if (v === undefined) {
    throw new SimInputError(field, `${field} is required${missingHint ? ` (${missingHint})` : ''}`)
  }
  return check(field, v)
}

export function pickOptional(
  p: Params,
  field: string,
  fallback: number | undefined,
  check: (field: string, v: unknown) => number
): number | undefined {
  const v = p[field] !== undefined ? p[field] : fallback
  return v === undefined ? undefined : check(field, v)
}

export interface DeviceFigures {
  acceleratorId?: string
  precision: Precision
  bytesPerValue: number
  peakFlops: number
  bandwidth?: number
  memoryBytes?: number
  powerWatts?: number
  priceDollars?: number
}

/**
 * Device figures from `accelerator` (catalog id) and/or raw overrides
 * `peakFlops`, `bandwidth`, `memoryBytes`, `powerWatts`, `priceDollars`.
 */
export function resolveDevice(p: Params, defaultPrecision: Precision = 'bf16', fallbackAcceleratorId?: string): DeviceFigures {
  const acc =
    p.accelerator === undefined && fallbackAcceleratorId !== undefined ? getAccelerator(fallbackAcceleratorId) : lookupAccelerator(p)
  const precision = oneOf('precision', p.precision ?? defaultPrecision, PRECISIONS)
  let catalogPeak: number | undefined
  if (acc && p.peakFlops === undefined) {
    try {
      catalogPeak = peakFlopsAt(acc, precision)
    } catch (e) {
      if (e instanceof CatalogError) throw new SimInputError('precision', e.message)
      throw e
    }
  }
  const hint = 'give an accelerator id or a raw figure'
  return {
    acceleratorId: acc?.id,
    precision,
    bytesPerValue: pick(p, 'bytesPerValue', BYTES_PER_VALUE[precision], positive),
    peakFlops: pick(p, 'peakFlops', catalogPeak, positive, hint),
    bandwidth: pickOptional(p, 'bandwidth', acc?.memoryBandwidthBytesPerSecond, positive),
    memoryBytes: pickOptional(p, 'memoryBytes', acc?.memoryBytes, positive),
    powerWatts: pickOptional(p, 'powerWatts', acc?.tdpWatts, nonNegative),
    priceDollars: pickOptional(p, 'priceDollars', acc?.priceDollars, nonNegative)
  }
}

export function requireFigure(field: string, v: number | undefined, why: string): number {
  if (v === undefined) throw new SimInputError(field, `${field} is required: ${why}`)
  return v
}

export interface ModelFigures {
  modelId?: string
  kind: 'llm' | 'vision' | 'audio'
  params: number
  /** Forward FLOP per item (token for LLMs, sample otherwise). */
  forwardFlopsPerItem: number
  layers?: number
  hidden?: number
  heads?: number
  kvHeads?: number
  seqLen?: number
}

/** Model figures from `model` (catalog id) and/or raw overrides. */
export function resolveModel(p: Params): ModelFigures {
  const m = lookupModel(p)
  const kind = oneOf('kind', p.kind ?? m?.kind ?? 'llm', ['llm', 'vision', 'audio'] as const)
  const params = pick(p, 'params', m?.params, positive, 'give a model id or a raw parameter count')
  const forwardFlopsPerItem =
    kind === 'llm'
      ? pick(p, 'flopsPerToken', m?.flopsPerToken ?? 2 * params, positive)
      : pick(p, 'flopsPerSample', m?.flopsPerSample, positive, 'give a model id or flopsPerSample')
  return {
    modelId: m?.id,
    kind,
    params,
    forwardFlopsPerItem,
    layers: pickOptional(p, 'layers', m?.layers, ranks),
    hidden: pickOptional(p, 'hidden', m?.hidden, ranks),
    heads: pickOptional(p, 'heads', m?.heads, ranks),
    kvHeads: pickOptional(p, 'kvHeads', m?.kvHeads ?? m?.heads, ranks),
    seqLen: pickOptional(p, 'seqLen', m?.seqLen, ranks)
  }
}

export function numberOr(p: Params, field: string, fallback: number, check: (field: string, v: unknown) => number): number {
  return check(field, p[field] === undefined ? fallback : p[field])
}

export { efficiency, integer, nonNegative, positive, ranks }
