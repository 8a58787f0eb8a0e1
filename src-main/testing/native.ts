/** Builds the C parts with make (gcc) for tests, once per process, and names the binaries. */
import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'

export const repoRoot = resolve(__dirname, '../..')
export const tinyrtDir = join(repoRoot, 'native/tinyrt')
export const agentDir = join(repoRoot, 'native/firmware/mlsys-agent')

const built = new Set<string>()

/** `make -C <dir>`; throws with make's output when the build fails. */
export function make(dir: string): void {
  if (built.has(dir)) return
  const r = spawnSync('make', ['-C', dir], { encoding: 'utf8' })
  if (r.status !== 0) throw new Error(`make -C ${dir} failed:\n${r.stdout}\n${r.stderr}`)
  built.add(dir)
}

export const ttmRun = join(tinyrtDir, 'build/ttm-run')
export const ttmPrims = join(tinyrtDir, 'build/ttm-prims')
export const agentHost = join(agentDir, 'build/mlsys-agent-host')
