import type { AccountCalls } from '../sync/account-calls'
import type { AreaHandlers } from './handler-types'

export function accountHandlers({ accounts }: { accounts: AccountCalls }): AreaHandlers<'account'> {
  return {
    'account.lookup': ({ personId }) => accounts.lookup(personId),
    'account.act': ({ personId, ...action }) => accounts.act(personId, action)
  }
}
