import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // Builds out/ when it is missing or older than src/: some tests run the built CLIs.
    globalSetup: ['tests/support/build-out.ts'],
    testTimeout: 20_000,
    hookTimeout: 60_000
  }
})
