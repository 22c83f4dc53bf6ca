import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    projects: [
      {
        test: {
          name: 'unit',
          include: ['src/**/*.test.ts', 'cli/**/*.test.ts', 'scripts/**/*.test.ts', 'bench/**/*.test.ts', 'test/unit/**/*.test.ts', 'test/oracle/**/*.test.ts', 'test/fuzz/**/*.test.ts'],
          environment: 'node',
          testTimeout: 60_000,
          setupFiles: ['test/setup/quiet.ts'],
        },
      },
      {
        // The officer's install: npm pack (compiles the CLI, builds the app) and npm install --omit=dev.
        test: {
          name: 'install',
          include: ['test/install/**/*.test.ts'],
          environment: 'node',
          testTimeout: 120_000,
          hookTimeout: 600_000,
        },
      },
      {
        test: {
          name: 'browser',
          include: ['test/browser/**/*.test.ts', 'test/realdata/**/*.test.ts'],
          environment: 'node',
          globalSetup: ['test/setup/buildApp.ts'],
          setupFiles: ['test/setup/quiet.ts'],
          fileParallelism: false,
          testTimeout: 120_000,
          hookTimeout: 300_000,
        },
      },
    ],
  },
})
