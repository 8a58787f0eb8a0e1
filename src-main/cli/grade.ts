import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CurriculumError, curriculumRoot, gradeModule, listModuleIds, loadModule } from '../grader'
import { workspaceDir } from '../tinytorch'
import { type CliCommand, parseCommand, printResult, UsageError } from './command'

const usage = `mlsys grade <module-id> [--file <path>] [--reference] [--hidden] [--json]
  grade a TinyTorch module: your workspace copy (or the starter when you have none)
  --file <path>   grade this file as the module's entry file instead
  --reference     grade the reference solution
  --hidden        run the hidden tests instead of the visible ones
  --json          print the result as JSON (the default when stdout is not a terminal)`

function summary(r: Awaited<ReturnType<typeof gradeModule>>): string {
  const lines = [`${r.moduleId} (${r.suite}): ${r.status.toUpperCase()}  ${r.score}/${r.maxScore} points`]
  if (r.message) lines.push(r.message)
  for (const t of r.tests)
    lines.push(`  ${t.status === 'pass' ? '✓' : t.status === 'fail' ? '✗' : '!'} ${t.name}${t.message ? `: ${t.message}` : ''}`)
  if (r.usedReference.length) lines.push(`ran as the reference: ${r.usedReference.join(', ')}`)
  return lines.join('\n')
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
        { file: { type: 'string' }, reference: { type: 'boolean' }, hidden: { type: 'boolean' }, json: { type: 'boolean' } },
        { min: 1, max: 1 }
      )
      const curriculum = root ?? curriculumRoot()
      const moduleId = positionals[0]!
      const known = listModuleIds(curriculum)
      if (!known.includes(moduleId)) {
        throw new UsageError(`unknown module "${moduleId}"; known modules: ${known.length ? known.join(', ') : '(none yet)'}`)
      }
      if (values.reference && values.file !== undefined) throw new UsageError('--file and --reference cannot be combined')
      let files: Record<string, string> | undefined
      if (values.file !== undefined) {
        const path = resolve(values.file)
        let text: string
        try {
          text = readFileSync(path, 'utf8')
        } catch (e) {
          throw new UsageError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
        }
        try {
          files = { [loadModule(curriculum, moduleId).entry]: text }
        } catch (e) {
          throw e instanceof CurriculumError ? new UsageError(e.message) : e
        }
      }
      const result = await gradeModule({
        root: curriculum,
        moduleId,
        suite: values.hidden ? 'hidden' : 'visible',
        files,
        workspaceDir: values.reference ? undefined : workspaceDir(dataDir),
        useReference: values.reference ? 'all' : known.filter((id) => id !== moduleId)
      })
      printResult(io, values.json, result, () => summary(result))
    }
  }
}

export const gradeCommand = makeGradeCommand()
