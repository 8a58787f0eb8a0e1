import { expect, test } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { startHost, tempDataDir, watchPage, type RunningHost } from './host'

const pages = [
  { route: 'home', heading: 'MLSys Workstation' },
  { route: 'chapters', heading: 'Chapters' },
  { route: 'review', heading: 'Review' },
  { route: 'tinytorch', heading: 'TinyTorch' },
  { route: 'simulator', heading: 'Simulator' },
  { route: 'drills', heading: 'Drills' },
  { route: 'devices', heading: 'Devices' },
  { route: 'progress', heading: 'Progress' }
]

test.describe('workstation shell over the local web host', () => {
  let host: RunningHost
  let dataDir: string

  test.beforeAll(async () => {
    dataDir = tempDataDir()
    host = await startHost(dataDir)
    mkdirSync('test-results', { recursive: true })
  })
  test.afterAll(async () => host?.stop())

  test('loads cleanly and opens every page; screenshots each', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(host.url)
    await expect(page.getByTestId('status-transport')).toContainText('Local web host')
    await expect(page.locator('.dot.ok')).toBeVisible()
    for (const p of pages) {
      await page.getByTestId(`nav-${p.route}`).click()
      await expect(page.locator('main h1')).toHaveText(p.heading)
      await expect(page.getByTestId(`nav-${p.route}`)).toHaveAttribute('aria-current', 'page')
      await page.waitForLoadState('networkidle')
      await page.screenshot({ path: `test-results/page-${p.route}.png` })
    }
    expect(problems).toEqual([])
  })

  test('keyboard: Alt+number switches pages and arrows move through the sidebar', async ({ page }) => {
    await page.goto(host.url)
    await expect(page.locator('main h1')).toHaveText('MLSys Workstation')
    await page.keyboard.press('Alt+8')
    await expect(page.locator('main h1')).toHaveText('Progress')
    await page.getByTestId('nav-home').focus()
    await page.keyboard.press('ArrowDown')
    await expect(page.getByTestId('nav-chapters')).toBeFocused()
    await page.keyboard.press('Enter')
    await expect(page.locator('main h1')).toHaveText('Chapters')
  })

  test('visits are written to SQLite and survive a host restart', async ({ page }) => {
    await page.goto(host.url)
    await page.getByTestId('nav-simulator').click()
    await page.getByTestId('nav-tinytorch').click()
    await page.getByTestId('nav-progress').click()
    const recent = page.getByTestId('recent-activity')
    await expect(recent).toContainText('Opened TinyTorch')
    const before = Number(await page.getByTestId('events-tinytorch').textContent())
    expect(before).toBeGreaterThanOrEqual(1)

    await host.stop()
    host = await startHost(dataDir)
    await page.goto(`${host.url}#/home`)
    // The last page opened before Progress was TinyTorch: Home offers to continue there.
    await expect(page.getByTestId('resume')).toContainText('TinyTorch')
    await page.getByRole('button', { name: 'Continue' }).click()
    await expect(page.locator('main h1')).toHaveText('TinyTorch')
    await page.getByTestId('nav-progress').click()
    await expect(page.getByTestId('events-tinytorch')).toHaveText(String(before + 1))
    await page.screenshot({ path: 'test-results/progress-after-restart.png' })
  })

  test('dark theme follows the system', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.goto(`${host.url}#/progress`)
    const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor)
    expect(bg).toBe('rgb(23, 25, 28)')
    await page.screenshot({ path: 'test-results/progress-dark.png' })
  })
})
