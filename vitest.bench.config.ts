import { defineConfig } from 'vitest/config'

// Benchmarks print figures and ratios against a baseline measured in the same run; they assert no timings.
export default defineConfig({
  test: {
    include: ['tests/bench/**/*.bench.ts'],
    // One at a time: two benchmarks sharing two cores would measure each other.
    fileParallelism: false,
    testTimeout: 600_000,
    hookTimeout: 600_000,
    reporters: ['verbose'],
    silent: false
  }
})
