import { DeskError } from '../../../shared/errors'
import type { UpdateStatus } from '../../../shared/updates'
import type { UpdateService } from '../platform/updates'
import type { Directory } from '../store/directory'
import type { AreaHandlers } from './handler-types'

const noUpdater: Omit<UpdateStatus, 'feedUrl'> = {
  state: 'disabled',
  version: null,
  percent: null,
  message: 'This is the browser host: it is updated with its source (git pull, npm install). The installed app updates itself.',
  checkedAt: null
}

/** `updates` is null in the browser host: it is updated with its source, not by itself. */
export function appHandlers({ directory, updates }: { directory: Directory; updates: UpdateService | null }): AreaHandlers<'app'> {
  const preferences = () => ({ notifications: directory.getMeta('notifications') !== 'off' })
  return {
    'app.preferences': () => preferences(),
    'app.setPreferences': ({ notifications }) => {
      if (notifications !== undefined) directory.setMeta('notifications', notifications ? 'on' : 'off')
      return preferences()
    },
    'app.updates': () => updates?.current() ?? { ...noUpdater, feedUrl: directory.getMeta('update_feed_url') || null },
    'app.setUpdateFeed': ({ url }) => {
      directory.setMeta('update_feed_url', url ?? '')
      updates?.start()
      return updates?.current() ?? { ...noUpdater, feedUrl: url }
    },
    'app.restartToUpdate': () => {
      if (!updates) throw new DeskError('UNAVAILABLE', noUpdater.message)
      return updates.restart()
    }
  }
}
