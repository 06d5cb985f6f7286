import { installWebBridge } from './bridge/web-bridge'
import { refreshAll } from './state/ticket-store'

// main.tsx imports this module first, so it is evaluated before React and the panes: the desk's first reads (the
// queue's first page, the directory, the status) leave at once, and their answers arrive while the rest of the bundle
// is still being evaluated.

// In Electron the preload has already exposed window.frontline; in a browser the host's bridge provides it.
if (!('frontline' in window)) installWebBridge()

export const firstReads = refreshAll()
