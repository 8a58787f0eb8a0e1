import { expect, test } from '@playwright/test'
import { readFileSync, writeFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { startHost, tempDataDir, watchPage, type RunningHost } from './host'

const root = resolve(__dirname, '..')

test.describe('TinyTorch workspace', () => {
  let host: RunningHost
  test.beforeAll(async () => {
    host = await startHost(tempDataDir())
  })
  test.afterAll(async () => host?.stop())

  test('open module 01, fix the TODOs in Monaco, Run: tests turn green and Progress updates', async ({ page, context }) => {
    test.setTimeout(120_000)
    const errors: string[] = []
    page.on('pageerror', (e) => errors.push(e.message))
    page.on('console', (m) => m.type() === 'error' && errors.push(m.text()))

    await page.goto(host.url)
    await page.getByTestId('nav-tinytorch').click()
    await expect(page.getByTestId('module-01_tensor')).toContainText('Not started')
    await page.screenshot({ path: 'test-results/tinytorch-modules.png' })
    await page.getByTestId('module-01_tensor').click()

    const editor = page.locator('.monaco-editor').first()
    await expect(editor).toBeVisible({ timeout: 30_000 })
    await expect(page.locator('.markdown h2').first()).toBeVisible()

    // The untouched starter: Run fails every test.
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect(page.getByTestId('grade-summary')).toContainText('Some tests fail', { timeout: 30_000 })
    await expect(page.getByTestId('grade-summary')).toContainText(/ 0\/\d+ points/)
    await page.screenshot({ path: 'test-results/tinytorch-starter-run.png' })

    // Replace the file with a complete solution, pasted into Monaco as a learner would.
    const solution = readFileSync(join(root, 'curriculum/tinytorch/reference/01_tensor/index.ts'), 'utf8')
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin })
    await page.evaluate((text) => navigator.clipboard.writeText(text), solution)
    await editor.click()
    await page.keyboard.press('Control+A')
    await page.keyboard.press('Control+V')
    // Autosave writes the pasted text to the workspace folder on disk, unchanged.
    const onDisk = () => readFileSync(join(host.dataDir, 'workspace/tinytorch/01_tensor/tensor.ts'), 'utf8')
    await expect.poll(onDisk, { timeout: 10_000 }).toBe(solution)
    await expect(page.getByTestId('save-state')).toHaveText('Saved')

    await page.keyboard.press('Control+Enter')
    await expect(page.getByTestId('grade-summary')).toContainText('All tests pass', { timeout: 30_000 })
    await expect(page.locator('.test[data-status="fail"]')).toHaveCount(0)
    await page.screenshot({ path: 'test-results/tinytorch-run-green.png' })

    await page.getByRole('tab', { name: 'Systems' }).click()
    await page.getByRole('button', { name: 'Measure my code' }).click()
    await expect(page.getByTestId('systems-table')).toContainText('Estimate', { timeout: 30_000 })
    await page.screenshot({ path: 'test-results/tinytorch-systems.png' })

    // An edit made in another editor shows up in Monaco.
    writeFileSync(join(host.dataDir, 'workspace/tinytorch/01_tensor/tensor.ts'), `// edited in another editor\n${solution}`)
    await expect(async () => {
      await editor.click()
      await page.keyboard.press('Control+Home')
      await expect(page.locator('.monaco-editor .view-lines')).toContainText('edited in another editor', { timeout: 1000 })
    }).toPass({ timeout: 15_000 })

    await page.getByRole('tab', { name: 'Hints' }).click()
    await page.getByRole('button', { name: 'Show a hint' }).first().click()
    await expect(page.locator('.hint-text').first()).toContainText('Nudge:')

    await page.getByTestId('nav-progress').click()
    await expect(page.getByTestId('recent-activity')).toContainText('Ran 01_tensor')
    await expect(page.getByTestId('events-tinytorch')).not.toHaveText('0')
    expect(errors).toEqual([])
  })

  test('milestones train live from the learner modules (reference for unpassed ones) and report what they reach', async ({ page }) => {
    test.setTimeout(120_000)
    await page.goto(`${host.url}#/tinytorch/milestones`)
    const perceptron = page.getByTestId('milestone-01_perceptron')
    await expect(perceptron).toBeVisible()
    await perceptron.getByLabel('Reference for modules not passed').check()
    await perceptron.getByRole('button', { name: 'Run milestone' }).click()
    await expect(perceptron.getByTestId('milestone-outcome')).toContainText('Milestone reached', { timeout: 60_000 })
    await expect(perceptron.getByTestId('training-curve').locator('canvas')).toHaveCount(1)
    await page.screenshot({ path: 'test-results/tinytorch-milestones.png' })
  })

  // Milestones 3–5 on real data, through the sandbox (JavaScript matmul kernel), each within the grader's
  // two-minute limit. The reference stands in for modules this fresh profile has not passed.
  for (const [id, onnx] of [
    ['03_mlp', true],
    ['04_cnn', true],
    ['05_reversal', false],
    ['06_char_gpt', false]
  ] as const) {
    test(`milestone ${id} reaches its target with a live curve`, async ({ page }) => {
      test.setTimeout(240_000)
      const problems = watchPage(page, host.origin)
      await page.goto(`${host.url}#/tinytorch/milestones`)
      const card = page.getByTestId(`milestone-${id}`)
      await card.getByLabel('Reference for modules not passed').check()
      await card.getByRole('button', { name: 'Run milestone' }).click()
      await expect(card.getByTestId('training-curve').locator('canvas')).toHaveCount(1, { timeout: 60_000 })
      await expect(card.getByTestId('milestone-outcome')).toContainText('Milestone reached', { timeout: 150_000 })
      await expect(card.getByTestId('milestone-wall-time')).toContainText(/wall time \d+\.\d s/)
      if (id === '06_char_gpt') await expect(card.getByTestId('milestone-sample')).toContainText('Q: What')
      if (onnx) {
        await card.getByRole('button', { name: 'Run in ONNX Runtime' }).click()
        await expect(card.getByTestId('onnx-result')).toContainText('Same prediction', { timeout: 60_000 })
        await expect(card.getByTestId('onnx-result')).toContainText(
          /your framework: [\d.]+ ms; ONNX Runtime \(1 thread\): [\d.]+ ms; [\d.]+×/
        )
        const download = page.waitForEvent('download')
        await card.getByRole('button', { name: 'Save .onnx' }).click()
        expect((await download).suggestedFilename()).toBe(`${id}.onnx`)
      }
      await card.scrollIntoViewIfNeeded()
      await card.screenshot({ path: `test-results/tinytorch-milestone-${id}.png` })
      await page.getByTestId('nav-progress').click()
      await expect(page.getByTestId('recent-activity')).toContainText(`Ran milestone ${id}: reached`)
      expect(problems).toEqual([])
    })
  }
})
