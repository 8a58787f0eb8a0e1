// Vault import against a fixture in the vault's YAML format, plus hostile files made on the fly.
import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { gradeAnswer } from './grader'
import { loadVault, readVault, saveVault, statedResult, VAULT_LIMITS, VaultCancelled, vaultStorePath } from './vault'

const FIXTURE = join(__dirname, 'fixtures', 'vault-repo')
const dirs: string[] = []
const temp = () => {
  const d = mkdtempSync(join(tmpdir(), 'mlsys-vault-'))
  dirs.push(d)
  return d
}
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true })
})

describe('readVault on the fixture', () => {
  it('imports published questions, as choice, numeric or self-graded', async () => {
    const { questions, summary } = await readVault(FIXTURE)
    // 3 published + 1 duplicate id; skipped: draft, wrong types, path trick
    expect(summary.questions).toBe(3)
    expect(summary.skipped).toBe(3)
    const byId = Object.fromEntries(questions.map((q) => [q.id, q]))
    expect(Object.keys(byId).sort()).toEqual(['vault:cloud-9001', 'vault:edge-9002', 'vault:tinyml-9003'])
    expect(byId['vault:edge-9002']).toMatchObject({
      mode: 'choice',
      correctIndex: 0,
      options: ['Memory bandwidth', 'Peak compute', 'Kernel launch overhead']
    })
    // the conclusion states one quantity, ~3.1 GB: graded numerically on the cloud track
    expect(byId['vault:cloud-9001']).toMatchObject({
      mode: 'numeric',
      expected: { value: 3.1, unit: 'GB' },
      gradingTrack: 'cloud',
      area: 'memory'
    })
    // two quantities in the result: self-graded against the model answer
    expect(byId['vault:tinyml-9003']).toMatchObject({ mode: 'open', expected: null })
    expect(byId['vault:tinyml-9003']!.modelAnswer).toContain('slowest rate')
    const warnings = summary.warnings.join('\n')
    expect(warnings).toContain('broken/wrong-types.yaml')
    expect(warnings).toContain('broken/path-trick.yaml: id: id must be letters')
    expect(warnings).toContain('duplicate id edge-9002')
    expect(warnings).toContain('1 question(s) are not published')
  })
  it('reads the chosen folder itself when it has no staffml/vault', async () => {
    const { summary } = await readVault(join(FIXTURE, 'staffml', 'vault', 'questions'))
    expect(summary.questions).toBe(3)
    expect(summary.warnings[0]).toContain('no staffml/vault folder')
  })
  it('refuses something that is not a folder', async () => {
    await expect(readVault(join(FIXTURE, 'nope'))).rejects.toThrow('is not a folder')
  })
})

describe('hostile vault files', () => {
  it('skips malformed, huge, deeply nested and alias-bomb files, ignores symbolic links, and survives', async () => {
    const root = temp()
    const vault = join(root, 'staffml', 'vault')
    mkdirSync(vault, { recursive: true })
    cpSync(join(FIXTURE, 'staffml', 'vault', 'questions'), join(vault, 'questions'), { recursive: true })
    writeFileSync(join(vault, 'malformed.yaml'), 'id: x\ntrack: [cloud\ntitle: : :\n')
    writeFileSync(join(vault, 'huge.yaml'), `id: huge\nscenario: "${'x'.repeat(VAULT_LIMITS.fileBytes)}"\n`)
    writeFileSync(join(vault, 'deep.yaml'), `${'['.repeat(100_000)}${']'.repeat(100_000)}\n`)
    const bomb = ['a: &a ["lol","lol","lol","lol","lol","lol","lol","lol","lol"]']
    for (let i = 1; i < 9; i++)
      bomb.push(
        `${'abcdefghij'[i]}: &${'abcdefghij'[i]} [${Array(9)
          .fill(`*${'abcdefghij'[i - 1]}`)
          .join(',')}]`
      )
    writeFileSync(join(vault, 'bomb.yaml'), `${bomb.join('\n')}\n`)
    writeFileSync(join(vault, 'list.yaml'), '- id: a\n- id: b\n')
    writeFileSync(join(vault, 'empty.yaml'), '')
    writeFileSync(join(vault, 'nan.yaml'), 'id: n\ntrack: cloud\nlevel: .nan\n')
    symlinkSync('/etc', join(vault, 'escape'))
    symlinkSync(join(vault, 'questions', 'cloud', 'memory', 'cloud-9001.yaml'), join(vault, 'linked.yaml'))
    const { summary } = await readVault(root)
    expect(summary.questions).toBe(3)
    const warnings = summary.warnings.join('\n')
    for (const f of [
      'malformed.yaml: not valid YAML',
      'huge.yaml',
      'larger than',
      'deep.yaml',
      'bomb.yaml',
      'list.yaml',
      'empty.yaml',
      'nan.yaml'
    ]) {
      expect(warnings).toContain(f)
    }
    expect(warnings).not.toContain('linked.yaml')
    expect(warnings).not.toContain('passwd')
  })
})

describe('cancelling', () => {
  it('stops between chunks when its signal aborts', async () => {
    const root = temp()
    const one = readFileSync(join(FIXTURE, 'staffml', 'vault', 'questions', 'cloud', 'memory', 'cloud-9001.yaml'), 'utf8')
    for (let k = 0; k < 450; k++) writeFileSync(join(root, `q-${k}.yaml`), one.replace('id: cloud-9001', `id: q-${k}`))
    const controller = new AbortController()
    let reported = 0
    const run = readVault(
      root,
      (done) => {
        reported = done
        controller.abort()
      },
      controller.signal
    )
    await expect(run).rejects.toThrow(VaultCancelled)
    expect(reported).toBe(200)
  })
})

describe('saving and re-importing', () => {
  it('stores the import in the data folder and updates it in place on re-import', async () => {
    const data = temp()
    const source = temp()
    cpSync(FIXTURE, source, { recursive: true })
    const first = await readVault(source)
    saveVault(data, source, first.questions)
    expect(
      loadVault(data)
        .questions.map((q) => q.id)
        .sort()
    ).toEqual(['vault:cloud-9001', 'vault:edge-9002', 'vault:tinyml-9003'])
    const file = join(source, 'staffml', 'vault', 'questions', 'cloud', 'memory', 'cloud-9001.yaml')
    writeFileSync(file, readFileSync(file, 'utf8').replace('Cache for a Long Chat', 'Cache for a Longer Chat'))
    const second = await readVault(source)
    saveVault(data, source, second.questions)
    const after = loadVault(data).questions
    expect(after).toHaveLength(3)
    expect(after.find((q) => q.id === 'vault:cloud-9001')!.title).toBe('Cache for a Longer Chat')
  })
  it('reads a damaged store as empty, with the reason', () => {
    const data = temp()
    mkdirSync(join(data, 'drills'))
    writeFileSync(vaultStorePath(data), '{"format":"something else"}')
    const r = loadVault(data)
    expect(r.questions).toEqual([])
    expect(r.problem).toContain('import it again')
  })
})

describe('statedResult', () => {
  it('takes the one quantity of the result line, in a unit the grader reads back', () => {
    const napkin =
      '**Calculations:**\n- 2 x 3 = 6 GB\n\n**Conclusion & Interpretation:**\n- **Result: ~17.4 ms per window (Latency-Bound)**. More text 40 ms.'
    const r = statedResult(napkin)!
    expect(r).toEqual({ value: 17.4, unit: 'ms' })
    expect(gradeAnswer('about 17 ms', r, 'cloud').grade).toBe('exact')
    expect(statedResult('**Conclusion:** Result: fits')).toBeNull()
    expect(statedResult('no conclusion here, 5 GB')).toBeNull()
  })
})
