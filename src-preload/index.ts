/**
 * The narrow bridge: exposes `window.mlsys` with invoke/on for the channels and events the contract
 * declares, and nothing else. Runs sandboxed, so everything it uses is bundled into one file.
 */
import { contextBridge, ipcRenderer } from 'electron'
import { channelNames, eventChannel, eventNames, type IpcResult, type PreloadApi } from './contract'

const knownEvents = new Set<string>(eventNames)

const api: PreloadApi = {
  invoke: (channel, input) => {
    if (!channelNames.has(channel)) {
      return Promise.resolve<IpcResult<unknown>>({
        ok: false,
        error: { code: 'unknown-channel', message: `unknown channel ${JSON.stringify(channel)}` }
      })
    }
    return ipcRenderer.invoke(channel, input) as Promise<IpcResult<unknown>>
  },
  on: (event, listener) => {
    if (!knownEvents.has(event)) throw new Error(`unknown event ${JSON.stringify(event)}`)
    const wrapped = (_e: unknown, payload: unknown) => listener(payload)
    ipcRenderer.on(eventChannel(event), wrapped)
    return () => ipcRenderer.removeListener(eventChannel(event), wrapped)
  }
}

contextBridge.exposeInMainWorld('mlsys', api)
