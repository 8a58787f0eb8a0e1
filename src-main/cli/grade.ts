import { existsSync, readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { CurriculumError, curriculumRoot, gradeModule, listModuleIds, loadModule } from '../grader/index'
import { workspaceDir } from '../tinytorch/workspace'
import { CliError, stringOption, type ParsedArgs } from './args'

export const gradeUsage = `grade <module-id> [--file <path>] [--reference] [--hidden]
                           grade a TinyTorch module and print the result as JSON (--file replaces the
                           module's entry file; --reference grades the reference solution; --hidden runs
                           the hidden tests instead of the visible ones)`

/**
 * Grades the learner's workspace copy (or the starter when there is none), `--file`, or the reference.
 * Earlier modules always run as the reference here and are listed in `usedReference`.
 * `root` overrides the curriculum folder (tests); MLSYS_CURRICULUM_DIR does the same from the shell.
 */
export async function gradeCommand(
  args: ParsedArgs,
  dataDir: string,
  out: (line: string) => void,
  root: string = curriculumRoot()
): Promise<void> {
  const moduleId = args.positionals[1]
  if (!moduleId || args.positionals.length > 2) throw new CliError(`usage:\n  ${gradeUsage}`)
  const known = listModuleIds(root)
  if (!known.includes(moduleId)) {
    throw new CliError(`unknown module "${moduleId}"; known modules: ${known.length ? known.join(', ') : '(none yet)'}`)
  }
  const reference = args.options.get('reference') === true
  const file = stringOption(args, 'file')
  if (reference && file !== undefined) throw new CliError('--file and --reference cannot be combined')

  let files: Record<string, string> | undefined
  if (file !== undefined) {
    const path = resolve(file)
    let text: string
    try {
      text = readFileSync(path, 'utf8')
    } catch (e) {
      throw new CliError(`cannot read ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
    }
    let entry: string
    try {
      entry = loadModule(root, moduleId).entry
    } catch (e) {
      throw e instanceof CurriculumError ? new CliError(e.message) : e
    }
    files = { [entry]: text }
  }
  const workspace = workspaceDir(dataDir)
  const result = await gradeModule({
    root,
    moduleId,
    suite: args.options.get('hidden') === true ? 'hidden' : 'visible',
    files,
    workspaceDir: reference || !existsSync(workspace) ? undefined : workspace,
    useReference: reference ? 'all' : known.filter((id) => id !== moduleId)
  })
  out(JSON.stringify(result, null, 2))
}
