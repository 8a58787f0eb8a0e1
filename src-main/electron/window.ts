import { BrowserWindow, app, net, protocol, session, type WebContents } from 'electron'
import { join } from 'node:path'
import { pathToFileURL } from 'node:url'
import { rendererCsp } from '../shared/csp'
import { resolveStaticFile } from '../shared/staticFiles'

export const APP_SCHEME = 'app'
export const APP_ORIGIN = `${APP_SCHEME}://renderer`

/** Must run before `app` is ready: app:// behaves like https (secure, standard, fetch and module workers). */
export function registerAppScheme(): void {
  protocol.registerSchemesAsPrivileged([
    { scheme: APP_SCHEME, privileges: { standard: true, secure: true, supportFetchAPI: true, corsEnabled: true, stream: true } }
  ])
}

/** Serves the built renderer from out/renderer over app://renderer/, with the CSP header. */
export function serveRenderer(rendererDir: string): void {
  protocol.handle(APP_SCHEME, async (request) => {
    const url = new URL(request.url)
    const file = url.host === 'renderer' ? resolveStaticFile(rendererDir, url.pathname) : null
    if (!file) return new Response('not found', { status: 404 })
    const upstream = await net.fetch(pathToFileURL(file).toString())
    const headers = new Headers(upstream.headers)
    headers.set('Content-Security-Policy', rendererCsp('electron'))
    return new Response(upstream.body, { status: upstream.status, headers })
  })
}

export function isTrustedFrameUrl(url: string): boolean {
  return url === APP_ORIGIN || url.startsWith(`${APP_ORIGIN}/`)
}

/** Every web contents the app ever creates stays on app://renderer: no navigation, redirect, pop-up or webview. */
function lockDown(contents: WebContents): void {
  const stayHome = (event: { preventDefault(): void }, url: string) => {
    if (!isTrustedFrameUrl(url)) event.preventDefault()
  }
  contents.on('will-navigate', stayHome)
  contents.on('will-redirect', stayHome)
  contents.on('will-frame-navigate', (event) => stayHome(event, event.url))
  contents.on('will-attach-webview', (event) => event.preventDefault())
  contents.setWindowOpenHandler(() => ({ action: 'deny' }))
}

/** Called once before any window: guards every web contents and refuses every permission. */
export function hardenApp(): void {
  app.on('web-contents-created', (_event, contents) => lockDown(contents))
  session.defaultSession.setPermissionRequestHandler((_wc, _permission, callback) => callback(false))
  session.defaultSession.setPermissionCheckHandler(() => false)
}

export function createMainWindow(preloadPath: string): BrowserWindow {
  const win = new BrowserWindow({
    width: 1280,
    height: 820,
    minWidth: 900,
    minHeight: 600,
    title: app.getName(),
    show: false,
    webPreferences: {
      preload: preloadPath,
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      webSecurity: true,
      spellcheck: false,
      // DevTools only when running from source (npm start), never in a packaged build.
      devTools: !app.isPackaged
    }
  })
  win.once('ready-to-show', () => win.show())
  void win.loadURL(`${APP_ORIGIN}/index.html`)
  return win
}

export function rendererDirFrom(mainDir: string): string {
  return join(mainDir, '../renderer')
}
