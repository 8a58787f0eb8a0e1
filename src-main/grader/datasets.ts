/**
 * Data for milestone scripts, compiled into their bundle: the sandbox has no file access, and nothing from
 * the host realm may be handed to it, so the data travels as source text. `tinytorch/datasets` is the typed
 * curriculum module (curriculum/tinytorch/datasets/index.ts, which decodes); the modules below it are
 * generated here from the files the app ships, once per process.
 */
import { join } from 'node:path'
import { encodeMnist } from '../tensor'

export const DATASETS_MODULE = 'tinytorch/datasets'

const generated: Record<string, () => string> = {
  'mnist-data': () => `export const MNIST_DATA = ${JSON.stringify(encodeMnist())}\n`
}
const cache = new Map<string, string>()

/** How compile.ts resolves `tinytorch/datasets` and `tinytorch/datasets/<name>`, or null for other specifiers. */
export function resolveDataset(root: string, spec: string): { path: string } | { generated: string } | { error: string } | null {
  if (spec === DATASETS_MODULE) return { path: join(root, 'datasets', 'index.ts') }
  if (!spec.startsWith(`${DATASETS_MODULE}/`)) return null
  const name = spec.slice(DATASETS_MODULE.length + 1)
  if (!Object.hasOwn(generated, name))
    return { error: `there is no dataset module '${spec}' (known: ${Object.keys(generated).join(', ')})` }
  return { generated: name }
}

/** The source of a generated data module (a few seconds the first time for MNIST, then cached). */
export function datasetSource(name: string): string {
  let text = cache.get(name)
  if (text === undefined) {
    const make = generated[name]
    if (!make) throw new Error(`unknown dataset module ${name}`)
    text = make()
    cache.set(name, text)
  }
  return text
}
