/**
 * Quantised models the learner built: `<data>/models/<name>.ttm` (TTM1) beside `<name>.json`, which
 * records where it came from (dataset, classes, window), its float weights, its float and int8 accuracy,
 * and the held-out test set, so a deploy can be checked on the device against the host.
 */
import { existsSync, mkdirSync, readdirSync, readFileSync, renameSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { z } from 'zod'
import { type Footprint, footprint } from './fit'
import { compareAccuracy, type FloatModel, floatModelSchema, quantizeModel } from './quantize'
import { decodeTtm, encodeTtm, type TtmModel } from './ttm'

export const MODEL_NAME = /^[A-Za-z0-9][A-Za-z0-9_-]{0,63}$/
/** Test examples kept with a model (for on-device accuracy); more are subsampled evenly. */
export const MAX_TEST_EXAMPLES = 500
/** Calibration examples used for activation ranges. */
export const MAX_CALIBRATION = 2000

export const modelMetaSchema = z.object({
  format: z.literal('mlsys-ttm-meta'),
  version: z.literal(1),
  name: z.string(),
  createdAt: z.string(),
  dataset: z.string(),
  columns: z.array(z.string()),
  classes: z.array(z.string()),
  window: z.number().int().min(1),
  hidden: z.number().int().min(1),
  epochs: z.number().int().min(1),
  inputSize: z.number().int().min(1),
  outputSize: z.number().int().min(1),
  bytes: z.number().int().min(1),
  footprint: z.object({ flashBytes: z.number(), ramBytes: z.number(), macs: z.number() }),
  accuracy: z.object({ examples: z.number(), floatAccuracy: z.number(), int8Accuracy: z.number(), agreement: z.number() }),
  trainAccuracy: z.number(),
  usedReference: z.array(z.string()),
  floatModel: floatModelSchema,
  test: z.object({ features: z.array(z.array(z.number())), labels: z.array(z.number().int().min(0)) })
})

export type ModelMeta = z.infer<typeof modelMetaSchema>

export class ModelStoreError extends Error {
  constructor(message: string) {
    super(message)
    this.name = 'ModelStoreError'
  }
}

/** Every `step`-th item so that at most `max` remain, spread over the whole list. */
export function evenly<T>(items: readonly T[], max: number): T[] {
  if (items.length <= max) return [...items]
  const step = items.length / max
  return Array.from({ length: max }, (_, i) => items[Math.floor(i * step)]!)
}

export interface BuildInput {
  name: string
  dataset: string
  columns: string[]
  classes: string[]
  window: number
  hidden: number
  epochs: number
  floatModel: FloatModel
  train: { features: number[][]; labels: number[] }
  test: { features: number[][]; labels: number[] }
  usedReference: string[]
}

/** Quantises a trained float model (pure): the TTM1 bytes and the record to keep beside them. */
export function buildModel(input: BuildInput, now: Date): { bytes: Uint8Array; model: TtmModel; meta: ModelMeta } {
  const calibration = evenly(input.train.features, MAX_CALIBRATION)
  const model = quantizeModel(input.floatModel, calibration)
  const bytes = encodeTtm(model)
  const test = evenly(
    input.test.features.map((f, i) => ({ f, l: input.test.labels[i]! })),
    MAX_TEST_EXAMPLES
  )
  const testSet = { features: test.map((t) => t.f), labels: test.map((t) => t.l) }
  const accuracy = compareAccuracy(input.floatModel, model, testSet.features, testSet.labels)
  const train = compareAccuracy(input.floatModel, model, evenly(input.train.features, 1000), evenly(input.train.labels, 1000))
  const fp: Footprint = footprint(model, bytes.length)
  const meta: ModelMeta = {
    format: 'mlsys-ttm-meta',
    version: 1,
    name: input.name,
    createdAt: now.toISOString(),
    dataset: input.dataset,
    columns: input.columns,
    classes: input.classes,
    window: input.window,
    hidden: input.hidden,
    epochs: input.epochs,
    inputSize: model.inputSize,
    outputSize: model.outputSize,
    bytes: bytes.length,
    footprint: fp,
    accuracy,
    trainAccuracy: train.floatAccuracy,
    usedReference: input.usedReference,
    floatModel: input.floatModel,
    test: testSet
  }
  return { bytes, model, meta }
}

export class ModelStore {
  readonly dir: string

  constructor(dataDir: string) {
    this.dir = join(dataDir, 'models')
  }

  pathOf(name: string): string {
    if (!MODEL_NAME.test(name)) throw new ModelStoreError(`"${name}" is not a model name: letters, digits, _ and - (up to 64)`)
    return join(this.dir, `${name}.ttm`)
  }

  save(bytes: Uint8Array, meta: ModelMeta): string {
    const path = this.pathOf(meta.name)
    mkdirSync(this.dir, { recursive: true })
    for (const [file, data] of [
      [path, bytes],
      [path.replace(/\.ttm$/, '.json'), JSON.stringify(meta)]
    ] as const) {
      const tmp = `${file}.tmp`
      writeFileSync(tmp, data)
      renameSync(tmp, file)
    }
    return path
  }

  /** Models with a readable record, newest first. Files whose record is missing or damaged are left out. */
  list(): ModelMeta[] {
    if (!existsSync(this.dir)) return []
    return readdirSync(this.dir)
      .filter((f) => f.endsWith('.ttm') && MODEL_NAME.test(f.slice(0, -4)))
      .flatMap((f) => {
        try {
          return [this.meta(f.slice(0, -4))]
        } catch {
          return []
        }
      })
      .sort((a, b) => b.createdAt.localeCompare(a.createdAt))
  }

  meta(name: string): ModelMeta {
    const file = this.pathOf(name).replace(/\.ttm$/, '.json')
    if (!existsSync(file)) throw new ModelStoreError(`there is no model "${name}"`)
    const parsed = modelMetaSchema.safeParse(JSON.parse(readFileSync(file, 'utf8')))
    if (!parsed.success) throw new ModelStoreError(`the record of model "${name}" is damaged: ${parsed.error.issues[0]?.message}`)
    return parsed.data
  }

  /** The model's bytes and decoded form (validated). */
  load(name: string): { bytes: Uint8Array; model: TtmModel } {
    const path = this.pathOf(name)
    if (!existsSync(path)) throw new ModelStoreError(`there is no model "${name}"`)
    const bytes = new Uint8Array(readFileSync(path))
    return { bytes, model: decodeTtm(bytes) }
  }
}
