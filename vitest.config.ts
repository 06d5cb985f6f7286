import { availableParallelism } from 'node:os'
import { BaseSequencer, type TestSpecification } from 'vitest/node'
import { defineConfig } from 'vitest/config'

/** The kill test (200 real processes, minutes) starts first, so the other files share the second worker meanwhile. */
class KillTestFirst extends BaseSequencer {
  override async sort(files: TestSpecification[]): Promise<TestSpecification[]> {
    const kill = (file: TestSpecification) => file.moduleId.endsWith('kill-durability.test.ts')
    const sorted = await super.sort(files)
    return [...sorted.filter(kill), ...sorted.filter((file) => !kill(file))]
  }
}

export default defineConfig({
  test: {
    include: ['tests/unit/**/*.test.ts', 'tests/integration/**/*.test.ts'],
    // Builds out/ when it is missing or older than src/: some tests run the built CLIs.
    globalSetup: ['tests/support/build-out.ts'],
    // A worker per core, at least two, not vitest's default of one fewer than the cores: most files wait on
    // PostgreSQL, child processes and servers, and on 2 cores the suite took 10 minutes one file at a time.
    maxWorkers: Math.max(2, availableParallelism()),
    sequence: { sequencer: KillTestFirst },
    // Catches a hang, not a slow machine: with both workers beside two busy cores (loaded-test) the heaviest tests
    // (the signed-in desk recovery, every shell refused) took over 20 s.
    testTimeout: 60_000,
    hookTimeout: 60_000
  }
})
