import type { AccountCalls } from '../sync/account-calls'
import type { AreaHandlers } from './handler-types'

export function directoriesHandlers({ accounts }: { accounts: AccountCalls }): AreaHandlers<'directories'> {
  return {
    'directories.list': () => accounts.directories(),
    'directories.save': ({ id, directory }) => accounts.saveDirectory(id, directory),
    'directories.test': ({ id, directory }) => accounts.testDirectory(id, directory),
    'directories.sync': ({ id, full }) => accounts.syncDirectory(id, full),
    'directories.savePolicy': (policy) => accounts.savePolicy(policy)
  }
}
