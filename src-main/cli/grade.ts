import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CurriculumError, curriculumRoot, type GradeResult, gradeModule, listModuleIds, loadModule } from '../grader'
import { ProgressStore } from '../store'
import { createWorkspace, gradeAttempt, workspaceDir } from '../tinytorch'
import { type CliCommand, parseCommand, printResult, UsageError } from './command'

const usage = `mlsys grade <module-id> [--file <path>] [--submit | --hidden] [--reference-for-unpassed] [--reference] [--json]
  grade a TinyTorch module: your workspace copy (or the starter where you have none), like Run in the app
  --file <path>                grade this file as the module's entry file instead
  --submit                     run the visible and the hidden tests, like Submit (a pass completes the module)
  --hidden                     run only the hidden tests (not recorded)
  --reference-for-unpassed     earlier modules you have not passed run as the reference (the result lists them)
  --reference                  grade the reference solution itself (not recorded)
  --json                       print the result as JSON (the default when stdout is not a terminal)
Runs and submits are recorded in your progress, like the app's.`

function summary(r: GradeResult): string {
  const mark = { pass: '✓', fail: '✗', error: '!' }
  const lines = [`${r.moduleId} (${r.suite}): ${r.status.toUpperCase()}  ${r.score}/${r.maxScore} points`]
  if (r.message) lines.push(r.message)
  for (const t of r.tests) lines.push(`  ${mark[t.status]} ${t.name}${t.message ? `: ${t.message}` : ''}`)
  if (r.usedReference.length) lines.push(`ran as the reference: ${r.usedReference.join(', ')}`)
  return lines.join('\n')
}

function readEntry(root: string, moduleId: string, file: string): Record<string, string> {
  const path = resolve(file)
  let text: string
  try {
    text = readFileSync(path, 'utf8')
  } catch (e) {
    throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
  try {
    return { [loadModule(root, moduleId).entry]: text }
  } catch (e) {
    throw e instanceof CurriculumError ? new UsageError(e.message) : e
  }
}

/** `root` overrides the curriculum folder (tests); MLSYS_CURRICULUM_DIR does the same from the shell. */
export function makeGradeCommand(root?: string): CliCommand {
  return {
    name: 'grade',
    summary: 'grade a TinyTorch module (JSON result)',
    usage,
    async run(argv, { dataDir, io }) {
      const { values, positionals } = parseCommand(
        argv,
        {
          file: { type: 'string' },
          submit: { type: 'boolean' },
          hidden: { type: 'boolean' },
          reference: { type: 'boolean' },
          'reference-for-unpassed': { type: 'boolean' },
          json: { type: 'boolean' }
        },
        { min: 1, max: 1 }
      )
      const curriculum = root ?? curriculumRoot()
      const moduleId = positionals[0]!
      const known = listModuleIds(curriculum)
      if (!known.includes(moduleId)) {
        throw new UsageError(`unknown module "${moduleId}"; known modules: ${known.length ? known.join(', ') : '(none yet)'}`)
      }
      if (values.reference && values.file !== undefined) throw new UsageError('--file and --reference cannot be combined')
      if (values.submit && values.hidden) throw new UsageError('--submit already runs the hidden tests; use one of --submit and --hidden')
      const files = values.file === undefined ? undefined : readEntry(curriculum, moduleId, values.file)
      let result: GradeResult
      if (values.reference || values.hidden) {
        result = await gradeModule({
          root: curriculum,
          moduleId,
          suite: values.hidden ? 'hidden' : 'visible',
          files,
          workspaceDir: values.reference ? undefined : workspaceDir(dataDir),
          useReference: values.reference ? 'all' : []
        })
      } else {
        const store = ProgressStore.open(dataDir)
        try {
          const deps = { store, workspace: createWorkspace(dataDir, curriculum), curriculumRoot: curriculum }
          result = await gradeAttempt(deps, {
            moduleId,
            mode: values.submit ? 'submit' : 'run',
            referenceForUnpassed: values['reference-for-unpassed'] === true,
            files
          })
        } finally {
          store.close()
        }
      }
      printResult(io, values.json, result, () => summary(result))
    }
  }
}

export const gradeCommand = makeGradeCommand()
