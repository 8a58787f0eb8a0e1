// Catalog of accelerators, models, fabrics, clusters and grids.
// The JSON files are imported statically (no I/O) and validated with zod.
import { z } from 'zod'
import acceleratorsJson from '../../resources/catalog/accelerators.json'
import modelsJson from '../../resources/catalog/models.json'
import fabricsJson from '../../resources/catalog/fabrics.json'
import clustersJson from '../../resources/catalog/clusters.json'
import gridsJson from '../../resources/catalog/grids.json'

const positiveNumber = z.number().positive().finite()
const count = z.number().int().positive()
const base = {
  id: z.string().regex(/^[a-z0-9][a-z0-9.-]*$/, 'id must be lower-case letters, digits, dots and dashes'),
  name: z.string().min(1),
  source: z.string().min(1)
}

export const PRECISIONS = ['fp64', 'fp32', 'tf32', 'fp16', 'bf16', 'fp8', 'int8'] as const
export type Precision = (typeof PRECISIONS)[number]

/** Storage bytes per value for each precision (tf32 is stored as 4-byte fp32). */
export const BYTES_PER_VALUE: Record<Precision, number> = {
  fp64: 8,
  fp32: 4,
  tf32: 4,
  fp16: 2,
  bf16: 2,
  fp8: 1,
  int8: 1
}

export const AcceleratorSchema = z
  .object({
    ...base,
    kind: z.enum(['datacenter-gpu', 'datacenter-asic', 'edge-gpu', 'edge-asic', 'phone-npu', 'mcu']),
    /** Dense peak FLOP/s (OP/s for int8) per precision. */
    peakFlopsPerSecond: z
      .object({
        fp64: positiveNumber.optional(),
        fp32: positiveNumber.optional(),
        tf32: positiveNumber.optional(),
        fp16: positiveNumber.optional(),
        bf16: positiveNumber.optional(),
        fp8: positiveNumber.optional(),
        int8: positiveNumber.optional()
      })
      .strict()
      .refine((o) => Object.keys(o).length > 0, 'peakFlopsPerSecond needs at least one precision'),
    memoryBytes: positiveNumber,
    memoryBandwidthBytesPerSecond: positiveNumber.optional(),
    sramBytes: positiveNumber.optional(),
    flashBytes: positiveNumber.optional(),
    /** Per direction. */
    interconnectBandwidthBytesPerSecond: positiveNumber.optional(),
    tdpWatts: positiveNumber.optional(),
    priceDollars: positiveNumber.optional()
  })
  .strict()

export const ModelSchema = z
  .object({
    ...base,
    kind: z.enum(['llm', 'vision', 'audio']),
    params: positiveNumber,
    /** Forward FLOP per token (LLMs). */
    flopsPerToken: positiveNumber.optional(),
    /** Forward FLOP per sample (vision/audio). */
    flopsPerSample: positiveNumber.optional(),
    layers: count.optional(),
    hidden: count.optional(),
    heads: count.optional(),
    kvHeads: count.optional(),
    /** Default sequence length (context) in tokens. */
    seqLen: count.optional(),
    vocab: count.optional()
  })
  .strict()
  .superRefine((m, ctx) => {
    if (m.kind === 'llm') {
      for (const key of ['flopsPerToken', 'layers', 'hidden', 'heads', 'kvHeads', 'seqLen'] as const) {
        if (m[key] === undefined) ctx.addIssue({ code: 'custom', path: [key], message: `${key} is required for an llm` })
      }
      if (m.hidden !== undefined && m.heads !== undefined && m.hidden % m.heads !== 0) {
        ctx.addIssue({ code: 'custom', path: ['heads'], message: 'hidden must be divisible by heads' })
      }
    } else if (m.flopsPerSample === undefined) {
      ctx.addIssue({ code: 'custom', path: ['flopsPerSample'], message: `flopsPerSample is required for a ${m.kind} model` })
    }
  })

export const FabricSchema = z
  .object({
    ...base,
    scope: z.enum(['intra-node', 'inter-node']),
    /** Per direction. */
    bandwidthBytesPerSecond: positiveNumber,
    latencySeconds: z.number().nonnegative().finite()
  })
  .strict()

export const ClusterSchema = z
  .object({
    ...base,
    nodes: count,
    acceleratorsPerNode: count,
    accelerator: z.string(),
    intraFabric: z.string(),
    interFabric: z.string()
  })
  .strict()

export const GridSchema = z
  .object({
    ...base,
    carbonGramsPerKwh: z.number().nonnegative().finite(),
    pue: z.number().min(1).finite(),
    waterLitersPerKwh: z.number().nonnegative().finite()
  })
  .strict()

export type Accelerator = z.infer<typeof AcceleratorSchema>
export type CatalogModel = z.infer<typeof ModelSchema>
export type Fabric = z.infer<typeof FabricSchema>
export type Cluster = z.infer<typeof ClusterSchema>
export type Grid = z.infer<typeof GridSchema>

export interface Catalog {
  accelerators: Accelerator[]
  models: CatalogModel[]
  fabrics: Fabric[]
  clusters: Cluster[]
  grids: Grid[]
}

export interface RawCatalog {
  accelerators: unknown
  models: unknown
  fabrics: unknown
  clusters: unknown
  grids: unknown
}

export class CatalogError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'CatalogError'
  }
}

function parseFile<T>(file: string, raw: unknown, schema: z.ZodType<T>): T[] {
  if (!Array.isArray(raw)) throw new CatalogError(`catalog ${file}: expected a JSON array of entries`)
  const out: T[] = []
  const seen = new Set<string>()
  raw.forEach((entry: unknown, index: number) => {
    const id =
      entry && typeof entry === 'object' && typeof (entry as { id?: unknown }).id === 'string' ? (entry as { id: string }).id : `#${index}`
    const result = schema.safeParse(entry)
    if (!result.success) {
      const issues = result.error.issues.map((i) => `${i.path.length ? i.path.join('.') : '(entry)'}: ${i.message}`).join('; ')
      throw new CatalogError(`catalog ${file}: entry "${id}" (index ${index}) is invalid: ${issues}`)
    }
    if (seen.has(id)) throw new CatalogError(`catalog ${file}: duplicate id "${id}" (index ${index})`)
    seen.add(id)
    out.push(result.data)
  })
  return out
}

/** Validate raw catalog data (exported so tests can feed bad data). */
export function validateCatalog(raw: RawCatalog): Catalog {
  const catalog: Catalog = {
    accelerators: parseFile('accelerators.json', raw.accelerators, AcceleratorSchema),
    models: parseFile('models.json', raw.models, ModelSchema),
    fabrics: parseFile('fabrics.json', raw.fabrics, FabricSchema),
    clusters: parseFile('clusters.json', raw.clusters, ClusterSchema),
    grids: parseFile('grids.json', raw.grids, GridSchema)
  }
  const accIds = new Set(catalog.accelerators.map((a) => a.id))
  const fabricIds = new Set(catalog.fabrics.map((f) => f.id))
  catalog.clusters.forEach((c, index) => {
    const bad = (field: string, value: string, known: Set<string>) =>
      new CatalogError(
        `catalog clusters.json: entry "${c.id}" (index ${index}) is invalid: ${field} "${value}" is not a known id; known: ${[...known].join(', ')}`
      )
    if (!accIds.has(c.accelerator)) throw bad('accelerator', c.accelerator, accIds)
    if (!fabricIds.has(c.intraFabric)) throw bad('intraFabric', c.intraFabric, fabricIds)
    if (!fabricIds.has(c.interFabric)) throw bad('interFabric', c.interFabric, fabricIds)
  })
  return catalog
}

let cached: Catalog | undefined

/** The built-in catalog, validated once and cached. Throws CatalogError naming the file and entry on bad data. */
export function loadCatalog(): Catalog {
  if (!cached) {
    cached = validateCatalog({
      accelerators: acceleratorsJson,
      models: modelsJson,
      fabrics: fabricsJson,
      clusters: clustersJson,
      grids: gridsJson
    })
  }
  return cached
}

interface CatalogIndex {
  accelerator: Map<string, Accelerator>
  model: Map<string, CatalogModel>
  fabric: Map<string, Fabric>
  cluster: Map<string, Cluster>
  grid: Map<string, Grid>
}
let index: CatalogIndex | undefined

function byId<T extends { id: string }>(items: T[]): Map<string, T> {
  return new Map(items.map((x) => [x.id, x]))
}

function catalogIndex(): CatalogIndex {
  if (!index) {
    const c = loadCatalog()
    index = {
      accelerator: byId(c.accelerators),
      model: byId(c.models),
      fabric: byId(c.fabrics),
      cluster: byId(c.clusters),
      grid: byId(c.grids)
    }
  }
  return index
}

function get<K extends keyof CatalogIndex>(kind: K, id: string): CatalogIndex[K] extends Map<string, infer T> ? T : never {
  const map = catalogIndex()[kind] as Map<string, unknown>
  const found = map.get(id)
  if (found === undefined) {
    throw new CatalogError(`unknown ${kind} ${JSON.stringify(id)}; known: ${[...map.keys()].join(', ')}`)
  }
  return found as CatalogIndex[K] extends Map<string, infer T> ? T : never
}

export function getAccelerator(id: string): Accelerator {
  return get('accelerator', id)
}
export function getModel(id: string): CatalogModel {
  return get('model', id)
}
export function getFabric(id: string): Fabric {
  return get('fabric', id)
}
export function getCluster(id: string): Cluster {
  return get('cluster', id)
}
export function getGrid(id: string): Grid {
  return get('grid', id)
}

/** Peak FLOP/s of an accelerator at a precision; throws naming what is available. */
export function peakFlopsAt(acc: Accelerator, precision: Precision): number {
  const v = acc.peakFlopsPerSecond[precision]
  if (v === undefined) {
    throw new CatalogError(`accelerator "${acc.id}" has no ${precision} peak; available: ${Object.keys(acc.peakFlopsPerSecond).join(', ')}`)
  }
  return v
}
