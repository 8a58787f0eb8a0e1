/**
 * Builds the headless CLI (src-main/cli.ts) into one CommonJS file with esbuild, only when its sources
 * changed: `npm run mlsys` and the web host start from the bundle instead of compiling TypeScript on every
 * launch. Packages stay external (native modules load from node_modules as usual).
 */
import { mkdirSync, readdirSync, renameSync, statSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { fileURLToPath } from 'node:url'

export const root = join(dirname(fileURLToPath(import.meta.url)), '..')
export const cliBundle = join(root, 'node_modules', '.cache', 'mlsys', 'cli.cjs')

/** Newest modification time among the files under the given folders (and the files given). */
export function newestMtime(paths) {
  let newest = 0
  const visit = (path) => {
    let st
    try {
      st = statSync(path)
    } catch {
      return
    }
    if (st.isDirectory()) {
      for (const name of readdirSync(path)) if (name !== 'node_modules' && !name.startsWith('.')) visit(join(path, name))
    } else if (st.mtimeMs > newest) newest = st.mtimeMs
  }
  for (const p of paths) visit(join(root, p))
  return newest
}

const CLI_INPUTS = ['src-main', 'src-preload', 'resources/catalog', 'package.json', 'scripts/bundle.mjs']

function mtimeOf(path) {
  try {
    return statSync(path).mtimeMs
  } catch {
    return 0
  }
}

/** The CLI bundle's path, rebuilt first when any of its inputs is newer. */
export async function ensureCliBundle() {
  if (mtimeOf(cliBundle) > newestMtime(CLI_INPUTS)) return cliBundle
  mkdirSync(dirname(cliBundle), { recursive: true })
  const temp = `${cliBundle}.${process.pid}.tmp`
  // Loaded only when a build is due: most launches need none.
  const { build } = await import('esbuild')
  await build({
    entryPoints: [join(root, 'src-main', 'cli.ts')],
    outfile: temp,
    bundle: true,
    format: 'cjs',
    platform: 'node',
    target: 'node20',
    packages: 'external',
    logLevel: 'error',
    sourcemap: 'inline',
    // The entry checks `require.main === module`; keep that true for the bundle.
    banner: { js: '/* built by scripts/bundle.mjs from src-main/cli.ts; do not edit */' }
  })
  renameSync(temp, cliBundle)
  return cliBundle
}
