import { expect, test, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startHost, tempDataDir, watchPage, type RunningHost } from './host'

/** The chapter fixtures: three small chapters (two volumes), one broken one, and a clone of the book in its own format. */
const FIXTURES = resolve(__dirname, '../src-main/chapters/fixtures')

/** Selects `words` inside the first text node of the chapter body that holds them, as a reader's drag would. */
async function select(page: Page, words: string) {
  await page.evaluate((w) => {
    const body = document.querySelector('[data-testid="chapter-body"]')!
    const walker = document.createTreeWalker(body, NodeFilter.SHOW_TEXT)
    for (let n = walker.nextNode(); n; n = walker.nextNode()) {
      const at = (n as Text).data.indexOf(w)
      if (at < 0) continue
      n.parentElement!.scrollIntoView({ block: 'center' })
      const range = document.createRange()
      range.setStart(n, at)
      range.setEnd(n, at + w.length)
      const sel = window.getSelection()!
      sel.removeAllRanges()
      sel.addRange(range)
      n.parentElement!.dispatchEvent(new MouseEvent('mouseup', { bubbles: true }))
      return
    }
    throw new Error(`no text "${w}"`)
  }, words)
}

test.describe('chapters over the local web host', () => {
  let host: RunningHost

  test.beforeAll(async () => {
    host = await startHost(tempDataDir(), { env: { MLSYS_CHAPTERS_DIR: join(FIXTURES, 'notes') } })
    mkdirSync('test-results', { recursive: true })
  })
  test.afterAll(async () => host?.stop())

  test('table of contents, reader, live numbers, footnotes, cross-references, light and dark', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/chapters`)
    await expect(page.locator('main h1')).toHaveText('Chapters')
    await expect(page.getByTestId('toc-vol1/01-alpha')).toContainText('Alpha: the roofline')
    await expect(page.getByTestId('toc-vol2/02-broken')).toContainText('cannot be shown: vol2/02-broken/chapter.json: objectives')
    await page.screenshot({ path: 'test-results/chapters-toc.png', fullPage: true })

    await page.getByTestId('toc-vol1/01-alpha').click()
    await expect(page.getByTestId('chapter-title')).toHaveText('Alpha: the roofline')
    const body = page.getByTestId('chapter-body')
    // 989.4e12 / 3.35e12 = 295 FLOP/B, computed by the simulator when the chapter opened.
    await expect(body.locator('a.live-number', { hasText: '295 FLOP/B' })).toBeVisible()
    await expect(body.locator('.live-error')).toContainText('no simulator function "nosuch"')
    await expect(page.getByTestId('live-failures')).toBeVisible()
    await expect(body.locator('.katex').first()).toBeVisible()
    await expect(body.locator('img[data-figure]')).toHaveAttribute('src', /^data:image\/svg\+xml;base64,/)
    await expect(body.locator('figcaption', { hasText: 'Table 1.1: Two datacenter GPUs' })).toBeVisible()
    await expect(body.locator('.callout-example .callout-tip')).toContainText('memory-bound')
    await expect(page.getByTestId('outline').locator('li')).toHaveCount(3)
    const fn = body.locator('.fn-ref').first()
    await expect(body.locator('.fn-body').first()).toBeHidden()
    await fn.click()
    await expect(body.locator('.fn-body').first()).toContainText('about 1 FLOP per byte')
    await page.screenshot({ path: 'test-results/chapters-reader-light.png' })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: 'test-results/chapters-reader-dark.png' })
    await page.emulateMedia({ colorScheme: 'light' })

    // A cross-reference into the next chapter jumps there, to the section.
    await body.locator('a.xref-other').first().click()
    await expect(page).toHaveURL(/#\/chapters\/vol1\/02-beta\/sec-v1-beta-batching$/)
    await expect(page.getByTestId('chapter-title')).toHaveText('Beta: batching')

    // A live number opens its dashboard with its parameters.
    await page.goto(`${host.url}#/chapters/vol1/01-alpha`)
    await page.getByTestId('chapter-body').locator('a.live-number', { hasText: '295 FLOP/B' }).click()
    await expect(page).toHaveURL(/#\/simulator\/roofline$/)
    await expect(page.getByTestId('headline-intensity')).toHaveText('1 FLOP/byte')
    expect(problems).toEqual([])
  })

  test('search with /, highlights with notes and cards, bookmarks, resume, quiz, notebook', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/chapters/vol1/02-beta`)
    await expect(page.getByTestId('chapter-title')).toHaveText('Beta: batching')
    await page.keyboard.press('/')
    await expect(page.getByTestId('search-input').first()).toBeFocused()
    await page.keyboard.type('ridge')
    await expect(page.getByTestId('search-hit').first()).toContainText('Alpha: the roofline')
    await page.screenshot({ path: 'test-results/chapters-search.png' })
    await page.keyboard.press('Enter')
    await expect(page).toHaveURL(/#\/chapters\/vol1\/01-alpha\/sec-v1-alpha-/)
    await expect(page.getByTestId('chapter-title')).toHaveText('Alpha: the roofline')

    await select(page, 'which limit does it hit first')
    await expect(page.getByTestId('hl-toolbar')).toBeVisible()
    await page.getByTestId('hl-color-green').click()
    const mark = page.getByTestId('chapter-body').locator('mark.hl-green')
    await expect(mark).toHaveText('which limit does it hit first')
    await mark.click()
    await page.getByTestId('hl-add-note').click()
    await page.getByTestId('hl-note').fill('The roofline question.')
    await page.getByTestId('hl-note-save').click()
    await expect(page.getByTestId('highlight-list')).toContainText('The roofline question.')
    await page.getByTestId('chapter-body').locator('mark.hl-green.has-note').click()
    await page.getByTestId('hl-make-card').click()
    await expect(page.getByTestId('highlight-list')).toContainText('in review')

    await select(page, 'arithmetic intensity')
    await page.keyboard.press('h')
    await expect(page.getByTestId('chapter-body').locator('mark.hl').filter({ hasText: 'arithmetic intensity' })).toBeVisible()
    // b bookmarks the section in view.
    await page.keyboard.press('b')
    await expect(page.getByTestId('notes-panel').locator('.bookmark-item a')).toHaveCount(1)

    // Go to the summary and leave: the reader comes back there.
    await page.getByTestId('outline').getByText('Summary').click()
    await expect(page).toHaveURL(/sec-v1-alpha-summary$/)
    await page.waitForTimeout(2200)
    await page.screenshot({ path: 'test-results/chapters-highlights-light.png' })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: 'test-results/chapters-highlights-dark.png' })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.goto(`${host.url}#/chapters`)
    await expect(page.getByTestId('continue-reading')).toContainText('Alpha: the roofline')
    await page.getByTestId('continue-reading').getByRole('button').click()
    await expect(page.getByTestId('chapter-body').locator('mark.hl-green.has-note')).toHaveText('which limit does it hit first')
    const summaryTop = await page.locator('#sec-v1-alpha-summary').evaluate((el) => el.getBoundingClientRect().top)
    expect(Math.abs(summaryTop - 16)).toBeLessThan(60)

    // Quiz: a wrong choice, a right numeric answer with units.
    const q1 = page.getByTestId('quiz-q1')
    await q1.getByLabel('Peak compute').check()
    await q1.getByRole('button', { name: 'Check' }).click()
    await expect(q1.getByTestId('quiz-feedback')).toContainText('Not quite')
    await expect(q1.getByTestId('quiz-feedback')).toContainText('Memory bandwidth')
    await page.getByTestId('quiz-input-q6').fill('300 FLOP/byte')
    await page.getByTestId('quiz-q6').getByRole('button', { name: 'Check' }).click()
    await expect(page.getByTestId('quiz-q6').getByTestId('quiz-feedback')).toContainText('Right.')
    await page.getByTestId('quiz').screenshot({ path: 'test-results/chapters-quiz.png' })

    await page.getByTestId('mark-read').click()
    await expect(page.getByTestId('mark-read')).toHaveText('✓ Read')
    await page.goto(`${host.url}#/chapters`)
    await expect(page.getByTestId('toc-vol1/01-alpha')).toContainText('read')

    await page.getByTestId('open-notebook').click()
    await expect(page.getByTestId('notebook')).toContainText('which limit does it hit first')
    await expect(page.getByTestId('notebook')).toContainText('The roofline question.')
    const download = page.waitForEvent('download')
    await page.getByTestId('export-notebook').click()
    expect((await download).suggestedFilename()).toMatch(/^mlsys-notebook-\d{4}-\d\d-\d\d\.md$/)
    await page.screenshot({ path: 'test-results/chapters-notebook.png', fullPage: true })

    await page.goto(`${host.url}#/home`)
    await expect(page.getByTestId('home-continue-reading')).toContainText('Alpha: the roofline')
    await expect(page.getByTestId('home-due')).toContainText('due today')
    expect(problems).toEqual([])
  })

  test('imports the textbook from a folder path and reads it like our notes', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/chapters`)
    await page.getByTestId('import-folder').fill('/no/such/clone')
    await page.getByTestId('import-run').click()
    await expect(page.getByRole('alert')).toContainText('/no/such/clone does not exist')
    await page.getByTestId('import-folder').fill(join(FIXTURES, 'book-clone'))
    await page.getByTestId('import-run').click()
    await expect(page.getByTestId('import-result')).toContainText('Imported 2 chapters, 4 sections, 8 quiz questions and 2 figures')
    await page.getByTestId('toc-book/introduction').click()
    const body = page.getByTestId('chapter-body')
    await expect(page.getByTestId('chapter-title')).toHaveText('Introduction')
    await expect(body).toContainText('Web readers see this sentence.')
    await expect(body).not.toContainText('PRINT-ONLY')
    await expect(body.locator('.cite').first()).toHaveText('Sutton (2019)')
    await expect(body.locator('.py-value')).toContainText('a100 tflops')
    await expect(body.locator('a.xref-other')).toHaveText('Section 2.1')
    await expect(body.locator('.missing-image').first()).toContainText('Missing image')
    await expect(body.locator('img[data-figure]').first()).toHaveAttribute('src', /^data:image\//)
    await expect(page.getByTestId('quiz').locator('.quiz-q')).toHaveCount(8)
    await page.screenshot({ path: 'test-results/chapters-imported.png' })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: 'test-results/chapters-imported-dark.png' })
    expect(problems).toEqual([])
  })
})

test.describe('the shipped study notes', () => {
  let host: RunningHost
  test.beforeAll(async () => {
    host = await startHost(tempDataDir())
  })
  test.afterAll(async () => host?.stop())

  test('all 33 chapters are listed, and a chapter renders with every live number computed', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/chapters`)
    await expect(page.locator('.toc-row')).toHaveCount(33)
    await expect(page.locator('.toc-error')).toHaveCount(0)
    await page.screenshot({ path: 'test-results/chapters-real-toc.png', fullPage: true })
    await page.getByTestId('toc-vol1/11-hardware-acceleration').click()
    const body = page.getByTestId('chapter-body')
    await expect(body.locator('a.live-number').first()).toBeVisible()
    await expect(body.locator('.live-error')).toHaveCount(0)
    await expect(page.getByTestId('live-failures')).toHaveCount(0)
    await page.getByTestId('outline').locator('a').nth(1).click()
    await page.waitForTimeout(200)
    await page.screenshot({ path: 'test-results/chapters-real-light.png' })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: 'test-results/chapters-real-dark.png' })
    expect(problems).toEqual([])
  })
})
