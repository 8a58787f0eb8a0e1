import { expect, test, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { startHost, tempDataDir, watchPage, type RunningHost } from './host'

/** The whole loop against a virtual board: monitor, plotter, capture, train, quantise, deploy, evaluate. */
test.describe('Devices page against the virtual board', () => {
  let host: RunningHost
  test.use({ viewport: { width: 1400, height: 1100 } })

  test.beforeAll(async () => {
    host = await startHost(tempDataDir())
    mkdirSync('test-results', { recursive: true })
  })
  test.afterAll(async () => host?.stop())

  async function total(page: Page): Promise<number> {
    return Number(await page.getByTestId('sample-total').getAttribute('data-total'))
  }

  async function captureGesture(page: Page, gesture: string, rows: number): Promise<void> {
    await page.getByTestId(`gesture-${gesture}`).click()
    // Let the first samples of the new motion pass before recording.
    await page.waitForTimeout(300)
    await page.getByTestId('capture-label').fill(gesture)
    await page.getByTestId('capture-toggle').click()
    await expect(page.getByTestId('capture-rows')).toContainText(`recording ${gesture}`)
    await expect
      .poll(async () => Number(/(\d+) rows/.exec((await page.getByTestId('capture-rows').textContent()) ?? '')?.[1] ?? 0), {
        timeout: 20_000
      })
      .toBeGreaterThanOrEqual(rows)
    await page.getByTestId('capture-toggle').click()
    await expect(page.getByTestId('capture-rows')).toHaveCount(0)
  }

  test('plug in a virtual board, watch it, capture, train, deploy and measure', async ({ page }) => {
    test.setTimeout(180_000)
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/devices`)
    await expect(page.locator('main h1')).toHaveText('Devices')

    // A virtual board appears among the ports and is selected, with its profile.
    await page.getByTestId('virtual-profile').selectOption('nano33ble')
    await page.getByTestId('start-virtual').click()
    const port = page.getByTestId('port').filter({ hasText: 'Virtual Arduino Nano 33 BLE (Sense)' })
    await expect(port).toHaveAttribute('aria-pressed', 'true')
    await expect(page.getByTestId('board-profile')).toContainText('Nordic nRF52840 (Cortex-M4F)')

    // Monitor: lines stream in; a command goes out and is answered.
    await page.getByTestId('monitor-open').click()
    await expect(page.getByTestId('monitor-state')).toContainText('open on /dev/pts/')
    await expect(page.getByTestId('console')).toContainText(/ax:-?\d\.\d{3},ay:/)
    await page.getByTestId('send-text').fill('gesture tilt')
    await page.getByTestId('send').click()
    await expect(page.getByTestId('console')).toContainText('# gesture tilt')
    await page.getByTestId('timestamps').check()
    await expect(page.getByTestId('console')).toContainText(/\d\d:\d\d:\d\d\.\d{3} {2}ax:/)
    await page.getByTestId('save-log').click()
    await expect(page.getByTestId('saved-to')).toContainText('serial-logs')
    await page.screenshot({ path: 'test-results/devices-monitor.png' })

    // Plotter: a live chart that keeps up, with every sample counted.
    await page.getByTestId('devices-tab-plotter').click()
    await expect(page.locator('[data-testid="live-plot"] canvas')).toBeAttached()
    const before = await total(page)
    await expect.poll(() => total(page)).toBeGreaterThan(before + 50)
    await expect.poll(async () => Number(await page.getByTestId('plot-fps').getAttribute('data-fps'))).toBeGreaterThan(0)
    await page.waitForTimeout(2100)
    // For docs/performance.md: how often the chart redraws with the board streaming at 50 Hz.
    console.log(`plotter redraws/s: ${await page.getByTestId('plot-fps').getAttribute('data-fps')}`)
    await expect(page.getByTestId('dropped')).toHaveText(' · 0 dropped')
    await expect(page.getByTestId('plot-counts')).toContainText('columns ax, ay, az')

    // Capture three gestures into one dataset.
    await page.getByTestId('capture-dataset').fill('gestures')
    for (const g of ['rest', 'tilt', 'shake']) await captureGesture(page, g, 200)
    await expect(page.getByTestId('datasets')).toContainText('gestures')
    await expect(page.getByTestId('datasets')).toContainText(/rest \d+ · tilt \d+ · shake \d+/)
    await page.screenshot({ path: 'test-results/devices-plotter.png' })

    // Train with TinyTorch (the references, with consent), quantise, check the fit.
    await page.getByTestId('devices-tab-deploy').click()
    await page.getByTestId('build-window').fill('5')
    await page.getByTestId('build-epochs').fill('30')
    await page.getByTestId('build-reference').check()
    await page.getByTestId('build').click()
    await expect(page.getByTestId('build-result')).toContainText(/float \d+\.\d%, int8 \d+\.\d% on \d+ held-out examples/, {
      timeout: 60_000
    })
    await expect(page.getByTestId('build-result')).toContainText(
      /Arduino Nano 33 BLE \(Sense\): fits: \d+ B of 1 MB flash, peak \d+ B of 256 KB RAM/
    )
    await expect(page.getByTestId('fit')).toContainText('µs per inference')

    // Deploy over the pseudo-terminal, then run the test set on the board.
    await page.getByTestId('deploy').click()
    await expect(page.getByTestId('deploy-result')).toContainText(/Deployed .* to nano33ble in \d+\.\d\d s/, { timeout: 30_000 })
    await page.getByTestId('evaluate').click()
    const evaluation = page.getByTestId('evaluation')
    await expect(evaluation).toBeVisible({ timeout: 30_000 })
    // The virtual board runs the same interpreter: all outputs bit-identical, accuracy equal to the host's int8.
    const text = (await evaluation.textContent()) ?? ''
    const [, n, m] = /(\d+) of (\d+) outputs bit-identical/.exec(text) ?? []
    expect(n).toBe(m)
    await expect(page.getByTestId('device-latency')).toContainText(/\d+ µs mean/)
    await evaluation.scrollIntoViewIfNeeded()
    await page.screenshot({ path: 'test-results/devices-deploy.png' })

    // History keeps the deployment, updated by the evaluation.
    await page.getByTestId('devices-tab-history').click()
    await expect(page.getByTestId('history')).toContainText('evaluated')
    await page.screenshot({ path: 'test-results/devices-history.png' })

    // Dark theme: the same page and chart follow the system.
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.getByTestId('devices-tab-plotter').click()
    await expect(page.locator('[data-testid="live-plot"] canvas')).toBeAttached()
    await expect.poll(async () => Number(await page.getByTestId('plot-fps').getAttribute('data-fps'))).toBeGreaterThan(0)
    await page.screenshot({ path: 'test-results/devices-plotter-dark.png' })
    await page.getByTestId('devices-tab-deploy').click()
    await page.getByTestId('evaluation').scrollIntoViewIfNeeded()
    await page.screenshot({ path: 'test-results/devices-deploy-dark.png' })
    await page.getByTestId('devices-tab-monitor').click()
    await page.screenshot({ path: 'test-results/devices-monitor-dark.png' })
    expect(problems).toEqual([])
  })

  test('keyboard: the tabs move with the arrow keys, Home and End', async ({ page }) => {
    await page.goto(`${host.url}#/devices/monitor`)
    await page.getByTestId('devices-tab-monitor').focus()
    await page.keyboard.press('ArrowRight')
    await expect(page).toHaveURL(/#\/devices\/plotter$/)
    await expect(page.getByTestId('devices-tab-plotter')).toBeFocused()
    await page.keyboard.press('End')
    await expect(page).toHaveURL(/#\/devices\/history$/)
    await page.keyboard.press('Home')
    await expect(page).toHaveURL(/#\/devices\/monitor$/)
  })
})
