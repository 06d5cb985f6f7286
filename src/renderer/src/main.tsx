// First, before React and the panes are evaluated: see first-reads.ts.
import { firstReads } from './first-reads'
import { StrictMode } from 'react'
import { createRoot } from 'react-dom/client'
import { App } from './components/App'
import { useQueue } from './state/queue-store'
import './styles.css'

// The console is drawn once, with its first rows: drawing the shell alone first costs a render, a layout and a
// paint on the way to them. A desk slow to answer still gets its shell after a moment.
let stop = () => {}
void new Promise<void>((ready) => {
  stop = useQueue.subscribe(() => ready())
  setTimeout(ready, 250)
  firstReads.then(ready, ready)
}).then(() => {
  stop()
  createRoot(document.getElementById('root')!).render(
    <StrictMode>
      <App />
    </StrictMode>
  )
})
