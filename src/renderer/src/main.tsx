import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { installWebBridge } from './bridge/web-bridge'
import { App } from './components/App'
import './styles.css'

// In Electron the preload has already exposed window.frontline; in a browser the host's bridge provides it.
if (!('frontline' in window)) installWebBridge()

createRoot(document.getElementById('root')!).render(
  <StrictMode>
    <App />
  </StrictMode>
)
