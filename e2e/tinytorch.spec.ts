import { expect, type Page, test } from '@playwright/test'
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
    await expect(page.getByTestId('grade-summary')).toContainText(/(?<!\d)0\/\d+ points/)
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
    await expect(page.getByTestId('recent-activity')).toContainText('Ran Tensor')
    await expect(page.getByTestId('events-tinytorch')).not.toHaveText('0')
    expect(errors).toEqual([])
  })

  test('milestones: a TODO names its module and offers the reference; every metric is drawn; runs reach Progress', async ({ page }) => {
    test.setTimeout(120_000)
    await page.goto(`${host.url}#/tinytorch/milestones`)
    const perceptron = page.getByTestId('milestone-01_perceptron')
    await expect(perceptron).toBeVisible()
    // Without the reference, the learner's unfinished modules stop the run: it says which, and offers a way on.
    await perceptron.getByRole('button', { name: 'Run milestone' }).click()
    const outcome = perceptron.getByTestId('milestone-outcome')
    await expect(outcome).toHaveAttribute('data-tone', 'error', { timeout: 60_000 })
    await expect(perceptron.getByTestId('milestone-blocked')).toContainText(
      /unfinished TODO in Autograd \(autograd\.ts, line \d+\), a module you have not passed yet/
    )
    await page.screenshot({ path: 'test-results/tinytorch-milestone-todo.png' })
    await perceptron.getByTestId('milestone-use-reference').click()
    await expect(outcome).toHaveAttribute('data-tone', 'pass', { timeout: 60_000 })
    await expect(outcome).toContainText('Milestone reached')
    // The boundary reads as a person writes it.
    await expect(outcome).not.toContainText('+ -')
    await expect(perceptron.getByLabel('Reference for modules not passed')).toBeChecked()
    await expect(perceptron.getByTestId('training-curve').locator('canvas')).toHaveCount(1)
    // The final test accuracy, reported once, has its value in the legend (and a point on the chart).
    await expect(perceptron.getByTestId('curve-legend')).toContainText(/test accuracy: \d+\.\d %/)
    await expect(perceptron.getByTestId('curve-legend')).not.toContainText('--')

    // XOR reports a single-layer phase, then an MLP phase: both are drawn and named.
    const xor = page.getByTestId('milestone-02_xor')
    await xor.getByLabel('Reference for modules not passed').check()
    await xor.getByRole('button', { name: 'Run milestone' }).click()
    await expect(xor.getByTestId('milestone-outcome')).toHaveAttribute('data-tone', 'pass', { timeout: 60_000 })
    const legend = xor.getByTestId('curve-legend')
    for (const name of ['single layer loss', 'single layer accuracy', 'single layer test accuracy', 'loss', 'accuracy', 'MLP accuracy']) {
      await expect(legend).toContainText(`${name}:`)
    }
    await page.screenshot({ path: 'test-results/tinytorch-milestones.png' })
    await xor.scrollIntoViewIfNeeded()
    await xor.screenshot({ path: 'test-results/tinytorch-milestone-xor.png' })
    await page.emulateMedia({ colorScheme: 'dark' })
    await xor.screenshot({ path: 'test-results/tinytorch-milestone-xor-dark.png' })
    await page.emulateMedia({ colorScheme: 'light' })

    // Every run reached the log, by title, and so the export; reached with reference modules is not yet the learner's own.
    await page.getByTestId('nav-progress').click()
    const recent = page.getByTestId('recent-activity')
    await expect(recent).toContainText('Reached milestone The XOR Problem with the reference for')
    await expect(recent).toContainText('Milestone The Perceptron did not run to the end')
    await expect(page.getByTestId('completion-milestones')).toHaveText('0 of 6')
    await expect(page.getByTestId('progress-completion')).toContainText('reached only with reference modules so far')
    await page.screenshot({ path: 'test-results/progress-completion.png' })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: 'test-results/progress-completion-dark.png' })
  })
})

test.describe('TinyTorch: what a new learner trips over', () => {
  let host: RunningHost
  test.beforeAll(async () => {
    host = await startHost(tempDataDir())
  })
  test.afterAll(async () => host?.stop())

  const starter = readFileSync(join(root, 'curriculum/tinytorch/01_tensor/tensor.ts'), 'utf8')
  const reference = readFileSync(join(root, 'curriculum/tinytorch/reference/01_tensor/index.ts'), 'utf8')

  /** Replaces the editor's text as a learner would (select all, paste). */
  async function paste(page: Page, text: string) {
    await page.evaluate((t) => navigator.clipboard.writeText(t), text)
    await page.locator('.monaco-editor').first().click()
    await page.keyboard.press('Control+A')
    await page.keyboard.press('Control+V')
    await expect(page.getByTestId('save-state')).toHaveText('Saved', { timeout: 10_000 })
  }

  test('an unknown module address gets a page with a way back, not an error strip', async ({ page }) => {
    for (const scheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme: scheme })
      await page.goto(`${host.url}#/tinytorch/99_nothing`)
      await expect(page.getByTestId('not-found')).toContainText('There is no TinyTorch module “99_nothing”.')
      await page.screenshot({ path: `test-results/tinytorch-not-found-${scheme}.png` })
    }
    await page.goto(`${host.url}#/tinytorch/not-a-module`)
    await expect(page.getByTestId('not-found')).toBeVisible()
    await page.getByRole('button', { name: '← All modules' }).click()
    await expect(page.getByTestId('module-list')).toBeVisible()
  })

  test('a compile error is shown once and Go to line moves the cursor; pass, fail and error look different', async ({ page, context }) => {
    test.setTimeout(120_000)
    await context.grantPermissions(['clipboard-read', 'clipboard-write'], { origin: host.origin })
    await page.goto(`${host.url}#/tinytorch/01_tensor`)
    await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 })
    const broken = `${starter.trimEnd()}\n\nconst oops = = 1\n`
    const errorLine = broken.split('\n').findIndex((l) => l.startsWith('const oops')) + 1
    await paste(page, broken)
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const banner = page.getByTestId('grade-summary')
    await expect(banner).toHaveAttribute('data-tone', 'error', { timeout: 30_000 })
    await expect(banner).toContainText('The code did not compile')
    const errors = page.getByTestId('compile-errors').locator('li')
    await expect(errors).toHaveCount(1)
    await expect(errors.first()).toContainText(`tensor.ts:${errorLine}:`)
    // The compiler's words appear once in the whole results panel, not in the banner and the list both.
    const words = (await errors.first().locator('.compile-message').textContent())!
    const panel = (await page.getByTestId('grade-results').textContent())!
    expect(panel.split(words).length - 1).toBe(1)
    await expect(page.getByTestId('tests-not-run')).toContainText('tests not run: the code did not compile')
    await expect(banner).not.toContainText('0/0')
    await page.locator('.monaco-editor').first().click()
    await page.keyboard.press('Control+Home')
    await page.getByTestId('go-to-line').click()
    await expect(page.locator('.monaco-editor .line-numbers.active-line-number')).toHaveText(String(errorLine))
    await page.screenshot({ path: 'test-results/tinytorch-compile-error.png' })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: 'test-results/tinytorch-compile-error-dark.png' })
    await page.emulateMedia({ colorScheme: 'light' })
    const look = async () =>
      banner.evaluate((el) => {
        const css = getComputedStyle(el)
        return { background: css.backgroundColor, border: css.borderLeftColor, icon: el.querySelector('.result-icon')!.textContent }
      })
    const error = await look()

    await paste(page, starter)
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect(banner).toHaveAttribute('data-tone', 'fail', { timeout: 30_000 })
    const fail = await look()
    await page.screenshot({ path: 'test-results/tinytorch-fail.png' })

    await paste(page, reference)
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    await expect(banner).toHaveAttribute('data-tone', 'pass', { timeout: 30_000 })
    const pass = await look()
    await page.screenshot({ path: 'test-results/tinytorch-pass.png' })
    await page.emulateMedia({ colorScheme: 'dark' })
    await page.screenshot({ path: 'test-results/tinytorch-pass-dark.png' })
    for (const [a, b] of [
      [pass, fail],
      [fail, error],
      [pass, error]
    ] as const) {
      expect(a.background).not.toBe(b.background)
      expect(a.border).not.toBe(b.border)
      expect(a.icon).not.toBe(b.icon)
    }
  })

  test('an edit made in another editor while one is pending here is not overwritten: the learner chooses', async ({ page }) => {
    test.setTimeout(120_000)
    const file = join(host.dataDir, 'workspace/tinytorch/01_tensor/tensor.ts')
    await page.goto(`${host.url}#/tinytorch/01_tensor`)
    const editor = page.locator('.monaco-editor').first()
    await expect(editor).toBeVisible({ timeout: 30_000 })
    await expect(page.getByTestId('save-state')).toHaveText('Saved')

    for (const choice of ['mine', 'theirs'] as const) {
      await editor.click()
      await page.keyboard.press('Control+End')
      const mine = `// mine ${choice}`
      await page.keyboard.type(`\n${mine}`)
      // Within the autosave delay, another editor writes the file.
      const theirs = `// theirs ${choice}\n${reference}`
      writeFileSync(file, theirs)
      const note = page.getByTestId('conflict-tensor.ts')
      await expect(note).toBeVisible({ timeout: 15_000 })
      await expect(page.getByTestId('save-state')).toHaveText('Changed elsewhere: not saved')
      // Nothing was overwritten while the learner decides, and Run will not grade a file the editor does not show.
      await page.waitForTimeout(1000)
      expect(readFileSync(file, 'utf8')).toBe(theirs)
      await page.getByRole('button', { name: 'Run', exact: true }).click()
      await expect(page.getByRole('alert').filter({ hasText: 'choose which version to keep first' })).toBeVisible()
      if (choice === 'mine') {
        await page.screenshot({ path: 'test-results/tinytorch-conflict.png' })
        await page.emulateMedia({ colorScheme: 'dark' })
        await page.screenshot({ path: 'test-results/tinytorch-conflict-dark.png' })
        await page.emulateMedia({ colorScheme: 'light' })
        await note.getByRole('button', { name: 'Keep mine (overwrite the file)' }).click()
        await expect(note).toHaveCount(0)
        await expect.poll(() => readFileSync(file, 'utf8')).toContain(mine)
        expect(readFileSync(file, 'utf8')).not.toContain('// theirs')
      } else {
        await note.getByRole('button', { name: 'Use the version on disk' }).click()
        await expect(note).toHaveCount(0)
        await editor.click()
        await page.keyboard.press('Control+Home')
        await expect(page.locator('.monaco-editor .view-lines')).toContainText('// theirs theirs')
        expect(readFileSync(file, 'utf8')).toBe(theirs)
      }
      await expect(page.getByTestId('save-state')).toHaveText('Saved')
    }
  })

  test('hints open one rung at a time, in order, however fast the button is pressed', async ({ page }) => {
    await page.goto(`${host.url}#/tinytorch/01_tensor`)
    await page.getByRole('tab', { name: 'Hints' }).click()
    const task = page.getByTestId('hints-create')
    await task.getByRole('button', { name: 'Show a hint' }).dblclick()
    await expect(task.locator('.hint-text')).toHaveCount(1)
    await expect(task.locator('.hint-text').first()).toContainText('Nudge:')
    await expect(task).toContainText('1 of 3 shown')
    await task.getByRole('button', { name: 'Next hint' }).click()
    await expect(task.locator('.hint-text')).toHaveCount(2)
    await expect(task.locator('.hint-text').nth(1)).toContainText('API:')
  })

  test('Try again repeats the call that failed', async ({ page }) => {
    test.setTimeout(90_000)
    let grades = 0
    await page.routeWebSocket(/\/ws/, (ws) => {
      const server = ws.connectToServer()
      ws.onMessage((message) => {
        const m = JSON.parse(String(message)) as { id: number; channel: string }
        if (m.channel === 'tinytorch.grade' && ++grades === 1) {
          ws.send(
            JSON.stringify({ id: m.id, result: { ok: false, error: { code: 'internal', message: 'tinytorch.grade failed: simulated' } } })
          )
          return
        }
        server.send(message)
      })
    })
    await page.goto(`${host.url}#/tinytorch/01_tensor`)
    await expect(page.locator('.monaco-editor').first()).toBeVisible({ timeout: 30_000 })
    await page.getByRole('button', { name: 'Run', exact: true }).click()
    const failure = page.getByRole('alert').filter({ hasText: 'simulated' })
    await expect(failure).toBeVisible()
    await failure.getByRole('button', { name: 'Run again' }).click()
    await expect(page.getByTestId('grade-summary')).toBeVisible({ timeout: 30_000 })
    expect(grades).toBe(2)
  })

  // Milestones 3–5 on real data, through the sandbox (JavaScript matmul kernel), each within the grader's
  // two-minute limit. The reference stands in for modules this fresh profile has not passed.
  for (const [id, onnx, title] of [
    ['03_mlp', true, 'Backpropagation on Handwritten Digits'],
    ['04_cnn', true, 'A Convolutional Network Reads Digits'],
    ['05_reversal', false, 'Attention Reverses a Sequence'],
    ['06_char_gpt', false, 'A Character-Level GPT']
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
      await expect(card.getByTestId('milestone-wall-time')).toContainText(/wall time \d+\.\d s/i)
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
      await expect(page.getByTestId('recent-activity')).toContainText(`Reached milestone ${title} with the reference for`)
      expect(problems).toEqual([])
    })
  }
})
