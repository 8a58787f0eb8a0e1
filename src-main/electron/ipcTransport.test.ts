import { describe, expect, it } from 'vitest'
import { channelNames } from '../../src-preload/contract'
import { handlers } from '../ipc'
import { testContext } from '../testing/fixtures'
import { registerElectronIpc, type IpcMainLike } from './ipcTransport'

type Listener = Parameters<IpcMainLike['handle']>[1]

/** The thinnest stand-in for Electron's ipcMain: a map from channel to listener. */
class FakeIpcMain implements IpcMainLike {
  readonly listeners = new Map<string, Listener>()
  handle(channel: string, listener: Listener) {
    if (this.listeners.has(channel)) throw new Error(`second handler for ${channel}`)
    this.listeners.set(channel, listener)
  }
  removeHandler(channel: string) {
    this.listeners.delete(channel)
  }
  invoke(channel: string, frameUrl: string, input: unknown) {
    return this.listeners.get(channel)!({ senderFrame: { url: frameUrl } }, input)
  }
}

const trusted = (url: string) => url.startsWith('app://renderer/')

describe('Electron transport', () => {
  it('registers exactly the contract channels and serves them through the same handlers', async () => {
    const ipcMain = new FakeIpcMain()
    const { ctx, store } = testContext()
    const unregister = registerElectronIpc(ipcMain, handlers, ctx, trusted)
    expect([...ipcMain.listeners.keys()].sort()).toEqual([...channelNames].sort())

    expect(await ipcMain.invoke('progress.visit', 'app://renderer/index.html', { route: 'devices' })).toMatchObject({ ok: true })
    expect(store.tableCount('activity')).toBe(1)
    expect(await ipcMain.invoke('progress.visit', 'app://renderer/index.html', { route: 42 })).toMatchObject({
      ok: false,
      error: { code: 'bad-request' }
    })
    unregister()
    expect(ipcMain.listeners.size).toBe(0)
  })

  it('refuses requests from frames that are not the app renderer', async () => {
    const ipcMain = new FakeIpcMain()
    const { ctx, store } = testContext()
    registerElectronIpc(ipcMain, handlers, ctx, trusted)
    const result = await ipcMain.invoke('progress.visit', 'https://example.com/', { route: 'devices' })
    expect(result).toEqual({
      ok: false,
      error: { code: 'bad-request', message: 'request from an untrusted frame (https://example.com/) refused' }
    })
    expect(store.tableCount('activity')).toBe(0)
  })
})
