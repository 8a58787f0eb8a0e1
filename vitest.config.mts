import { defineConfig } from 'vitest/config'

export default defineConfig({
  test: {
    include: ['src-main/**/*.test.ts', 'src-preload/**/*.test.ts', 'src-renderer/src/**/*.test.ts', 'curriculum/**/*.test.ts'],
    environment: 'node',
    testTimeout: 20000,
    pool: 'forks'
  }
})
