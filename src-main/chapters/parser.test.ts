import { describe, expect, it } from 'vitest'
import { parseAttrs, splitTrailingAttrs } from './attrs'
import { parseBib } from './bib'
import { finishChapter, parseChapter, type FinishContext, type LabelRef } from './render'
import { MAX_SOURCE_CHARS } from './quarto'

function render(source: string, opts: { number?: number | null; images?: Record<string, string>; bib?: string } = {}) {
  const parsed = parseChapter(source, {
    chapterId: 'test/ch',
    chapterNumber: opts.number === undefined ? 4 : opts.number,
    resolveImage: (src) => opts.images?.[src] ?? null,
    dropTitleHeading: true
  })
  const labels = new Map<string, LabelRef>(parsed.labels.map((l) => [l.id, { chapterId: 'test/ch', label: l }]))
  labels.set('sec-other-place', {
    chapterId: 'test/other',
    label: { id: 'sec-other-place', kind: 'sec', number: '7.2', title: 'Elsewhere' }
  })
  const ctx: FinishContext = {
    chapterId: 'test/ch',
    resolveLabel: (id) => labels.get(id) ?? null,
    bib: parseBib(opts.bib ?? ''),
    live: null
  }
  return { parsed, ...finishChapter(parsed, ctx) }
}

describe('attributes', () => {
  it('reads ids, classes and quoted values', () => {
    expect(parseAttrs('{#fig-a .wide fig-alt="A \\"quoted\\" alt" width=50%}')).toEqual({
      id: 'fig-a',
      classes: ['wide'],
      kv: { 'fig-alt': 'A "quoted" alt', width: '50%' }
    })
  })
  it('finds a trailing block but not braces in prose', () => {
    expect(splitTrailingAttrs('Title {#sec-x .unnumbered}')).toEqual({
      text: 'Title',
      attrs: { id: 'sec-x', classes: ['unnumbered'], kv: {} }
    })
    expect(splitTrailingAttrs('a set {x}')).toBeNull()
  })
})

describe('the Quarto parser', () => {
  it('numbers sections, figures, tables and equations with the chapter number', () => {
    const { parsed, html } = render(
      [
        '# Title {#sec-title}',
        '',
        '## First {#sec-first}',
        '',
        '### Sub {#sec-sub}',
        '',
        '## Unnumbered {.unnumbered}',
        '',
        '## Second {#sec-second}',
        '',
        '![Cap](a.png){#fig-one}',
        '',
        '| a |',
        '|---|',
        '| 1 |',
        '',
        ': Tab {#tbl-one}',
        '',
        '$$',
        'x = 1',
        '$$ {#eq-one}'
      ].join('\n'),
      { images: { 'a.png': 'test/ch/a.png' } }
    )
    // Chapter 4: sections 4.1, 4.1.1, (unnumbered), 4.2; first figure, table and equation are 4.1.
    expect(parsed.sections.map((s) => [s.id, s.number])).toEqual([
      ['sec-first', '4.1'],
      ['sec-sub', '4.1.1'],
      ['sec-auto-unnumbered', null],
      ['sec-second', '4.2']
    ])
    expect(parsed.title).toBe('Title')
    expect(html).not.toContain('<h1')
    expect(html).toContain('<span class="caption-label">Figure 4.1:</span> Cap')
    expect(html).toContain('<span class="caption-label">Table 4.1:</span> Tab')
    expect(html).toContain('<span class="eq-number">(4.1)</span>')
    expect(parsed.labels.find((l) => l.id === 'tbl-one')).toMatchObject({ kind: 'tbl', number: '4.1' })
  })

  it('renders nested callouts with titles, margin notes, and drops PDF-only content', () => {
    const { html } = render(
      [
        '::: {.callout-note title="Outer *title*"}',
        'outer text',
        '',
        '::: {.callout-warning}',
        'inner text',
        ':::',
        'after inner',
        ':::',
        '',
        '::: {.content-visible when-format="pdf"}',
        'PRINT ONLY',
        ':::',
        '',
        '::: {.content-visible unless-format="pdf"}',
        'WEB TOO',
        ':::',
        '',
        '::: {.content-hidden unless-format="pdf"}',
        'ALSO PRINT ONLY',
        ':::',
        '',
        '::: {.column-margin}',
        'in the margin',
        ':::'
      ].join('\n')
    )
    expect(html).toContain('<aside class="callout callout-note"><div class="callout-title">Outer <em>title</em></div>')
    expect(html).toContain('<aside class="callout callout-warning"><div class="callout-title">Warning</div>')
    // The inner callout closes before "after inner", which stays in the outer one.
    expect(html.indexOf('after inner')).toBeGreaterThan(html.indexOf('inner text'))
    expect(html.indexOf('after inner')).toBeLessThan(html.lastIndexOf('</aside>'))
    expect(html).not.toContain('PRINT ONLY')
    expect(html).toContain('WEB TOO')
    expect(html).toContain('<aside class="margin-note">')
  })

  it('resolves cross-references (capitalised, bracketed, across chapters) and marks missing ones', () => {
    const { html, missingRefs } = render('## A {#sec-a}\n\nSee @sec-a, @Sec-a, [@sec-a], @sec-other-place and @fig-nowhere.')
    expect(html).toContain('<a class="xref" href="#/chapters/test/ch/sec-a">Section 4.1</a>')
    expect(html).toContain('<a class="xref xref-other" href="#/chapters/test/other/sec-other-place">Section 7.2</a>')
    expect(html).toContain('?@fig-nowhere')
    expect(missingRefs).toEqual(['fig-nowhere'])
  })

  it('shows citations from the bibliography, or the key when it is missing', () => {
    const bib = '@article{lee2020, author = {Lee, Ann and Kim, Bo and Park, Cy}, title = {A {GPU} Study}, year = {2020}}'
    const { html } = render('As @lee2020 showed [@lee2020, p. 4; @unknown2].', { bib })
    expect(html).toContain('>Lee et al. (2020)</span>')
    expect(html).toContain('>Lee et al. 2020, p. 4</span>')
    expect(html).toContain('class="cite cite-missing"')
    expect(html).toContain('>unknown2</span>')
  })

  it('shows footnotes in place, hides Python cells, marks inline Python, strips \\index and raw LaTeX', () => {
    const { html, parsed } = render(
      [
        '\\noindent',
        'Text.[^n1] Value `{python} Setup.peak_tflops_str` here.\\index{Term!sub} After \\textbf{bold} \\hspace{1em}end.',
        '',
        '```{python}',
        '#| echo: false',
        'SECRET_CODE = 1',
        '```',
        '',
        '\\begin{marginfigure}',
        '\\mlsysstack{75}{15}',
        '\\end{marginfigure}',
        '',
        '[^n1]: The note, with $x$.'
      ].join('\n')
    )
    expect(html).toMatch(
      /Text\.<span class="footnote"><sup class="fn-ref">1<\/sup><span class="fn-body">The note, with <span class="katex">/
    )
    expect(html).not.toContain('SECRET_CODE')
    expect(parsed.hiddenPythonCells).toBe(1)
    expect(html).toContain('<span class="py-value"')
    expect(html).toContain('⟨peak tflops⟩')
    expect(html).not.toMatch(/index|Term!sub|noindent|hspace|mlsysstack|marginfigure/)
    expect(html).toContain('After bold end.')
  })

  it('drops page breaks and marks other Quarto shortcodes in imported chapters', () => {
    const { html } = render('Before {{< pagebreak >}} after {{< video https://example.org/v.mp4 >}} and {{< meta title >}}.')
    expect(html).toContain('Before  after <span class="py-value"')
    expect(html).toContain('⟨video: https://example.org/v.mp4⟩')
    expect(html).toContain('⟨meta⟩')
    expect(html).not.toContain('live number failed')
  })

  it('keeps money apart from math and highlights code offline', () => {
    const { html } = render('It costs $5 and $6 today; $x^2$ is math.\n\n```python\ndef f(x):\n    return x\n```')
    expect(html).toContain('It costs $5 and $6 today;')
    expect(html).toContain('<span class="hljs-keyword">def</span>')
  })

  it('marks missing images and never lets a path through', () => {
    const { html, parsed } = render('![Gone](gone.png){#fig-gone}')
    expect(html).toContain('Missing image: gone.png')
    expect(html).not.toContain('<img')
    expect(parsed.warnings).toContain('image not found: gone.png')
  })

  it('survives deep nesting and huge input', () => {
    const deep = `${'::: {.callout-note}\n'.repeat(5000)}core\n${':::\n'.repeat(5000)}`
    const { html } = render(deep)
    expect(html.length).toBeGreaterThan(0)
    const brackets = render(`${'['.repeat(20000)}x${']'.repeat(20000)} ${'*'.repeat(20000)}`)
    expect(brackets.html.length).toBeGreaterThan(0)
    const huge = render(`${'word '.repeat(MAX_SOURCE_CHARS / 5 + 100)}`)
    expect(huge.parsed.warnings[0]).toMatch(/only the first/)
  })

  it('counts words of prose and keeps section text for search', () => {
    const { parsed } = render('Intro words here.\n\n## Alpha {#sec-alpha}\n\nOne two three four.')
    // Prose only: 'Intro words here.' (3) and 'One two three four.' (4); the heading is not counted.
    expect(parsed.words).toBe(3 + 4)
    expect(parsed.sectionText.find((s) => s.sectionId === 'sec-alpha')?.text.trim()).toBe('One two three four.')
  })
})
