import { _electron as electron, expect, test } from '@playwright/test'
import { existsSync, readFileSync } from 'node:fs'
import { join, resolve } from 'node:path'
import { tempDataDir } from './host'

const root = resolve(__dirname, '..')

/** The Electron binary, without requiring 'electron' (which would try to download it). */
function electronBinary(): string | null {
  const pathFile = join(root, 'node_modules/electron/path.txt')
  if (!existsSync(pathFile)) return null
  const bin = join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim())
  return existsSync(bin) ? bin : null
}

const bin = electronBinary()
const canShowWindow = process.platform !== 'linux' || Boolean(process.env.DISPLAY || process.env.WAYLAND_DISPLAY)
if (!bin) console.log('Electron e2e skipped: the Electron binary is not installed and cannot be downloaded here.')
else if (!canShowWindow) console.log('Electron e2e skipped: no display.')

test.describe('the same shell inside Electron', () => {
  test.skip(
    !bin,
    'Electron binary not installed (it cannot be downloaded on this machine): desktop e2e skipped; the web-host suite covers the renderer'
  )
  test.skip(!canShowWindow, 'no display: desktop e2e skipped')

  test('opens the window over app:// with the preload API and every page', async () => {
    const app = await electron.launch({ executablePath: bin!, args: [root], env: { ...process.env, MLSYS_DATA_DIR: tempDataDir() } })
    const page = await app.firstWindow()
    await expect(page.getByTestId('status-transport')).toContainText('Desktop IPC')
    expect(page.url()).toMatch(/^app:\/\/renderer\//)
    for (const route of ['chapters', 'tinytorch', 'simulator', 'drills', 'devices', 'progress']) {
      await page.getByTestId(`nav-${route}`).click()
      await expect(page.getByTestId(`nav-${route}`)).toHaveAttribute('aria-current', 'page')
    }
    await expect(page.getByTestId('recent-activity')).toContainText('Opened Devices')
    // The renderer has no Node: the sandbox and context isolation hold.
    expect(await page.evaluate(() => typeof (globalThis as { require?: unknown }).require)).toBe('undefined')
    await page.screenshot({ path: 'test-results/electron-progress.png' })
    await app.close()
  })
})
