import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { installWebBridge } from './bridge/web-bridge'
import { App } from './components/App'
import { refreshAll } from './state/ticket-store'
import './styles.css'

// In Electron the preload has already exposed window.frontline; in a browser the host's bridge provides it.
if (!('frontline' in window)) installWebBridge()

// The first queue page and the desk's status are asked before React's first render, not after it: they
// arrive while the tree is being built.
void refreshAll()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
