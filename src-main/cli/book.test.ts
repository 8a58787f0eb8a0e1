import { spawnSync } from 'node:child_process'
import { join, resolve } from 'node:path'
import { describe, expect, it } from 'vitest'
import { CHAPTER_FIXTURES, tempDir } from '../testing/fixtures'

const root = resolve(__dirname, '../..')

/** The real CLI, as `npm run -s mlsys -- …` runs it (the bundled one), on the chapter fixtures. */
function mlsys(...args: string[]) {
  const r = spawnSync(process.execPath, [join(root, 'scripts/mlsys.mjs'), ...args], {
    cwd: root,
    encoding: 'utf8',
    env: { ...process.env, MLSYS_CHAPTERS_DIR: join(CHAPTER_FIXTURES, 'notes') }
  })
  return { code: r.status, stdout: r.stdout, stderr: r.stderr }
}

describe('mlsys book', () => {
  it('lists, imports, shows and searches with the JSON shapes the issue pins', () => {
    const data = tempDir()
    const list = mlsys('book', 'list', '--data-dir', data)
    expect(list.code).toBe(0)
    const chapters = JSON.parse(list.stdout) as Record<string, unknown>[]
    expect(chapters[0]).toEqual({
      id: 'vol1/01-alpha',
      volume: 1,
      title: 'Alpha: the roofline',
      source: 'notes',
      sections: 3,
      words: 166,
      quizQuestions: 8
    })

    const imported = mlsys('book', 'import', join(CHAPTER_FIXTURES, 'book-clone'), '--data-dir', data)
    expect(imported.code).toBe(0)
    const result = JSON.parse(imported.stdout)
    expect(Object.keys(result)).toEqual(['chapters', 'sections', 'quizQuestions', 'figures', 'warnings'])
    expect(result).toMatchObject({ chapters: 2, sections: 4, quizQuestions: 8, figures: 2 })
    expect(imported.stderr).toContain('[2/2] Hardware Acceleration')
    expect(imported.stderr).toContain('warning: vol1/introduction: missing image images/png/does-not-exist.png')

    const after = JSON.parse(mlsys('book', 'list', '--data-dir', data).stdout) as { id: string; source: string }[]
    expect(after.filter((c) => c.source === 'imported').map((c) => c.id)).toEqual(['book/introduction', 'book/hardware'])

    const show = JSON.parse(mlsys('book', 'show', 'book/introduction', '--data-dir', data).stdout)
    expect(Object.keys(show)).toEqual(['id', 'title', 'html'])
    expect(show).toMatchObject({ id: 'book/introduction', title: 'Introduction' })
    expect(show.html).toContain('<aside class="callout callout-definition" id="dfn-ml-system">')

    const search = JSON.parse(mlsys('book', 'search', 'systolic', '--data-dir', data).stdout)
    expect(search[0]).toEqual({
      chapterId: 'book/hardware',
      sectionId: 'sec-hardware-accelerators-c3d4',
      snippet: expect.stringContaining('Systolic')
    })
  })

  it('exits non-zero with a message for a missing folder, an unknown chapter, and bad usage', () => {
    const missing = mlsys('book', 'import', '/no/such/folder', '--data-dir', tempDir())
    expect(missing.code).toBe(1)
    expect(missing.stderr).toContain('/no/such/folder does not exist')
    const unknown = mlsys('book', 'show', 'book/nothing', '--data-dir', tempDir())
    expect(unknown.code).toBe(1)
    expect(unknown.stderr).toContain('there is no chapter book/nothing')
    expect(mlsys('book', 'frobnicate', '--data-dir', tempDir()).code).toBe(2)
    expect(mlsys('book', 'import', '--data-dir', tempDir()).code).toBe(2)
  })
})
