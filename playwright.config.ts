import { defineConfig } from '@playwright/test'

/**
 * e2e against the real renderer in Debian's Chromium, talking to the real local web host (each test
 * starts its own host on a temp data folder). Never `npx playwright install`: the browser comes from apt.
 */
export default defineConfig({
  testDir: 'e2e',
  outputDir: 'test-results/artifacts',
  timeout: 60_000,
  workers: 1,
  reporter: [['list']],
  use: {
    browserName: 'chromium',
    viewport: { width: 1280, height: 820 },
    launchOptions: {
      executablePath: process.env.MLSYS_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync'
      ]
    }
  }
})
