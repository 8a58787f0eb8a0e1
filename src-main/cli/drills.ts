import { resolve } from 'node:path'
import {
  createDrillsService,
  gradeAnswer,
  instantiate,
  listEntries,
  parseExpected,
  randomFrom,
  seedFrom,
  TRACKS,
  type Track,
  UnitError,
  VaultError
} from '../drills'
import { type CliCommand, integerOption, parseCommand, UsageError } from './command'

const usage = `mlsys drills list                                       every question: bank templates and imported ones (JSON)
mlsys drills sample --seed <n> --n <count>              <count> bank instances, the same for the same seed (JSON)
mlsys drills grade --track <track> --expected "<value> <unit>" "<answer text>"
                                                        grade a free-text answer with the napkin-math grader (JSON)
mlsys drills import <folder>                            import staffml/vault/**/*.yaml from a folder (JSON; progress on stderr)

Tracks: ${TRACKS.join(', ')}. In the grade result, value is the answer in SI units.`

export const drillsCommand: CliCommand = {
  name: 'drills',
  summary: 'list, sample and grade interview drills; import a question vault (JSON)',
  usage,
  async run(argv, { dataDir, io }) {
    const [sub, ...rest] = argv
    const service = createDrillsService(dataDir)
    const print = (value: unknown) => io.out(JSON.stringify(value, null, 2))
    if (sub === 'list') {
      parseCommand(rest, {}, { max: 0 })
      const { problem } = service.vaultState()
      if (problem) io.err(problem)
      print(
        listEntries(service.sources()).map(({ id, track, level, zone, area, topic, title, source }) => ({
          id,
          track,
          level,
          zone,
          area,
          topic,
          title,
          source
        }))
      )
    } else if (sub === 'sample') {
      const { values } = parseCommand(rest, { seed: { type: 'string' }, n: { type: 'string' } }, { max: 0 })
      if (values.seed === undefined || values.n === undefined) throw new UsageError('give --seed <n> and --n <count>')
      const seed = integerOption('seed', values.seed, 0, Number.MAX_SAFE_INTEGER, 0)
      const n = integerOption('n', values.n, 1, 100_000, 1)
      const { templates } = service.sources().bank
      const random = randomFrom(`sample:${seed}`)
      print(
        Array.from({ length: n }, () => {
          const compiled = templates[Math.floor(random() * templates.length)]!
          const i = instantiate(compiled, seedFrom(random))
          return {
            id: i.id,
            templateId: i.templateId,
            track: i.track,
            level: i.level,
            question: `${i.scenario}\n\n${i.question}`,
            answer: i.answer ? { value: i.answer.value, unit: i.answer.unit } : null
          }
        })
      )
    } else if (sub === 'grade') {
      const { values, positionals } = parseCommand(rest, { track: { type: 'string' }, expected: { type: 'string' } }, { min: 1, max: 1 })
      if (values.track === undefined || values.expected === undefined)
        throw new UsageError('give --track <track> and --expected "<value> <unit>"')
      if (!(TRACKS as readonly string[]).includes(values.track))
        throw new UsageError(`--track must be one of ${TRACKS.join(', ')} (got ${values.track})`)
      try {
        print(gradeAnswer(positionals[0]!, parseExpected(values.expected), values.track as Track))
      } catch (e) {
        throw e instanceof UnitError ? new UsageError(`--expected: ${e.message}`) : e
      }
    } else if (sub === 'import') {
      const { positionals } = parseCommand(rest, {}, { min: 1, max: 1 })
      const folder = resolve(positionals[0]!)
      try {
        print(await service.importVault(folder, (done, total) => io.err(`read ${done} of ${total} files`)))
      } catch (e) {
        throw e instanceof VaultError ? new UsageError(e.message) : e
      }
    } else {
      throw new UsageError(sub ? `unknown drills command "${sub}"` : 'name a drills command: list, sample, grade or import')
    }
  }
}
