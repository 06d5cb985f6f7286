import { hostname } from 'node:os'
import { DeskError } from '../../../shared/errors'
import type { SyncNotices } from '../store/sync-notices'
import type { DeskSync } from '../sync/desk-sync'
import type { AreaHandlers } from './handler-types'

export interface SyncHandlerDeps {
  sync: DeskSync
  notices: SyncNotices
  /** Starts the background loop after a sign-in (a no-op where the host drives sync itself). */
  startSync(): void
  /** Tells every open console to show these tickets again. */
  refresh(ids: string[]): void
}

export function syncHandlers({ sync, notices, startSync, refresh }: SyncHandlerDeps): AreaHandlers<'sync'> {
  return {
    'sync.status': () => sync.status(),
    'sync.signIn': async ({ serverUrl, email, password, newPassword }) => {
      const status = await sync.signIn(serverUrl, email, password, `Frontline on ${hostname()}`, newPassword)
      startSync()
      return status
    },
    'sync.signOut': () => sync.signOut(),
    'sync.window': () => ({ days: sync.window() }),
    'sync.setWindow': ({ days }) => ({ days: sync.setWindow(days) }),
    'sync.exportPending': () => sync.unsent.export(),
    'sync.now': () => sync.syncNow(),
    'sync.retry': ({ mutationId }) => sync.retry(mutationId),
    'sync.discard': ({ mutationId }) => sync.discard(mutationId),
    'sync.createEnrollment': ({ label }) => sync.enrollments.create(label),
    'sync.enrollments': () => sync.enrollments.list(),
    'sync.revokeEnrollment': ({ id }) => sync.enrollments.revoke(id),
    'sync.decideReview': ({ id, accept }) => sync.enrollments.decide(id, accept),
    'sync.dismissNotice': ({ id }) => {
      const ticketId = notices.dismiss(id)
      if (!ticketId) throw new DeskError('NOT_FOUND', 'That notice is already gone.')
      refresh([ticketId])
      return { dismissed: true }
    }
  }
}
