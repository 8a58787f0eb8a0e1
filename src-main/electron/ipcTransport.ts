import { channels, type IpcResult } from '../../src-preload/contract'
import { dispatch, type HandlerContext, type Handlers } from '../ipc'

/** The part of Electron's ipcMain this transport uses; tests pass a stand-in with the same shape. */
export interface IpcMainLike {
  handle(channel: string, listener: (event: { senderFrame?: { url: string } | null }, ...args: unknown[]) => Promise<unknown>): void
  removeHandler(channel: string): void
}

/**
 * Transport A: one `ipcMain.handle` per contract channel. A request from any frame that is not our
 * own renderer (served from app://) is refused before validation.
 */
export function registerElectronIpc(
  ipcMain: IpcMainLike,
  handlers: Handlers,
  ctx: HandlerContext,
  isTrustedFrameUrl: (url: string) => boolean
): () => void {
  for (const { name } of channels) {
    ipcMain.handle(name, async (event, input): Promise<IpcResult<unknown>> => {
      const url = event.senderFrame?.url ?? ''
      if (!isTrustedFrameUrl(url)) {
        return { ok: false, error: { code: 'bad-request', message: `request from an untrusted frame (${url || 'unknown'}) refused` } }
      }
      return dispatch(handlers, name, input, ctx)
    })
  }
  return () => {
    for (const { name } of channels) ipcMain.removeHandler(name)
  }
}
