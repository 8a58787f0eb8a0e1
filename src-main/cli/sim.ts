import { loadCatalog, models, runSim } from '../sim'
import { encodeNonFinite } from '../../src-preload/contract'
import { type CliCommand, parseCommand, UsageError } from './command'

const usage = `mlsys sim <function> '<json parameters>'   evaluate a simulator function and print the result as JSON
mlsys sim --list                           list the simulator functions and the catalog entries

Non-finite results print as the strings "Infinity", "-Infinity" and "NaN".`

export const simCommand: CliCommand = {
  name: 'sim',
  summary: 'evaluate a simulator function, or list them (--list)',
  usage,
  async run(argv, { io }) {
    const { values, positionals } = parseCommand(argv, { list: { type: 'boolean' } }, { max: 2 })
    if (values.list) {
      if (positionals.length > 0) throw new UsageError('--list takes no other arguments')
      const catalog = loadCatalog()
      const list = {
        functions: Object.entries(models).map(([name, m]) => ({ name, kind: m.kind, description: m.description })),
        catalog: Object.fromEntries(
          Object.entries(catalog).map(([kind, entries]) => [
            kind,
            (entries as { id: string; name: string }[]).map((e) => ({ id: e.id, name: e.name }))
          ])
        )
      }
      io.out(JSON.stringify(list, null, 2))
      return
    }
    const [name, json] = positionals
    if (!name) throw new UsageError('name a simulator function (mlsys sim --list shows them)')
    if (!Object.hasOwn(models, name)) throw new UsageError(`unknown simulator function "${name}"; known: ${Object.keys(models).join(', ')}`)
    let params: unknown
    try {
      params = JSON.parse(json ?? '{}')
    } catch (e) {
      throw new UsageError(`parameters must be a JSON object, e.g. '{"flops": 1e12}': ${(e as Error).message}`)
    }
    let result: unknown
    try {
      result = runSim(name, params)
    } catch (e) {
      throw new UsageError(`${name}: ${(e as Error).message}`)
    }
    io.out(JSON.stringify(encodeNonFinite(result), null, 2))
  }
}
