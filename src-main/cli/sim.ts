import { loadCatalog, models, runSim } from '../sim'
import { encodeNonFinite } from '../shared/json'
import { CliError, type ParsedArgs } from './args'

export const simUsage = `sim <function> '<json parameters>'   evaluate a simulator function, print JSON
  sim --list                           list simulator functions and catalog entries`

export async function simCommand(args: ParsedArgs, _dataDir: string, out: (line: string) => void): Promise<void> {
  if (args.options.has('list')) {
    const catalog = loadCatalog()
    out(
      JSON.stringify(
        {
          functions: Object.entries(models).map(([name, m]) => ({ name, kind: m.kind, description: m.description })),
          catalog: Object.fromEntries(
            Object.entries(catalog).map(([kind, entries]) => [
              kind,
              (entries as { id: string; name: string }[]).map((e) => ({ id: e.id, name: e.name }))
            ])
          )
        },
        null,
        2
      )
    )
    return
  }
  const [, name, json] = args.positionals
  if (!name) throw new CliError(`usage:\n  ${simUsage}`)
  if (!Object.hasOwn(models, name)) {
    throw new CliError(`unknown simulator function "${name}"; known: ${Object.keys(models).join(', ')}`)
  }
  let params: unknown
  try {
    params = JSON.parse(json ?? '{}')
  } catch (e) {
    throw new CliError(`parameters must be a JSON object, e.g. '{"flops": 1e12}': ${(e as Error).message}`)
  }
  let result: unknown
  try {
    result = runSim(name, params)
  } catch (e) {
    throw new CliError(`${name}: ${(e as Error).message}`)
  }
  out(JSON.stringify(encodeNonFinite(result), null, 2))
}
