export { buildSandboxFiles, PRELUDE_SCRIPT, SANDBOX_SCRIPT } from './build'
export { forkLauncher, type GradingProcess, type ProcessLauncher, setPrestart, setProcessLauncher, shutdownGrading } from './launcher'
export {
  DEFAULT_LIMITS,
  type SandboxJob,
  type SandboxLimits,
  type SandboxOutcome,
  type SandboxTestMeta,
  type UnitResult
} from './protocol'

import { preludeSource } from './build'
import { runInProcess } from './launcher'
import { DEFAULT_LIMITS, type SandboxJob, type SandboxOutcome, type SandboxTestMeta } from './protocol'
import { runWorker } from './worker'

export interface RunOptions extends SandboxJob {
  signal?: AbortSignal
  onTestDone?: (index: number, total: number) => void
  /** Raw JSON text a main function's report() produced, or console output when streamOutput is on. */
  onEmit?: (data: { report?: string; console?: string }) => void
}

/** Runs learner code: in its own grading process, never in the app's. */
export function runInSandbox(job: RunOptions): Promise<SandboxOutcome> {
  const { onTestDone, onEmit, signal, ...plain } = job
  let total = 0
  return runInProcess(plain, {
    signal,
    onEvent: (e) => {
      if (e.t === 'loaded') total = e.tests.length
      else if (e.t === 'result' && e.i >= 0) onTestDone?.(e.i, total)
      else if (e.t === 'emit' && onEmit) {
        try {
          onEmit(JSON.parse(e.data) as { report?: string; console?: string })
        } catch {
          // a malformed message from the sandbox is dropped
        }
      }
    }
  })
}

/**
 * Lists the tests of a bundle that holds only curriculum code (tests and reference solutions), in this
 * process: the app's own copy of a module's tests, which points and the test list always come from.
 */
export async function listTests(libs: string, bundle: string, bundleName: string, token: string): Promise<SandboxTestMeta[]> {
  let listed: SandboxTestMeta[] | null = null
  let problem = 'the tests could not be listed'
  await runWorker(
    {
      prelude: await preludeSource(),
      libs,
      bundle,
      bundleName,
      token,
      kind: 'tests',
      defaultTimeoutMs: DEFAULT_LIMITS.defaultTimeoutMs,
      loadTimeoutMs: DEFAULT_LIMITS.loadTimeoutMs,
      mainTimeoutMs: DEFAULT_LIMITS.mainTimeoutMs,
      streamOutput: false,
      input: null,
      listOnly: true
    },
    (e) => {
      if (e.t !== 'loaded') return
      if (e.ok) listed = e.tests
      else problem = `the tests could not be listed: ${e.message}`
    }
  )
  if (!listed) throw new Error(problem)
  return listed
}
