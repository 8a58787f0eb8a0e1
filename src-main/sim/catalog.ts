// Catalog of accelerators, models, fabrics, clusters and grids.
// The JSON files are imported statically (no I/O) and validated with the contract's zod schemas.
import type { z } from 'zod'
import {
  AcceleratorSchema,
  ClusterSchema,
  FabricSchema,
  GridSchema,
  ModelSchema,
  type Accelerator,
  type Catalog,
  type CatalogModel,
  type Cluster,
  type Fabric,
  type Grid,
  type Precision
} from '../../src-preload/contract'
import acceleratorsJson from '../../resources/catalog/accelerators.json'
import modelsJson from '../../resources/catalog/models.json'
import fabricsJson from '../../resources/catalog/fabrics.json'
import clustersJson from '../../resources/catalog/clusters.json'
import gridsJson from '../../resources/catalog/grids.json'

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
