/**
 * Electron main process entry. Owns the window, the app:// protocol and the IPC registration; all
 * behaviour lives in the services it wires (store, handlers), which never import electron.
 */
import { BrowserWindow, app, dialog, ipcMain } from 'electron'
import { join } from 'node:path'
import { eventChannel } from '../src-preload/contract'
import { createServices } from './app'
import {
  APP_ORIGIN,
  createMainWindow,
  hardenApp,
  isTrustedFrameUrl,
  registerAppScheme,
  registerElectronIpc,
  rendererDirFrom,
  serveRenderer,
  utilityLauncher
} from './electron'
import { setProcessLauncher } from './grader'
import { handlers } from './ipc'
import { APP_NAME, defaultDataDir } from './shared/paths'

app.setName(APP_NAME)
app.setPath('userData', defaultDataDir())
registerAppScheme()

if (!app.requestSingleInstanceLock()) app.quit()

app.whenReady().then(() => {
  hardenApp()
  setProcessLauncher(utilityLauncher)
  let services: ReturnType<typeof createServices>
  try {
    services = createServices(app.getPath('userData'), { prestartGrading: true })
  } catch (e) {
    dialog.showErrorBox(APP_NAME, `The progress store could not be opened: ${(e as Error).message}`)
    app.quit()
    return
  }
  serveRenderer(rendererDirFrom(__dirname))
  registerElectronIpc(ipcMain, handlers, services.ctx, isTrustedFrameUrl)
  services.hub.subscribe((event, payload) => {
    for (const win of BrowserWindow.getAllWindows()) {
      if (win.webContents.getURL().startsWith(APP_ORIGIN)) win.webContents.send(eventChannel(event), payload)
    }
  })
  const preload = join(__dirname, '../preload/index.js')
  createMainWindow(preload)
  app.on('activate', () => {
    if (BrowserWindow.getAllWindows().length === 0) createMainWindow(preload)
  })
  app.on('second-instance', () => BrowserWindow.getAllWindows()[0]?.focus())
  app.on('will-quit', () => services.close())
})

app.on('window-all-closed', () => {
  if (process.platform !== 'darwin') app.quit()
})
