// Drills benchmark: loading the bank, sampling 10,000 instances, grading 10,000 answers, importing a vault.
// Run: npm run bench:drills
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { gradeAnswer, instantiate, loadBank, randomFrom, readVault, seedFrom } from '../src-main/drills/index'

const ms = (start: number) => performance.now() - start
const fmt = (x: number) => (x < 1 ? `${(x * 1000).toFixed(1)} µs` : `${x.toFixed(1)} ms`)

let t = performance.now()
const bank = loadBank()
console.log(`load the bank (${bank.templates.length} templates: YAML, zod, expression parsing): ${fmt(ms(t))}`)

// 10,000 instances of random templates with random seeds, the way Practice and `drills sample` draw them
const random = randomFrom('bench')
const draws = Array.from({ length: 10_000 }, () => ({
  c: bank.templates[Math.floor(random() * bank.templates.length)]!,
  seed: seedFrom(random)
}))
for (const d of draws.slice(0, 300)) instantiate(d.c, d.seed) // warm up the JIT
t = performance.now()
const instances = draws.map((d) => instantiate(d.c, d.seed))
const sampling = ms(t)
console.log(`sample 10,000 instances: ${fmt(sampling)} (${fmt(sampling / 10_000)} each)`)

// 10,000 answers: each numeric instance's own conclusion, its displayed answer, and a wrong-unit answer
const numeric = instances.filter((i) => i.answer)
const answers: [string, { value: number; unit: string }, (typeof instances)[number]['track']][] = []
for (let k = 0; answers.length < 10_000; k++) {
  const i = numeric[k % numeric.length]!
  const text = [i.napkin!.conclusion, `answer: ${i.answer!.display}`, 'about 12 ms per token'][k % 3]!
  answers.push([text, { value: i.answer!.value, unit: i.answer!.unit }, i.track])
}
for (const a of answers.slice(0, 300)) gradeAnswer(...a)
t = performance.now()
const grades = answers.map((a) => gradeAnswer(...a))
const grading = ms(t)
const exact = grades.filter((g) => g.grade === 'exact').length
console.log(`grade 10,000 answers: ${fmt(grading)} (${fmt(grading / 10_000)} each; ${exact} exact, ${grades.length - exact} other)`)

// the longest answer the grader reads
const long = 'KV = 2 × 32 × 8 × 128 × 2 B ≈ 131 kB per token; '.repeat(400).slice(0, 19_999)
t = performance.now()
for (let k = 0; k < 100; k++) gradeAnswer(long, { value: 131072, unit: 'B' }, 'cloud')
console.log(`grade a 20,000-character answer: ${fmt(ms(t) / 100)}`)

// importing a vault of 2,000 question files (the fixture's published question, copied)
const dir = mkdtempSync(join(tmpdir(), 'mlsys-bench-vault-'))
const vault = join(dir, 'staffml', 'vault', 'questions')
mkdirSync(vault, { recursive: true })
const one = readFileSync(
  join(__dirname, '../src-main/drills/fixtures/vault-repo/staffml/vault/questions/cloud/memory/cloud-9001.yaml'),
  'utf8'
)
for (let k = 0; k < 2000; k++) writeFileSync(join(vault, `q-${k}.yaml`), one.replace('id: cloud-9001', `id: bench-${k}`))
const started = performance.now()
void readVault(dir).then((read) => {
  console.log(`import a vault of 2,000 files: ${fmt(ms(started))} (${read.summary.questions} questions)`)
  rmSync(dir, { recursive: true, force: true })
})
