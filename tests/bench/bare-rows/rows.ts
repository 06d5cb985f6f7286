/// <reference lib="dom" />
// The console benchmark's floor: a page that draws 50 queue-like rows with React and nothing else
// (no bridge, no desk, no store), built and served the way the console is.
import { createElement as h } from 'react'
import { createRoot } from 'react-dom/client'

const rows = Array.from({ length: 50 }, (_, i) =>
  h('div', { key: i, role: 'option', 'aria-selected': false, style: { height: 56, display: 'flex', gap: 12, alignItems: 'center', borderBottom: '1px solid #ddd' } }, h('b', null, `INC-${10_000 + i}`), h('span', null, 'Printer on floor 3 prints blank pages'), h('span', null, 'P3 · due in 2 h'))
)
createRoot(document.getElementById('root')!).render(h('div', { role: 'listbox', 'aria-label': 'Queue' }, rows))
