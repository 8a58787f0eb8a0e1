import { cpSync, existsSync, mkdirSync, mkdtempSync, readdirSync, rmSync, symlinkSync, writeFileSync } from 'node:fs'
import { tmpdir } from 'node:os'
import { join } from 'node:path'
import { afterEach, describe, expect, it } from 'vitest'
import { loadCatalog, models, runSim } from '../sim'
import { importBook, ImportError } from './book'
import { ChapterLibrary, ChapterUnavailable } from './library'

const engine = {
  runSim,
  catalog: () => loadCatalog() as unknown as Record<string, Record<string, unknown>[]>,
  functions: () => Object.keys(models)
}
const FIXTURES = join(__dirname, 'fixtures')
const temps: string[] = []
function temp(): string {
  const d = mkdtempSync(join(tmpdir(), 'mlsys-chapters-'))
  temps.push(d)
  return d
}
afterEach(() => {
  for (const d of temps.splice(0)) rmSync(d, { recursive: true, force: true })
})

function library(dataDir = temp(), notesRoot = join(FIXTURES, 'notes')) {
  return new ChapterLibrary({ notesRoot, lessonsRoot: join(__dirname, '../../curriculum/tinytorch'), dataDir, engine })
}

describe('the chapter library (study notes)', () => {
  it('lists every chapter; a chapter with schema errors is listed with errors naming file and field', () => {
    const list = library().list()
    expect(list.map((c) => [c.id, c.title, c.error === null])).toEqual([
      ['vol1/01-alpha', 'Alpha: the roofline', true],
      ['vol1/02-beta', 'Beta: batching', true],
      ['vol2/01-gamma', 'Gamma: failures', true],
      ['vol2/02-broken', 'vol2/02-broken', false]
    ])
    const broken = list.find((c) => c.id === 'vol2/02-broken')!
    expect(broken.error).toContain('vol2/02-broken/chapter.json: objectives: list 4 to 6 learning objectives')
    expect(broken.error).toContain('links.modules.0')
    expect(() => library().document('vol2/02-broken')).toThrow(ChapterUnavailable)
    expect(list.find((c) => c.id === 'vol1/01-alpha')).toMatchObject({ sections: 3, quizQuestions: 8 })
  })

  it('renders live numbers, cross-chapter references, figures and a visible error for a bad shortcode', () => {
    const lib = library()
    const r = lib.render('vol1/01-alpha')!
    expect(r.liveNumbers.ok).toBe(4)
    expect(r.liveNumbers.failed).toEqual([
      { source: 'sim nosuch unit=s', error: 'no simulator function "nosuch" (mlsys sim --list shows them)' }
    ])
    expect(r.html).toContain('⚠ live number failed: no simulator function')
    // Memory time 1e10 B / 3.35e12 B/s = 2.985 ms.
    expect(r.html).toContain('>2.99 ms</a>')
    expect(r.html).toContain('<a class="xref xref-other" href="#/chapters/vol1/02-beta/sec-v1-beta-batching">Section 2.1</a>')
    expect(r.html).toContain('<img alt="A rising line that flattens at the peak" data-figure="vol1/01-alpha/roofline.svg"')
    expect(lib.figurePath('vol1/01-alpha/roofline.svg')).toMatch(/roofline\.svg$/)
    expect(lib.figurePath('vol1/01-alpha/../../../package.json')).toBeNull()
    expect(r.missingRefs).toEqual([])
  })

  it('evaluates numeric quiz answers with the engine', () => {
    const doc = library().document('vol1/01-alpha')!
    const q6 = doc.quiz.find((q) => q.id === 'q6')!
    expect(q6.type === 'numeric' && q6.expected?.value).toBeCloseTo(989.4e12 / 3.35e12, 6)
  })

  it('searches chapters and TinyTorch lessons, best first, with snippets', () => {
    const lib = library()
    const hits = lib.search('ridge point')
    expect(hits[0]).toMatchObject({ chapterId: 'vol1/01-alpha', kind: 'chapter' })
    expect(hits[0]!.snippet.toLowerCase()).toContain('ridge')
    const [start, end] = hits[0]!.highlights[0]!
    expect(hits[0]!.snippet.slice(start, end).toLowerCase()).toMatch(/^ridge|^point/)
    expect(lib.search('broadcasting').some((h) => h.chapterId === 'tinytorch/01_tensor' && h.kind === 'lesson')).toBe(true)
    expect(lib.search('')).toEqual([])
    expect(lib.search('zzqqxx')).toEqual([])
    // Hostile queries are words to look for, never patterns or markup.
    for (const q of ['(((', '.*', '\\', '[a-z]+$', '<script>', '💥 ridge', 'x'.repeat(5000), '\u0000ridge']) {
      expect(() => lib.search(q), q).not.toThrow()
    }
    expect(lib.search('<script>ridge</script>')[0]?.chapterId).toBe('vol1/01-alpha')
  })
})

describe('importing the textbook from a local clone', () => {
  function clone(): string {
    const dir = temp()
    cpSync(join(FIXTURES, 'book-clone'), dir, { recursive: true })
    return dir
  }

  it('imports chapters, quizzes, figures and citations, with a warning per problem item', async () => {
    const data = temp()
    const progress: number[] = []
    const result = await importBook(clone(), join(data, 'book'), { onProgress: (done) => progress.push(done) })
    expect(result).toMatchObject({ chapters: 2, sections: 4, quizQuestions: 8, figures: 2 })
    expect(progress).toEqual([1, 2])
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        'vol2/: no chapter folders (a chapter is <name>/<name>.qmd)',
        'vol1/introduction: missing image images/png/does-not-exist.png',
        'vol1/introduction: image ../../../../../../../etc/passwd.png points outside the chapter folder'
      ])
    )
    const lib = library(data)
    const list = lib.list().filter((c) => c.source === 'imported')
    // Order comes from the book's own config: introduction, then hardware.
    expect(list.map((c) => [c.id, c.title, c.number])).toEqual([
      ['book/introduction', 'Introduction', 1],
      ['book/hardware', 'Hardware Acceleration', 2]
    ])
    const intro = lib.render('book/introduction')!
    expect(intro.html).toContain(
      '<a class="xref xref-other" href="#/chapters/book/hardware/sec-hardware-accelerators-c3d4">Section 2.1</a>'
    )
    expect(intro.html).toContain('>Sutton (2019)</span>')
    expect(intro.html).toContain('Web readers see this sentence.')
    expect(intro.html).not.toMatch(/PRINT-ONLY|<script|onerror|javascript:/)
    expect(intro.html).toContain('Missing image: images/png/does-not-exist.png')
    expect(intro.doc.quiz.map((q) => q.type)).toEqual(['mcq', 'tf', 'short', 'ordering', 'fill', 'short', 'short', 'ordering'])
    expect(lib.figurePath('book/introduction/images/svg/stack.svg')).toContain(join(data, 'book'))
    const hardware = lib.render('book/hardware')!
    expect(hardware.html).toContain('href="#/chapters/book/introduction/fig-ai-triangle">Figure 1.1</a>')
    // Cited from the volume's shared references.bib.
    expect(hardware.html).toContain('>Hennessy and Patterson 2019</span>')
    expect(lib.search('systolic')[0]).toMatchObject({ chapterId: 'book/hardware', sectionId: 'sec-hardware-accelerators-c3d4' })
    // Nothing was written into the clone.
    expect(existsSync(join(data, 'book.importing'))).toBe(false)
  })

  it('re-imports in place and survives hostile files: invalid UTF-8, huge files, symlinks out, bad JSON', async () => {
    const dir = clone()
    const vol1 = join(dir, 'book/quarto/contents/vol1')
    const vol2 = join(dir, 'book/quarto/contents/vol2')
    const data = temp()
    await importBook(dir, join(data, 'book'))
    // Volume II has no table of contents in this clone, so every chapter folder there is read.
    mkdirSync(join(vol2, 'binary'))
    writeFileSync(join(vol2, 'binary', 'binary.qmd'), Buffer.from([0x23, 0x20, 0xff, 0xfe, 0x80, 0x0a]))
    mkdirSync(join(vol2, 'huge'))
    writeFileSync(join(vol2, 'huge', 'huge.qmd'), Buffer.alloc(9 * 1024 * 1024, 0x61))
    mkdirSync(join(vol2, 'introduction'))
    writeFileSync(
      join(vol2, 'introduction', 'introduction.qmd'),
      '# Introduction to scale {#sec-introduction-v2}\n\n## Why {#sec-why}\n\nScale.\n'
    )
    // Volume I has one: a folder it does not list is a draft and stays out.
    mkdirSync(join(vol1, 'draft'))
    writeFileSync(join(vol1, 'draft', 'draft.qmd'), '# Draft\n')
    const outside = temp()
    writeFileSync(join(outside, 'secret.png'), 'not for you')
    symlinkSync(join(outside, 'secret.png'), join(vol1, 'hardware', 'leak.png'))
    writeFileSync(join(vol1, 'hardware', 'hardware.qmd'), '# Hardware {#sec-hardware}\n\n## Only {#sec-only}\n\n![Leak](leak.png)\n')
    writeFileSync(join(vol1, 'hardware', 'hardware_quizzes.json'), '{"sections": [ not json')
    const result = await importBook(dir, join(data, 'book'))
    expect(result.chapters).toBe(3)
    expect(result.warnings).toEqual(
      expect.arrayContaining([
        expect.stringMatching(/^vol2\/binary: skipped: .*not valid UTF-8/),
        expect.stringMatching(/^vol2\/huge: skipped: .*larger than 8 MB/),
        "vol1/: 1 folder not in the book's table of contents left out (draft)",
        'vol2/introduction: volume I has a chapter of the same name; this one is book/introduction-vol2',
        'vol1/hardware: image leak.png is a link to outside the chapter folder',
        expect.stringMatching(/^vol1\/hardware: hardware_quizzes.json: .*not valid JSON/)
      ])
    )
    expect(readdirSync(join(data, 'book', 'chapters', 'hardware', 'figures'))).toEqual([])
    const lib = library(data)
    expect(
      lib
        .list()
        .filter((c) => c.source === 'imported')
        .map((c) => [c.id, c.volume])
    ).toEqual([
      ['book/introduction', 1],
      ['book/hardware', 1],
      ['book/introduction-vol2', 2]
    ])
    expect(lib.render('book/hardware')!.doc.summary.sections).toBe(1)
    expect(lib.render('book/introduction-vol2')!.doc.summary.title).toBe('Introduction to scale')
  })

  it('stops when cancelled and leaves the previous import as it was', async () => {
    const data = temp()
    await importBook(clone(), join(data, 'book'))
    const controller = new AbortController()
    controller.abort()
    await expect(importBook(clone(), join(data, 'book'), { signal: controller.signal })).rejects.toThrow(/cancelled/)
    expect(
      library(data)
        .list()
        .filter((c) => c.source === 'imported')
    ).toHaveLength(2)
    expect(existsSync(join(data, 'book.importing'))).toBe(false)
  })

  it('refuses a folder that does not exist or holds no chapters', async () => {
    await expect(importBook(join(temp(), 'nope'), join(temp(), 'book'))).rejects.toThrow(ImportError)
    const empty = temp()
    await expect(importBook(empty, join(temp(), 'book'))).rejects.toThrow(/no vol1\/ or vol2\//)
    mkdirSync(join(empty, 'vol1'))
    await expect(importBook(empty, join(temp(), 'book'))).rejects.toThrow(/no chapters found/)
  })
})

describe('chapters for a drill topic', () => {
  it('lists the study-notes chapters whose chapter.json links the topic, in reading order', () => {
    const lib = library(temp(), join(__dirname, '../../curriculum/chapters'))
    expect(lib.chaptersForTopic('kv-cache').map((c) => c.id)).toEqual([
      'vol1/06-network-architectures',
      'vol1/13-model-serving',
      'vol1/16-conclusion',
      'vol2/10-inference-at-scale',
      'vol2/17-conclusion'
    ])
    expect(lib.chaptersForTopic('no-such-topic')).toEqual([])
  })
})
