import { contextBridge, ipcRenderer, type IpcRendererEvent } from 'electron'
import { ipcChannel, isEventName, isMethod, type FrontlineApi } from '../shared/contract'

// Exactly the contract: invoke a known method, listen to a known event. Nothing else reaches the page.
const api: FrontlineApi = {
  host: 'app',
  invoke: (method, input) => {
    if (!isMethod(method)) {
      return Promise.resolve({ ok: false, error: { code: 'UNKNOWN_METHOD', message: `Unknown method: ${String(method)}` } })
    }
    return ipcRenderer.invoke(ipcChannel.method(method), input)
  },
  on: (event, listener) => {
    if (!isEventName(event)) return () => undefined
    const channel = ipcChannel.event(event)
    const handler = (_event: IpcRendererEvent, payload: unknown) => listener(payload as never)
    ipcRenderer.on(channel, handler)
    return () => {
      ipcRenderer.removeListener(channel, handler)
    }
  }
}

contextBridge.exposeInMainWorld('frontline', api)
