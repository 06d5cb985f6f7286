import { app, Menu, type MenuItemConstructorOptions } from 'electron'
import type { MenuAction } from '../shared/updates'

/**
 * The application menu in each platform's conventions: on macOS the app menu (About, Settings,
 * Services, Hide, Quit) first; on Windows and Linux File, Edit, View, Help with Exit under File.
 * Items the console handles (New ticket, Knowledge…) are sent to it as `app.menu` events; the
 * accelerators match the console's own shortcuts.
 */
export function menuTemplate(platform: NodeJS.Platform, send: (action: MenuAction) => void, devTools: boolean): MenuItemConstructorOptions[] {
  const mac = platform === 'darwin'
  const item = (label: string, action: MenuAction, accelerator?: string): MenuItemConstructorOptions => ({ label, click: () => send(action), ...(accelerator ? { accelerator } : {}) })
  const settings = item(mac ? 'Settings…' : 'Settings', 'settings', 'CmdOrCtrl+,')
  return [
    ...(mac
      ? [
          {
            label: app.name,
            submenu: [{ role: 'about' }, { type: 'separator' }, settings, { type: 'separator' }, { role: 'services' }, { type: 'separator' }, { role: 'hide' }, { role: 'hideOthers' }, { role: 'unhide' }, { type: 'separator' }, { role: 'quit' }]
          } satisfies MenuItemConstructorOptions
        ]
      : []),
    {
      label: mac ? 'File' : '&File',
      submenu: [item('New ticket', 'newTicket', 'CmdOrCtrl+N'), item('Search tickets and actions', 'palette', 'CmdOrCtrl+K'), ...(mac ? [] : [{ type: 'separator' } as const, settings, { type: 'separator' } as const, { role: 'quit' as const, label: 'Exit' }])]
    },
    { label: mac ? 'Edit' : '&Edit', submenu: [{ role: 'undo' }, { role: 'redo' }, { type: 'separator' }, { role: 'cut' }, { role: 'copy' }, { role: 'paste' }, { role: 'selectAll' }] },
    {
      label: mac ? 'View' : '&View',
      submenu: [
        item('Knowledge', 'knowledge'),
        item('Fleet', 'fleet'),
        { type: 'separator' },
        { role: 'resetZoom' },
        { role: 'zoomIn' },
        { role: 'zoomOut' },
        { type: 'separator' },
        { role: 'togglefullscreen' },
        // Developer tools only in a development build: a packaged app has no door into the page.
        ...(devTools ? [{ type: 'separator' } as const, { role: 'toggleDevTools' as const }] : [])
      ]
    },
    ...(mac ? [{ role: 'windowMenu' } satisfies MenuItemConstructorOptions] : []),
    { label: mac ? 'Help' : '&Help', role: 'help', submenu: [item('Keyboard shortcuts', 'shortcuts', mac ? undefined : 'F1')] }
  ]
}

export function installMenu(send: (action: MenuAction) => void): void {
  Menu.setApplicationMenu(Menu.buildFromTemplate(menuTemplate(process.platform, send, !app.isPackaged)))
}
