import { app, Notification, Tray, type BrowserWindow, nativeImage } from 'electron'
import type { Attention } from '../shared/domain'
import { attentionNews } from './core/store/attention-reads'
import type { FrontlineCore } from './core/frontline-core'

/**
 * Keeps the dock or taskbar badge at the count of breached tickets (a tray icon with the count on
 * Windows and Linux), and raises a native notification for a new assignment or a new breach unless
 * the technician turned them off in Settings. Reads core after every change and once a minute.
 */
export function watchAttention(core: FrontlineCore, window: BrowserWindow, icon: string): () => void {
  let before: Attention | null = null
  const tray = process.platform === 'darwin' ? null : new Tray(nativeImage.createFromPath(icon))
  tray?.on('click', () => window.show())
  const look = async () => {
    const [attention, preferences] = await Promise.all([core.dispatch('desk.attention', {}), core.dispatch('app.preferences', {})])
    if (!attention.ok || !preferences.ok) return
    const now = attention.value as Attention
    const breached = now.breached.length
    app.setBadgeCount(breached)
    tray?.setToolTip(breached ? `Frontline: ${breached} ticket${breached === 1 ? '' : 's'} past their SLA` : 'Frontline: nothing past its SLA')
    if ((preferences.value as { notifications: boolean }).notifications && Notification.isSupported()) {
      for (const news of attentionNews(before, now)) {
        const note = new Notification({ title: news.title, body: news.body })
        note.on('click', () => {
          window.show()
          window.focus()
        })
        note.show()
      }
    }
    before = now
  }
  const off = core.events.on('tickets.changed', () => void look())
  const timer = setInterval(() => void look(), 60_000)
  timer.unref()
  void look()
  return () => {
    off()
    clearInterval(timer)
    tray?.destroy()
  }
}
