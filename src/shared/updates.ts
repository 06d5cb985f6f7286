import { z } from 'zod'

/** The app's own updates, as the status bar shows them. */
export const UpdateStatus = z.object({
  state: z.enum(['disabled', 'idle', 'checking', 'downloading', 'ready', 'error', 'refused']),
  /** The version on offer (or installed, when idle). */
  version: z.string().nullable(),
  percent: z.number().nullable(),
  message: z.string(),
  checkedAt: z.string().nullable(),
  /** The update server saved in settings (null: the packaged feed, or none). */
  feedUrl: z.string().nullable()
})
export type UpdateStatus = z.infer<typeof UpdateStatus>

export const UpdateFeed = z
  // https only: on Linux an update is checked against the feed's own hashes, so the feed itself must be authentic.
  .object({ url: z.url({ protocol: /^https$/, error: 'The update server must be an https address.' }).max(500).nullable() })
  .strict()

/** The workstation's own settings, kept in the desk file. */
export const Preferences = z.object({
  /** Native notifications for new assignments and SLA breaches. */
  notifications: z.boolean()
})
export type Preferences = z.infer<typeof Preferences>

/** What the app menu can ask the console to do. */
export const MenuAction = z.enum(['newTicket', 'palette', 'shortcuts', 'knowledge', 'fleet', 'settings'])
export type MenuAction = z.infer<typeof MenuAction>
