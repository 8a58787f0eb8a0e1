#!/usr/bin/env node
/**
 * `npm start`: build, then open the Electron window. Where Electron cannot run (no display, or its
 * binary is missing and cannot be downloaded) say why and serve the same app through the local web
 * host instead. `npm start -- --browser [--port <n>]` goes straight to browser mode.
 */
import { spawn, spawnSync } from 'node:child_process'
import { existsSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'
import { ensureCliBundle, newestMtime, root } from './bundle.mjs'

const args = process.argv.slice(2)
const forceBrowser = args.includes('--browser')
const portIndex = args.indexOf('--port')
const port = portIndex >= 0 ? args[portIndex + 1] : undefined
if (portIndex >= 0 && (port === undefined || !/^\d+$/.test(port))) {
  console.error('--port needs a number, e.g. npm start -- --browser --port 8787')
  process.exit(2)
}

function run(command, commandArgs, options = {}) {
  return spawnSync(command, commandArgs, { cwd: root, stdio: 'inherit', ...options })
}

// Rebuild only when something the build reads changed since the last successful build.
const BUILD_INPUTS = ['src-main', 'src-preload', 'src-renderer', 'electron.vite.config.ts', 'package.json']
const stampFile = join(root, 'out', '.build-stamp')
const newest = String(newestMtime(BUILD_INPUTS))
const built = existsSync(stampFile) && readFileSync(stampFile, 'utf8') === newest && existsSync(join(root, 'out/renderer/index.html'))
if (built) console.log('The app is built and up to date.')
else {
  console.log('Building the app…')
  const build = run(process.execPath, [join(root, 'node_modules/electron-vite/bin/electron-vite.js'), 'build'])
  if (build.status !== 0) {
    console.error('The build failed; see the messages above.')
    process.exit(build.status ?? 1)
  }
  writeFileSync(stampFile, newest)
}

/** Why Electron cannot open a window here, or null if it should be able to. */
function electronBlocker() {
  if (process.platform === 'linux' && !process.env.DISPLAY && !process.env.WAYLAND_DISPLAY) {
    return 'there is no display (neither DISPLAY nor WAYLAND_DISPLAY is set)'
  }
  const pathFile = join(root, 'node_modules/electron/path.txt')
  const hasBinary = () =>
    existsSync(pathFile) && existsSync(join(root, 'node_modules/electron/dist', readFileSync(pathFile, 'utf8').trim()))
  if (hasBinary()) return null
  console.log('The Electron binary is not installed yet; trying to download it…')
  // electron >= 45 downloads its binary on first require.
  const fetch = spawnSync(process.execPath, ['-e', "require('electron')"], { cwd: root, stdio: 'inherit', timeout: 180_000 })
  if (fetch.status === 0 && hasBinary()) return null
  return 'the Electron binary is missing and could not be downloaded'
}

async function serveInBrowser(reason) {
  if (reason) console.log(`Electron cannot run here: ${reason}. Serving the same app in your browser instead.`)
  const serveArgs = [await ensureCliBundle(), 'serve', ...(port ? ['--port', port] : [])]
  const child = spawn(process.execPath, serveArgs, { cwd: root, stdio: 'inherit' })
  const forward = (signal) => child.kill(signal)
  process.on('SIGINT', forward)
  process.on('SIGTERM', forward)
  child.on('exit', (code) => process.exit(code ?? 0))
}

if (forceBrowser) {
  await serveInBrowser(null)
} else {
  const blocker = electronBlocker()
  if (blocker) {
    await serveInBrowser(blocker)
  } else {
    const electronBin = join(root, 'node_modules/electron/dist', readFileSync(join(root, 'node_modules/electron/path.txt'), 'utf8').trim())
    const child = spawn(electronBin, [root], { cwd: root, stdio: 'inherit' })
    child.on('exit', (code) => process.exit(code ?? 0))
  }
}
