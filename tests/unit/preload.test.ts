import { describe, expect, it, vi } from 'vitest'
import { ipcChannel } from '../../src/shared/contract'

const electron = vi.hoisted(() => ({
  exposed: new Map<string, unknown>(),
  invoke: vi.fn(async () => ({ ok: true, value: 'from main' })),
  on: vi.fn(),
  removeListener: vi.fn()
}))

vi.mock('electron', () => ({
  contextBridge: { exposeInMainWorld: (key: string, api: unknown) => electron.exposed.set(key, api) },
  ipcRenderer: { invoke: electron.invoke, on: electron.on, removeListener: electron.removeListener }
}))

await import('../../src/preload/index')
const api = electron.exposed.get('frontline') as {
  host: string
  invoke(method: string, input: unknown): Promise<unknown>
  on(event: string, listener: (payload: unknown) => void): () => void
}

describe('the preload bridge', () => {
  it('exposes exactly invoke, on and which host it is (a constant), under window.frontline only', () => {
    expect([...electron.exposed.keys()]).toEqual(['frontline'])
    expect(Object.keys(api).sort()).toEqual(['host', 'invoke', 'on'])
    expect(api.host).toBe('app')
  })

  it('sends a contract method on its own channel', async () => {
    expect(await api.invoke('tickets.list', { limit: 10 })).toEqual({ ok: true, value: 'from main' })
    expect(electron.invoke).toHaveBeenCalledWith(ipcChannel.method('tickets.list'), { limit: 10 })
  })

  it('never forwards a method outside the contract', async () => {
    electron.invoke.mockClear()
    expect(await api.invoke('shell.openExternal', {})).toMatchObject({ ok: false, error: { code: 'UNKNOWN_METHOD' } })
    expect(electron.invoke).not.toHaveBeenCalled()
  })

  it('subscribes to known events only, and hands back plain payloads', () => {
    const listener = vi.fn()
    const off = api.on('tickets.changed', listener)
    const [channel, handler] = electron.on.mock.calls[0] as unknown as [string, (e: unknown, p: unknown) => void]
    expect(channel).toBe(ipcChannel.event('tickets.changed'))
    handler({ sender: 'ipc internals' }, { ids: [] })
    expect(listener).toHaveBeenCalledWith({ ids: [] })
    off()
    expect(electron.removeListener).toHaveBeenCalledWith(channel, handler)

    api.on('app.quit', vi.fn())
    expect(electron.on).toHaveBeenCalledTimes(1)
  })
})
