import { expect, test } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startHost, tempDataDir, watchPage, type RunningHost } from './host'

const FIXTURES = resolve(__dirname, '../src-main/chapters/fixtures')

test.describe('review deck over the local web host', () => {
  let host: RunningHost

  test.beforeAll(async () => {
    host = await startHost(tempDataDir(), { env: { MLSYS_CHAPTERS_DIR: join(FIXTURES, 'notes') } })
    mkdirSync('test-results', { recursive: true })
  })
  test.afterAll(async () => host?.stop())

  test('a session: reveal on demand, ratings on 1–4, undo, forecast and retention; Home shows what is due', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/review`)
    await expect(page.locator('main h1')).toHaveText('Review')
    await expect(page.getByText('Your deck is empty')).toBeVisible()

    // Put a chapter's quiz in the deck: eight new cards.
    await page.goto(`${host.url}#/chapters/vol2/01-gamma`)
    await page.getByTestId('quiz').getByRole('button', { name: 'Add all to review' }).click()
    await expect(page.getByTestId('quiz')).toContainText('8 questions added to your review deck.')

    await page.goto(`${host.url}#/home`)
    await expect(page.getByTestId('home-due')).toContainText('8 cards due today')
    await page.getByTestId('home-due').getByRole('button', { name: 'Review' }).click()
    await expect(page.getByTestId('due-today')).toHaveText('8')
    await page.screenshot({ path: 'test-results/review-overview-light.png' })

    await page.getByTestId('start-review').click()
    const session = page.getByTestId('review-session')
    await expect(session).toContainText('Card 1 of 8')
    await expect(session).toContainText('Which resource bounds a kernel left of the ridge point?')
    await expect(page.getByTestId('rate-1')).toHaveCount(0)
    await page.keyboard.press('Space')
    await expect(session).toContainText('Memory bandwidth')
    // FSRS previews on the buttons: one 10-minute step for Again, days for Good and Easy.
    await expect(page.getByTestId('rate-1')).toContainText('10 min')
    await expect(page.getByTestId('rate-3')).toContainText('2 d')
    await page.screenshot({ path: 'test-results/review-session-light.png' })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: 'test-results/review-session-dark.png' })
    await page.emulateMedia({ colorScheme: 'light' })
    await page.keyboard.press('3')
    await expect(session).toContainText('Card 2 of 8')
    await page.keyboard.press('Space')
    await expect(page.getByTestId('rate-1')).toBeVisible()
    await page.keyboard.press('1')
    await expect(session).toContainText('Card 3 of 8')

    // Undo brings the last card back, unrated.
    await page.keyboard.press('u')
    await expect(session).toContainText('Took back “Again”')
    await expect(session).toContainText('The ridge point is peak FLOP/s divided by bandwidth.')
    await expect(page.getByTestId('review-stats')).toContainText('1 review')

    for (let i = 0; i < 7; i++) {
      await expect(session).toContainText(`Card ${i + 1} of 7`)
      await page.keyboard.press('Space')
      await expect(page.getByTestId('rate-1')).toBeVisible()
      await page.keyboard.press(i === 0 ? '1' : '3')
    }
    // The missed card comes back in the same session after the others.
    await expect(session).toContainText('Card 1 of 1')
    await expect(session).toContainText('The ridge point is peak FLOP/s divided by bandwidth.')
    await page.keyboard.press('Space')
    await expect(page.getByTestId('rate-1')).toBeVisible()
    await page.keyboard.press('3')
    await expect(page.getByTestId('session-done')).toContainText('Session done: 9 cards reviewed.')
    await expect(page.getByTestId('due-today')).toHaveText('0')
    await expect(page.getByTestId('forecast')).toBeVisible()
    await expect(page.getByTestId('review-stats')).toContainText('100 %')
    await page.screenshot({ path: 'test-results/review-done-light.png', fullPage: true })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: 'test-results/review-done-dark.png', fullPage: true })
    expect(problems).toEqual([])
  })
})
