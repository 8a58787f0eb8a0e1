// The drill bank: every curriculum/drills/*.yaml file, validated and compiled once.
import { existsSync, readdirSync, readFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { parse } from 'yaml'
import { z } from 'zod'
import { type CompiledTemplate, compileTemplate, type Instance, instantiate, TemplateError, templateSchema } from './template'

export interface Bank {
  templates: CompiledTemplate[]
  byId: Map<string, CompiledTemplate>
}

/**
 * The repository's `curriculum/drills`, found by walking up from this file (tsx, vitest, the CLI) or from
 * `out/main` when the folder sits beside the build; MLSYS_DRILLS_DIR overrides it.
 */
export function bankRoot(): string {
  if (process.env.MLSYS_DRILLS_DIR) return process.env.MLSYS_DRILLS_DIR
  let dir = typeof __dirname === 'string' ? __dirname : process.cwd()
  for (let i = 0; i < 8; i++) {
    const candidate = join(dir, 'curriculum', 'drills')
    if (existsSync(candidate)) return candidate
    const parent = dirname(dir)
    if (parent === dir) break
    dir = parent
  }
  throw new TemplateError('cannot find curriculum/drills')
}

/** Reads, validates and compiles every template; throws TemplateError naming the file and template at fault. */
export function loadBank(root: string = bankRoot()): Bank {
  const templates: CompiledTemplate[] = []
  const byId = new Map<string, CompiledTemplate>()
  const files = readdirSync(root)
    .filter((f) => f.endsWith('.yaml'))
    .sort()
  for (const file of files) {
    let raw: unknown
    try {
      raw = parse(readFileSync(join(root, file), 'utf8'))
    } catch (e) {
      throw new TemplateError(`curriculum/drills/${file}: not valid YAML: ${(e as Error).message}`)
    }
    const list = z.array(z.unknown()).safeParse(raw)
    if (!list.success) throw new TemplateError(`curriculum/drills/${file}: expected a list of templates`)
    list.data.forEach((entry, index) => {
      const parsed = templateSchema.safeParse(entry)
      const id = (entry as { id?: unknown })?.id
      if (!parsed.success) {
        const issues = parsed.error.issues.map((i) => `${i.path.join('.') || '(template)'}: ${i.message}`).join('; ')
        throw new TemplateError(`curriculum/drills/${file}: template ${typeof id === 'string' ? id : `#${index}`}: ${issues}`)
      }
      if (byId.has(parsed.data.id)) throw new TemplateError(`curriculum/drills/${file}: duplicate template id "${parsed.data.id}"`)
      const compiled = compileTemplate(parsed.data)
      templates.push(compiled)
      byId.set(parsed.data.id, compiled)
    })
  }
  const chains = new Map<string, number[]>()
  for (const { template: t } of templates) if (t.chain) chains.set(t.chain.theme, [...(chains.get(t.chain.theme) ?? []), t.chain.step])
  for (const [theme, steps] of chains) {
    const sorted = [...steps].sort((a, b) => a - b)
    if (sorted.some((step, i) => step !== i + 1))
      throw new TemplateError(`chain "${theme}": steps must be 1, 2, 3, … once each (got ${sorted.join(', ')})`)
  }
  return { templates, byId }
}

/** An instance by its id `<templateId>@<seed>`; undefined when the template is unknown or the id malformed. */
export function instanceById(bank: Bank, id: string): Instance | undefined {
  const m = /^([a-z0-9][a-z0-9-]*)@(\d{1,15})$/.exec(id)
  const compiled = m ? bank.byId.get(m[1]!) : undefined
  return compiled ? instantiate(compiled, Number(m![2])) : undefined
}
