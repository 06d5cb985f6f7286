import type { IpcMain, IpcMainInvokeEvent, WebContents } from 'electron'
import { eventNames, ipcChannel, methodNames } from '../shared/contract'
import type { FrontlineCore } from './core/frontline-core'
import type { Dispose } from './core/platform/events'

/**
 * One handler per contract method and no other; only our own page may call them. Registered while core
 * is still opening (the page loads meanwhile): a call waits for it, and is refused with core's reason
 * if the desk cannot open.
 */
export function registerIpc(ipcMain: IpcMain, core: Promise<FrontlineCore>, isTrustedSender: (url: string) => boolean): Dispose {
  for (const method of methodNames) {
    ipcMain.handle(ipcChannel.method(method), async (event: IpcMainInvokeEvent, input: unknown) => {
      // Our page's own main frame only: never a subframe, whatever its URL.
      const frame = event.senderFrame
      if (!frame || frame.parent !== null || !isTrustedSender(frame.url)) {
        return { ok: false, error: { code: 'FORBIDDEN', message: 'Calls are accepted from the Frontline console only.' } }
      }
      let opened: FrontlineCore
      try {
        opened = await core
      } catch (error) {
        return { ok: false, error: { code: 'UNAVAILABLE', message: (error as Error).message } }
      }
      return opened.dispatch(method, input)
    })
  }
  return () => methodNames.forEach((method) => ipcMain.removeHandler(ipcChannel.method(method)))
}

/** Pushes core events to one window until it goes away. */
export function forwardEvents(core: FrontlineCore, contents: WebContents): Dispose {
  const disposers = eventNames.map((name) =>
    core.events.on(name, (payload) => {
      if (!contents.isDestroyed()) contents.send(ipcChannel.event(name), payload)
    })
  )
  const dispose = () => disposers.forEach((d) => d())
  contents.once('destroyed', dispose)
  return dispose
}

/** The page we loaded, and nothing else, is trusted: the dev server's origin or our built index.html. */
export function trustedSender(rendererUrl: string | undefined, rendererFileUrl: string): (url: string) => boolean {
  if (rendererUrl) {
    const origin = new URL(rendererUrl).origin
    return (url) => {
      try {
        return new URL(url).origin === origin
      } catch {
        return false
      }
    }
  }
  return (url) => url.split('#')[0]!.split('?')[0] === rendererFileUrl
}
