import { expect, test, type Page } from '@playwright/test'
import { mkdirSync } from 'node:fs'
import { startHost, tempDataDir, watchPage, type RunningHost } from './host'

/** Each dashboard, the slider moved in the test, and a headline that must change when it moves. */
const dashboards = [
  { id: 'roofline', control: 'roofline-intensity', headline: 'intensity' },
  { id: 'batch', control: 'batch-batch', headline: 'mfu' },
  { id: 'memory', control: 'memory-microbatch', headline: 'activations' },
  { id: 'serving', control: 'serving-prompt', headline: 'ttft' },
  { id: 'parallelism', control: 'parallelism-m', headline: 'bubble' },
  { id: 'collectives', control: 'collectives-bytes', headline: 'tree' },
  { id: 'tail', control: 'tail-arrival', headline: 'util' },
  { id: 'reliability', control: 'reliability-gpus', headline: 'mtbf' },
  { id: 'carbon', control: 'carbon-devices', headline: 'energy' },
  { id: 'tinyml', control: 'tinyml-h', headline: 'act' }
]

async function settled(page: Page, testId: string): Promise<string> {
  const h = page.getByTestId(testId)
  await expect(h).not.toHaveText('…')
  return (await h.textContent()) ?? ''
}

test.describe('simulator dashboards over the local web host', () => {
  let host: RunningHost

  test.use({ viewport: { width: 1400, height: 1500 } })

  test.beforeAll(async () => {
    host = await startHost(tempDataDir())
    mkdirSync('test-results', { recursive: true })
  })
  test.afterAll(async () => host?.stop())

  test('index lists ten dashboards; each opens, reacts to a control, draws a chart', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/simulator`)
    await expect(page.locator('main h1')).toHaveText('Simulator')
    await expect(page.locator('[data-testid^="dash-card-"]')).toHaveCount(10)
    await page.screenshot({ path: 'test-results/sim-index.png' })

    for (const d of dashboards) {
      await page.goto(`${host.url}#/simulator`)
      await page.getByTestId(`dash-card-${d.id}`).click()
      await expect(page).toHaveURL(new RegExp(`#/simulator/${d.id}$`))
      await expect(page.getByTestId(`sim-tab-${d.id}`)).toHaveAttribute('aria-selected', 'true')
      await expect(page.locator('[data-testid="sim-chart"] canvas').first()).toBeAttached()
      const before = await settled(page, `headline-${d.headline}`)
      const slider = page.getByTestId(d.control)
      await slider.focus()
      for (let i = 0; i < 3; i++) await page.keyboard.press('ArrowRight')
      await expect(page.getByTestId(`headline-${d.headline}`)).not.toHaveText(before)
      await expect(page.getByTestId('sim-error')).toHaveCount(0)
      await page.getByTestId('sim-math').locator('summary').click()
      await expect(page.getByTestId('sim-math').locator('.katex').first()).toBeVisible()
      await page.waitForTimeout(150)
      await page.screenshot({ path: `test-results/sim-${d.id}.png` })
    }
    expect(problems).toEqual([])
  })

  test('tabs switch dashboards from the keyboard and Back returns to the index', async ({ page }) => {
    await page.goto(`${host.url}#/simulator/roofline`)
    await page.getByTestId('sim-tab-roofline').focus()
    await page.keyboard.press('ArrowRight')
    await expect(page).toHaveURL(/#\/simulator\/batch$/)
    await expect(page.getByTestId('sim-tab-batch')).toBeFocused()
    await page.keyboard.press('End')
    await expect(page).toHaveURL(/#\/simulator\/tinyml$/)
    await page.getByTestId('sim-back').click()
    await expect(page.getByTestId('sim-index')).toBeVisible()
  })

  test('typed numbers: bad input is refused with a message and nothing is lost; unstable queue says so', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/simulator/tail`)
    const typed = page.getByTestId('tail-arrival-typed')
    await typed.fill('20')
    await typed.press('Enter')
    await expect(page.getByTestId('headline-util')).toHaveText('50 %')
    await typed.fill('lots')
    await typed.press('Enter')
    await expect(page.getByRole('alert').filter({ hasText: 'not a number' })).toBeVisible()
    await expect(page.getByTestId('headline-util')).toHaveText('50 %')
    await expect(typed).toHaveValue('lots')
    await typed.fill('60')
    await typed.press('Enter')
    await expect(page.getByTestId('headline-util')).toHaveText('150 %')
    await expect(page.locator('.sim-headline').filter({ hasText: 'Utilisation' })).toContainText('unstable: utilisation ≥ 1')
    // Predict, then reveal: the key number is shown only after the guess, and an unbounded answer is explained.
    await expect(page.getByTestId('headline-p99')).toContainText('predict first')
    await page.getByTestId('predict-input').fill('500')
    await page.getByTestId('predict-reveal').click()
    await expect(page.getByTestId('predict-result')).toContainText('unstable')
    await expect(page.getByTestId('headline-p99')).toHaveText('unbounded')
    await expect(page.locator('main')).not.toContainText('NaN')
    await expect(page.locator('main')).not.toContainText('Infinity')
    await page.screenshot({ path: 'test-results/sim-tail-unstable.png' })
    expect(problems).toEqual([])
  })

  test('roofline: dragging on the chart moves the workload point, and its value follows', async ({ page }) => {
    await page.goto(`${host.url}#/simulator/roofline`)
    const before = await settled(page, 'headline-intensity')
    const over = page.locator('[data-testid="sim-chart"] .u-over')
    const box = (await over.boundingBox())!
    await page.mouse.move(box.x + box.width * 0.2, box.y + box.height / 2)
    await page.mouse.down()
    for (let i = 0; i <= 30; i++) await page.mouse.move(box.x + box.width * (0.2 + (0.6 * i) / 30), box.y + box.height / 2)
    await page.mouse.up()
    await expect(page.getByTestId('headline-intensity')).not.toHaveText(before)
    // Right end of the drag (80 % across 0.01…10⁴ on a log axis) is ≈ 630 FLOP/byte.
    const value = Number((await page.getByTestId('headline-intensity').textContent())!.replace(/[^0-9.]/g, ''))
    expect(value).toBeGreaterThan(300)
    expect(value).toBeLessThan(1500)
  })

  test('prediction is compared with the actual value', async ({ page }) => {
    await page.goto(`${host.url}#/simulator/roofline`)
    await settled(page, 'headline-intensity')
    await expect(page.getByTestId('headline-attainable-0')).toContainText('predict first')
    await page.getByTestId('predict-input').fill('50')
    await page.getByTestId('predict-reveal').click()
    await expect(page.getByTestId('predict-result')).toContainText('Your guess')
    await expect(page.getByTestId('predict-result')).toContainText(/too (high|low)|Within/)
    await expect(page.getByTestId('headline-attainable-0')).toContainText('FLOP/s')
    await expect(page.getByTestId('predict-result')).not.toContainText('Not logged')
    // The reveal was logged through sim.run with `record`: Progress counts it under Simulator.
    await page.getByTestId('nav-progress').click()
    await expect(page.getByTestId('recent-activity')).toContainText('Revealed a prediction on Roofline')
    // A revealed prediction explores a dashboard.
    await expect(page.getByTestId('progress-completion').locator('li.done', { hasText: 'Roofline' })).toContainText('a prediction revealed')
  })

  test('predict first: an input that moves clears the old guess and verdict; the chart and table keep the answer hidden until then', async ({
    page
  }) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(`${host.url}#/simulator/carbon`)
      await page.reload() // a fresh page: predictions live in memory only
      await settled(page, 'headline-energy')
      // Before the reveal the selected region's carbon is masked in the headline and in the table.
      const selectedRow = page.getByTestId('carbon-table').locator('tr.selected')
      await expect(selectedRow).toContainText('? predict first')
      await expect(page.getByTestId('headline-carbon')).toContainText('predict first')
      await page.screenshot({ path: `test-results/sim-carbon-before-reveal-${scheme}.png` })
      await page.getByTestId('predict-input').fill('1000')
      await page.getByTestId('predict-reveal').click()
      await expect(page.getByTestId('predict-result')).toContainText('Your guess')
      await expect(selectedRow).not.toContainText('predict first')
      await expect(selectedRow).toContainText('t CO₂e')

      // Move an input: the question is a new one, so the old answer and verdict go, and the number hides again.
      const devices = page.getByTestId('carbon-devices')
      await devices.focus()
      await page.keyboard.press('ArrowRight')
      await expect(page.getByTestId('predict-result')).toHaveCount(0)
      await expect(page.getByTestId('predict-changed')).toBeVisible()
      await expect(page.getByTestId('predict-input')).toHaveValue('')
      await expect(page.getByTestId('headline-carbon')).toContainText('predict first')
      await expect(selectedRow).toContainText('? predict first')
      await page.screenshot({ path: `test-results/sim-carbon-after-change-${scheme}.png` })
      // Predict again for the new inputs.
      await page.getByTestId('predict-input').fill('2000')
      await page.getByTestId('predict-reveal').click()
      await expect(page.getByTestId('predict-result')).toContainText('Your guess: 2 kt CO₂e')
    }
  })

  test('reliability: the optimum is not marked on the U-curve until the guess is revealed', async ({ page }) => {
    await page.goto(`${host.url}#/simulator/reliability`)
    await settled(page, 'headline-mtbf')
    await page.waitForTimeout(200)
    await page.getByTestId('sim-chart').first().screenshot({ path: 'test-results/sim-reliability-ucurve-before.png' })
    await page.getByTestId('predict-input').fill('30')
    await page.getByTestId('predict-reveal').click()
    await expect(page.getByTestId('headline-tau')).not.toContainText('predict first')
    await page.waitForTimeout(200)
    await page.getByTestId('sim-chart').first().screenshot({ path: 'test-results/sim-reliability-ucurve-after.png' })
  })

  test('scenarios: save, change, restore, survive a reload, delete', async ({ page }) => {
    const problems = watchPage(page, host.origin)
    await page.goto(`${host.url}#/simulator/collectives`)
    const typed = page.getByTestId('collectives-bytes-typed')
    await typed.fill('1000')
    await typed.press('Enter')
    await expect(page.getByTestId('headline-ring')).not.toHaveText('…')
    await expect(page.locator('.sim-headline').filter({ hasText: 'Ring all-reduce of' }).locator('dt')).toHaveText(
      'Ring all-reduce of 1 GB'
    )
    const tree = await settled(page, 'headline-tree')
    await page.getByTestId('scenario-name').fill('one gigabyte')
    await page.getByTestId('scenario-save').click()
    await expect(page.getByTestId('scenario-list')).toContainText('one gigabyte')

    await typed.fill('1')
    await typed.press('Enter')
    await expect(page.getByTestId('headline-tree')).not.toHaveText(tree)
    await page.getByRole('button', { name: 'Restore one gigabyte' }).click()
    await expect(page.getByTestId('headline-tree')).toHaveText(tree)
    await expect(typed).toHaveValue('1000')

    await page.reload()
    await expect(page.getByTestId('scenario-list')).toContainText('one gigabyte')
    await page.screenshot({ path: 'test-results/sim-scenarios.png' })
    await page.getByRole('button', { name: 'Delete one gigabyte' }).click()
    await expect(page.getByTestId('sim-scenarios')).toContainText('No saved scenarios yet.')
    expect(problems).toEqual([])
  })

  test('dark theme: the page and the charts follow the system', async ({ page }) => {
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.goto(`${host.url}#/simulator/batch`)
    await settled(page, 'headline-mfu')
    await page.waitForTimeout(200)
    await page.screenshot({ path: 'test-results/sim-batch-dark.png' })
    await page.goto(`${host.url}#/simulator/roofline`)
    await settled(page, 'headline-intensity')
    await page.waitForTimeout(200)
    await page.screenshot({ path: 'test-results/sim-roofline-dark.png' })
  })
})
