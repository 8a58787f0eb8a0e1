export { utilityLauncher } from './grading'
export { registerElectronIpc } from './ipcTransport'
export { APP_ORIGIN, createMainWindow, hardenApp, isTrustedFrameUrl, registerAppScheme, rendererDirFrom, serveRenderer } from './window'
