/**
 * `mlsys model run <model.ttm> --input <file.bin>`: runs a TTM1 model through the TypeScript
 * interpreter (the same bits a board computes) → { output }. An invalid model exits 1 naming the field.
 */
import { readFileSync } from 'node:fs'
import { resolve } from 'node:path'
import { decodeTtm, runTtm, TtmError } from '../devices'
import { type CliCommand, CommandFailed, HelpRequested, parseCommand, UsageError } from './command'

const usage = `mlsys model run <model.ttm> --input <file.bin>
  run a TTM1 int8 model on raw int8 input bytes with the TypeScript interpreter → { output }`

function read(path: string, what: string): Uint8Array {
  try {
    return new Uint8Array(readFileSync(resolve(path)))
  } catch (e) {
    throw new UsageError(`cannot read the ${what} ${path}: ${(e as NodeJS.ErrnoException).code ?? (e as Error).message}`)
  }
}

export const modelCommand: CliCommand = {
  name: 'model',
  summary: 'run a TTM1 model on an input (TypeScript interpreter)',
  usage,
  async run(argv, { io }) {
    if (argv.includes('--help') || argv.includes('-h')) throw new HelpRequested()
    const [action, ...rest] = argv
    if (action !== 'run') throw new UsageError(action === undefined ? 'name an action: run' : `unknown action "${action}"; use run`)
    const { values, positionals } = parseCommand(rest, { input: { type: 'string' } }, { min: 1, max: 1 })
    if (!values.input) throw new UsageError('--input <file.bin> is required (raw int8 bytes, one per model input)')
    const bytes = read(positionals[0]!, 'model')
    const input = read(values.input, 'input')
    let model: ReturnType<typeof decodeTtm>
    try {
      model = decodeTtm(bytes)
    } catch (e) {
      if (e instanceof TtmError) throw new CommandFailed(`invalid model: ${e.message}`)
      throw e
    }
    if (input.length !== model.inputSize)
      throw new CommandFailed(`the model takes ${model.inputSize} int8 inputs; ${values.input} holds ${input.length} bytes`)
    const output = runTtm(model, new Int8Array(input.buffer, input.byteOffset, input.length))
    io.out(JSON.stringify({ output: [...output] }))
  }
}
