import { defineConfig } from '@playwright/test'
import { existsSync } from 'node:fs'
import { chromium } from '@playwright/test'

// Playwright's own browser cannot be downloaded on the build machines; Debian's Chromium stands in.
const ownBrowser = (() => {
  try {
    return existsSync(chromium.executablePath())
  } catch {
    return false
  }
})()

export default defineConfig({
  testDir: 'tests/e2e',
  outputDir: 'test-results/e2e',
  timeout: 60_000,
  // Two at a time (each test has its own desk host): 4.6 minutes rather than 7.3 on 2 cores, and 7.0 with both
  // cores kept busy by two spinning processes, every test passing.
  workers: 2,
  // No retry: a test that passes only on its second run is a defect to fix, not to hide.
  retries: 0,
  reporter: [['list']],
  use: {
    viewport: { width: 1440, height: 900 },
    launchOptions: {
      ...(ownBrowser ? {} : { executablePath: '/usr/bin/chromium' }),
      args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--disable-sync']
    }
  }
})
