// Chapters: import speed of a textbook-sized clone, chapter open (parse + finish), search index build and
// query latency over all content. The clone is generated here (same format as the book: front matter,
// callouts, Python cells, footnotes, citations, figures, tables, equations, quizzes), about as large as
// the real two volumes. Run: npm run bench:chapters
import { copyFileSync, mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join, resolve } from 'node:path'
import { ChapterLibrary, importBook, simLiveEngine } from '../src-main/chapters'
import { loadCatalog, models, runSim } from '../src-main/sim'

const root = resolve(__dirname, '..')
const CHAPTERS = 34
const SECTIONS = 14
const PARAGRAPHS = 22

// A deterministic generator of technical prose (mulberry32).
let seed = 42
function rand(): number {
  seed = (seed + 0x6d2b79f5) | 0
  let t = Math.imul(seed ^ (seed >>> 15), 1 | seed)
  t = (t + Math.imul(t ^ (t >>> 7), 61 | t)) ^ t
  return ((t ^ (t >>> 14)) >>> 0) / 4294967296
}
const TERMS =
  'accelerator bandwidth batch cache checkpoint cluster compiler compute dataflow dataset decode distillation drift embedding energy fabric failure fleet gradient hbm inference interconnect kernel latency memory model monitoring network optimizer parallelism pipeline precision pruning quantization queue replica roofline scheduler serving sharding sparsity storage systolic tensor throughput token training utilization'.split(
    ' '
  )
const WORDS =
  'the a of to and in is that for on with as by this it from at are be can which when each more than its their not but only while these'.split(
    ' '
  )
const pick = <T>(xs: readonly T[]) => xs[Math.floor(rand() * xs.length)]!
function sentence(): string {
  const n = 12 + Math.floor(rand() * 14)
  const words = Array.from({ length: n }, () => (rand() < 0.35 ? pick(TERMS) : pick(WORDS)))
  words[0] = words[0]![0]!.toUpperCase() + words[0]!.slice(1)
  return `${words.join(' ')}.`
}

function chapterSource(name: string, i: number): string {
  const out = [`---\nquiz: ${name}_quizzes.json\nengine: jupyter\n---\n`, `# Chapter ${i} {#sec-${name}}\n`]
  for (let s = 0; s < SECTIONS; s++) {
    out.push(`## Section ${s} of ${name} {#sec-${name}-s${s}}\n`)
    for (let p = 0; p < PARAGRAPHS; p++) {
      const extras =
        p === 3
          ? ` See @sec-${name}-s${(s + 1) % SECTIONS} and [@ref${s}].[^fn-${s}-${p}]`
          : p === 5
            ? ' Value `{python} Calc.x_str` here.\\index{X!y}'
            : ''
      out.push(`${Array.from({ length: 5 }, sentence).join(' ')} With $x_${p}^2$ inline.${extras}\n`)
      if (p === 3) out.push(`[^fn-${s}-${p}]: ${sentence()}\n`)
    }
    out.push('```{python}\n#| echo: false\nx = 1\n```\n')
    out.push(`::: {.callout-note title="Note ${s}"}\n${sentence()}\n\n::: {.callout-tip}\n${sentence()}\n:::\n:::\n`)
    out.push(`| a | b |\n|---|--:|\n| ${pick(TERMS)} | ${s} |\n\n: Table ${s} {#tbl-${name}-${s}}\n`)
    out.push(`$$\nE_${s} = P \\cdot t\n$$ {#eq-${name}-${s}}\n`)
    out.push(`![Figure ${s}](images/png/fig.png){#fig-${name}-${s} fig-alt="alt"}\n`)
    out.push(`::: {.content-visible when-format="pdf"}\nprint only\n:::\n`)
  }
  return out.join('\n')
}

function makeClone(dir: string): number {
  let bytes = 0
  for (let i = 0; i < CHAPTERS; i++) {
    const vol = i < CHAPTERS / 2 ? 'vol1' : 'vol2'
    const name = `chapter_${String(i).padStart(2, '0')}`
    const d = join(dir, vol, name)
    mkdirSync(join(d, 'images', 'png'), { recursive: true })
    copyFileSync(
      join(root, 'src-main/chapters/fixtures/book-clone/book/quarto/contents/vol1/introduction/images/png/triangle.png'),
      join(d, 'images/png/fig.png')
    )
    const src = chapterSource(name, i)
    bytes += src.length
    writeFileSync(join(d, `${name}.qmd`), src)
    writeFileSync(
      join(d, `${name}.bib`),
      Array.from({ length: SECTIONS }, (_, s) => `@article{ref${s}, author = {Lee, A.}, title = {T${s}}, year = {2020}}`).join('\n')
    )
    const sections = Array.from({ length: SECTIONS }, (_, s) => ({
      section_id: `#sec-${name}-s${s}`,
      quiz_data: {
        quiz_needed: true,
        questions: [
          { question_type: 'MCQ', question: sentence(), choices: ['a', 'b', 'c', 'd'], answer: 'The correct answer is B. Because.' },
          { question_type: 'TF', question: sentence(), answer: 'True. Because.' },
          { question_type: 'SHORT', question: sentence(), answer: sentence() }
        ]
      }
    }))
    writeFileSync(join(d, `${name}_quizzes.json`), JSON.stringify({ sections }))
  }
  return bytes
}

function percentile(xs: number[], p: number): number {
  const s = [...xs].sort((a, b) => a - b)
  return s[Math.min(s.length - 1, Math.floor((p / 100) * s.length))]!
}

async function main() {
  const work = mkdtempSync(join(tmpdir(), 'mlsys-bench-chapters-'))
  try {
    const clone = join(work, 'clone')
    const bytes = makeClone(clone)
    const data = join(work, 'data')
    mkdirSync(data)
    const t0 = performance.now()
    const result = await importBook(clone, join(data, 'book'))
    const importMs = performance.now() - t0
    console.log(
      `import: ${result.chapters} chapters, ${(bytes / 1e6).toFixed(1)} MB of .qmd, ${result.sections} sections, ${result.quizQuestions} questions, ${result.figures} figures: ${(importMs / 1000).toFixed(2)} s (${(bytes / 1e6 / (importMs / 1000)).toFixed(1)} MB/s, ${(importMs / result.chapters).toFixed(0)} ms per chapter)`
    )

    const notesRoot = process.env.MLSYS_CHAPTERS_DIR ?? join(root, 'curriculum/chapters')
    const library = new ChapterLibrary({
      notesRoot,
      lessonsRoot: join(root, 'curriculum/tinytorch'),
      dataDir: data,
      engine: simLiveEngine({ runSim, loadCatalog, models })
    })
    const t1 = performance.now()
    const list = library.list()
    console.log(
      `list (reads and parses every study-notes chapter, ${list.filter((c) => c.source === 'notes').length} of them): ${(performance.now() - t1).toFixed(0)} ms`
    )

    const t2 = performance.now()
    const index = library.searchIndex()
    const words = list.reduce((s, c) => s + c.words, 0)
    console.log(
      `search index build: ${index.size} sections, ${(words / 1e6).toFixed(2)} M words: ${(performance.now() - t2).toFixed(0)} ms (once per process, kept)`
    )

    const queries = [
      'roofline',
      'memory bandwidth',
      'systolic tensor',
      'quantization drift',
      'checkpoint failure',
      'the',
      'kernel lat',
      'schedulr',
      'zzqx',
      'throughput of serving replicas'
    ]
    for (const q of queries) library.search(q)
    const times: number[] = []
    for (let r = 0; r < 20; r++) {
      for (const q of queries) {
        const t = performance.now()
        library.search(q)
        times.push(performance.now() - t)
      }
    }
    for (const q of queries) {
      const each: number[] = []
      for (let r = 0; r < 5; r++) {
        const t = performance.now()
        library.search(q)
        each.push(performance.now() - t)
      }
      console.log(`  "${q}": median ${percentile(each, 50).toFixed(1)} ms, ${library.search(q).length} results`)
    }
    console.log(
      `search query (${times.length} queries incl. prefix and fuzzy): median ${percentile(times, 50).toFixed(1)} ms, p95 ${percentile(times, 95).toFixed(1)} ms, max ${Math.max(...times).toFixed(1)} ms (target < 50 ms)`
    )

    const opens: number[] = []
    for (let i = 0; i < 5; i++) {
      const t = performance.now()
      library.render(`book/chapter_${String(i).padStart(2, '0')}`)
      opens.push(performance.now() - t)
    }
    console.log(`open an imported chapter (parse, sanitise, KaTeX, cross-references): median ${percentile(opens, 50).toFixed(0)} ms`)
    const notes = list.find((c) => c.source === 'notes' && !c.error)
    if (notes) {
      const t = performance.now()
      library.render(notes.id)
      console.log(`open a study-notes chapter (${notes.id}, live numbers evaluated): ${(performance.now() - t).toFixed(1)} ms`)
    }
  } finally {
    rmSync(work, { recursive: true, force: true })
  }
}

void main()
