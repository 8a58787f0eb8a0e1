// Time from call to result of the TinyTorch grader for every module present: the visible tests (Run) cold
// and warm, and Submit (visible + hidden), for the starter and for the reference solution.
// Run: npx tsx scripts/bench-grader.ts [--runs N]
import { curriculumRoot, gradeModule, listModuleIds, loadModule, setPrestart, shutdownGrading, type Suite } from '../src-main/grader/index'

function median(xs: number[]): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.floor(s.length / 2)]!
}

async function time(moduleId: string, suite: Suite, useReference?: 'all'): Promise<{ ms: number; score: string }> {
  const start = performance.now()
  const r = await gradeModule({ moduleId, suite, useReference })
  return { ms: performance.now() - start, score: `${r.score}/${r.maxScore}` }
}

async function main(): Promise<void> {
  const runsArg = process.argv.indexOf('--runs')
  const runs = runsArg > 0 ? Number(process.argv[runsArg + 1]) : 5
  const root = curriculumRoot()
  const ids = listModuleIds(root).filter((id) => {
    try {
      const m = loadModule(root, id)
      return m.tests.visible !== null
    } catch {
      return false
    }
  })
  if (ids.length === 0) {
    console.log(`no modules with tests under ${root}`)
    return
  }
  // As in the app: the next grading process is started while the previous run's result is composed.
  setPrestart(true)
  console.log(`grader timings, call to result (ms); warm = median of ${runs} runs\n`)
  const header = ['module', 'code', 'run cold', 'run warm', 'submit cold', 'submit warm', 'score (submit)']
  const rows: string[][] = []
  for (const id of ids) {
    for (const useReference of [undefined, 'all'] as const) {
      const cold = await time(id, 'visible', useReference)
      const warm: number[] = []
      for (let i = 0; i < runs; i++) warm.push((await time(id, 'visible', useReference)).ms)
      const hasHidden = loadModule(root, id).tests.hidden !== null
      let submitCold = NaN
      const submitWarm: number[] = []
      let score = cold.score
      if (hasHidden) {
        const s = await time(id, 'all', useReference)
        submitCold = s.ms
        score = s.score
        for (let i = 0; i < runs; i++) submitWarm.push((await time(id, 'all', useReference)).ms)
      }
      rows.push([
        id,
        useReference ? 'reference' : 'starter',
        cold.ms.toFixed(0),
        median(warm).toFixed(0),
        Number.isNaN(submitCold) ? '-' : submitCold.toFixed(0),
        submitWarm.length ? median(submitWarm).toFixed(0) : '-',
        score
      ])
    }
  }
  const widths = header.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i]!.length)))
  const line = (cells: string[]): string => cells.map((c, i) => (i < 2 ? c.padEnd(widths[i]!) : c.padStart(widths[i]!))).join('  ')
  console.log(line(header))
  for (const r of rows) console.log(line(r))
  console.log(
    '\n"cold" = first call for that code in this process (esbuild bundle and the module\'s test listing not cached yet); every run has its own grading process, started ahead of time.'
  )
  shutdownGrading()
}

void main()
