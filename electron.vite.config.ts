import { resolve } from 'node:path'
import { defineConfig } from 'electron-vite'
import react from '@vitejs/plugin-react'
import { buildSandboxFiles } from './src-main/grader'
import { buildWorkerScripts } from './src-main/shared/workerScripts'

/** The grading process script, the sandbox prelude and the worker threads ship prebuilt beside the main bundle. */
const sandboxFiles = {
  name: 'mlsys-main-side-scripts',
  closeBundle() {
    buildSandboxFiles(resolve(__dirname, 'out/main'), resolve(__dirname, 'src-main/grader/sandbox'))
    buildWorkerScripts(resolve(__dirname, 'out/main'), __dirname)
  }
}

export default defineConfig({
  main: {
    plugins: [sandboxFiles],
    build: {
      outDir: 'out/main',
      rollupOptions: { input: { index: resolve(__dirname, 'src-main/index.ts') } }
    }
  },
  preload: {
    // A sandboxed preload may only require('electron'): bundle everything it uses (zod included) into one file.
    build: {
      outDir: 'out/preload',
      externalizeDeps: false,
      isolatedEntries: true,
      rollupOptions: { input: { index: resolve(__dirname, 'src-preload/index.ts') }, output: { format: 'cjs' } }
    }
  },
  renderer: {
    root: resolve(__dirname, 'src-renderer'),
    base: './',
    plugins: [react()],
    worker: { format: 'es' },
    build: {
      outDir: resolve(__dirname, 'out/renderer'),
      minify: true,
      chunkSizeWarningLimit: 8000,
      rollupOptions: { input: { index: resolve(__dirname, 'src-renderer/index.html') } }
    }
  }
})
