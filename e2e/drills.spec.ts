import { expect, test, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join } from 'node:path'
import { instanceById, loadBank } from '../src-main/drills'
import { startHost, tempDataDir, watchPage, type RunningHost } from './host'

const bank = loadBank()
const FIXTURE = join(__dirname, '..', 'src-main', 'drills', 'fixtures', 'vault-repo')

/** Answers the question on screen well: its own napkin conclusion, the right option, or every checkpoint. */
async function answerWell(page: Page): Promise<string> {
  const card = page.getByTestId('drill-question').last()
  const id = (await card.getAttribute('data-question-id'))!
  if (id.startsWith('vault:')) throw new Error('answerWell is for bank questions')
  const instance = instanceById(bank, id)!
  if (instance.kind === 'numeric') {
    await card.getByTestId('drill-text').fill(instance.napkin!.conclusion)
    await card.getByTestId('drill-submit').click()
  } else if (instance.kind === 'choice') {
    await card.getByTestId(`drill-option-${instance.correctIndex}`).check()
    await card.getByTestId('drill-submit').click()
  } else {
    await card.getByTestId('drill-reveal').click()
    for (let k = 0; k < instance.rubric!.length; k++) await card.getByTestId(`drill-check-${k}`).check()
    await card.getByTestId('drill-self-submit').click()
  }
  await expect(card.getByTestId('drill-feedback')).toBeVisible()
  return instance.kind
}

/** Clicks Next question and waits for a different question than the one on screen; returns its instance. */
async function drawNext(page: Page) {
  const card = page.getByTestId('drill-question')
  const before = (await card.count()) ? await card.getAttribute('data-question-id') : null
  await page.getByTestId('drill-next').click()
  await expect(card).not.toHaveAttribute('data-question-id', before ?? '')
  return instanceById(bank, (await card.getAttribute('data-question-id'))!)!
}

async function shoot(page: Page, name: string) {
  await page.emulateMedia({ colorScheme: 'light' })
  await page.screenshot({ path: `test-results/${name}.png`, fullPage: true })
  await page.emulateMedia({ colorScheme: 'dark' })
  await page.screenshot({ path: `test-results/${name}-dark.png`, fullPage: true })
  await page.emulateMedia({ colorScheme: 'light' })
}

test.describe('drills over the local web host', () => {
  let host: RunningHost
  test.use({ viewport: { width: 1300, height: 1000 } })
  test.beforeAll(async () => {
    host = await startHost(tempDataDir())
    mkdirSync('test-results', { recursive: true })
  })
  test.afterAll(async () => host?.stop())

  test('practice: filters, a numeric answer graded exact with napkin math, a wrong choice, the simulator link', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/drills`)
    await expect(page.locator('main h1')).toHaveText('Drills')
    await expect(page.getByTestId('drills-tab-practice')).toHaveAttribute('aria-selected', 'true')
    // keyboard: the tabs move with the arrow keys
    await page.getByTestId('drills-tab-practice').focus()
    await page.keyboard.press('ArrowRight')
    await expect(page).toHaveURL(/#\/drills\/daily$/)
    await page.keyboard.press('ArrowLeft')
    await expect(page).toHaveURL(/#\/drills\/practice$/)
    // Opening Practice draws a first question from all tracks; wait for it, so that the draws below
    // compare against it and never mistake it for one drawn with the filters.
    await expect(page.getByTestId('drill-question')).toBeVisible()

    await page.getByTestId('filter-track-cloud').check()
    await page.getByTestId('filter-level-L2').check()
    // draw until a numeric question comes up
    let instance = await drawNext(page)
    for (let i = 0; i < 40 && instance.kind !== 'numeric'; i++) {
      expect([instance.track, instance.level]).toEqual(['cloud', 'L2'])
      instance = await drawNext(page)
    }
    expect([instance.track, instance.level, instance.kind]).toEqual(['cloud', 'L2', 'numeric'])
    await page.getByTestId('drill-text').fill(instance.napkin!.conclusion)
    await page.keyboard.press('Enter')
    await expect(page.getByTestId('drill-grade')).toHaveText('exact')
    await expect(page.getByTestId('drill-expected')).toHaveText(instance.answer!.display)
    await expect(page.getByRole('region', { name: 'Napkin math' })).toContainText(instance.napkin!.calculations[0]!)
    await expect(page.getByRole('region', { name: 'Common mistake' })).toContainText(instance.mistake.pitfall)
    await shoot(page, 'drills-practice')

    // the multiple-choice variant: a distractor names its mistake
    let next = await drawNext(page)
    while (next.kind === 'open') next = await drawNext(page)
    if (next.kind === 'numeric') await page.getByTestId('drill-use-choices').check()
    const wrong = next.options!.findIndex((_, k) => k !== next.correctIndex)
    await page.getByTestId(`drill-option-${wrong}`).check()
    await page.getByTestId('drill-submit').click()
    await expect(page.getByTestId('drill-grade')).toHaveText('wrong')

    // back to the first question's link: the dashboard opens with its parameters
    await page.goto(`${host.url}#/drills/vault`)
    await page.getByTestId('vault-search').fill('KV cache of one long conversation')
    await page.getByRole('button', { name: 'Practise KV cache of one long conversation' }).click()
    await expect(page).toHaveURL(/#\/drills\/practice$/)
    await answerWell(page)
    const kv = instanceById(bank, (await page.getByTestId('drill-question').getAttribute('data-question-id'))!)!
    // the chapters that teach its topic (kv-cache) are linked, in reading order
    await expect(page.getByTestId('drill-open-chapter').first()).toHaveText('Read: Network Architectures')
    await expect(page.getByTestId('drill-open-chapter')).toHaveCount(5)
    await page.getByTestId('drill-open-simulator').click()
    await expect(page).toHaveURL(/#\/simulator\/serving$/)
    await expect(page.getByTestId('sim-tab-serving')).toHaveAttribute('aria-selected', 'true')
    const model = page
      .locator('select')
      .filter({ has: page.locator(`option[value="${kv.dashboard!.params.model}"]`) })
      .first()
    await expect(model).toHaveValue(String(kv.dashboard!.params.model))
    await page.screenshot({ path: 'test-results/drills-simulator-link.png' })
    expect(problems).toEqual([])
  })

  test('daily set: three questions, finished, streak of one', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/drills/daily`)
    await expect(page.getByTestId('daily-q-2')).toBeVisible()
    for (let k = 0; k < 3; k++) {
      await page.getByTestId(`daily-q-${k}`).click()
      await answerWell(page)
    }
    await page.getByTestId('daily-finish').click()
    await expect(page.getByTestId('daily-done')).toContainText('Done for today: 9/9')
    await expect(page.getByTestId('daily-streak')).toContainText('Streak: 1 day')
    await shoot(page, 'drills-daily')
    expect(problems).toEqual([])
  })

  test('mock interview: timed, warm-up first, summary by zone, history', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/drills/mock`)
    await page.getByTestId('mock-track').selectOption('edge')
    await page.getByTestId('mock-level').selectOption('L3')
    await page.getByTestId('mock-count').fill('4')
    await page.getByTestId('mock-start').click()
    await expect(page.getByTestId('mock-timer')).toContainText('left')
    await expect(page.getByTestId('mock-q-0')).toContainText('warm-up')
    await answerWell(page)
    await page.getByTestId('mock-next').click()
    await answerWell(page)
    await shoot(page, 'drills-mock')
    await page.getByTestId('mock-finish').click()
    await expect(page.getByTestId('mock-summary')).toContainText('/12 points')
    await shoot(page, 'drills-mock-summary')
    await page.getByTestId('mock-close').click()
    await expect(page.getByTestId('mock-history').locator('tbody tr')).toHaveCount(1)
    expect(problems).toEqual([])
  })

  test('vault: browse and filter, import a vault folder; progress heat map', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/drills/vault`)
    await expect(page.getByTestId('vault-count')).toContainText(/\d+ shown/)
    await page.getByTestId('vault-filter-track').selectOption('tinyml')
    await page.getByTestId('vault-filter-area').selectOption('power')
    const rows = page.getByTestId('vault-table').locator('tbody tr')
    expect(await rows.count()).toBeGreaterThan(0)
    for (const row of await rows.all()) await expect(row.locator('td').nth(1)).toHaveText('tinyml')
    await page.getByTestId('vault-folder').fill(FIXTURE)
    await page.getByTestId('vault-import').click()
    await expect(page.getByTestId('vault-import-result')).toContainText('Imported 3 questions; skipped 3 files')
    await page.getByTestId('vault-filter-track').selectOption('')
    await page.getByTestId('vault-filter-area').selectOption('')
    await page.getByTestId('vault-filter-source').selectOption('imported')
    await expect(rows).toHaveCount(3)
    await shoot(page, 'drills-vault')

    await page.goto(`${host.url}#/drills/progress`)
    await expect(page.getByTestId('progress-heatmap')).toBeVisible()
    await expect(page.getByTestId('progress-overview')).toContainText('answers')
    await expect(page.getByTestId('progress-heatmap').locator('td:not(.empty)').first()).toBeVisible()
    await shoot(page, 'drills-progress')
    expect(problems).toEqual([])
  })
})
