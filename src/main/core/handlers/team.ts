import { slaFor } from '../../../shared/team'
import { addBusinessMinutes, type WeeklyHours } from '../rules/business-calendar'
import type { Directory } from '../store/directory'
import type { TeamAdminCalls } from '../sync/team-admin-calls'
import type { AreaHandlers } from './handler-types'

export function teamHandlers({ directory, admin, now }: { directory: Directory; admin: TeamAdminCalls; now: () => Date }): AreaHandlers<'team'> {
  return {
    'team.assignees': () => directory.assignees(),
    'team.overview': () => admin.overview(),
    'team.createAccount': (input) => admin.createAccount(input),
    'team.changeAccount': ({ id, change }) => admin.changeAccount(id, change),
    'team.revokeDevice': ({ id }) => admin.revokeDevice(id),
    'team.resetPassword': ({ id }) => admin.resetPassword(id),
    'team.saveGroup': ({ id, group }) => admin.saveGroup(id, group),
    'team.removeGroup': ({ id, moveTo }) => admin.removeGroup(id, moveTo),
    'team.savePolicies': (policies) => admin.savePolicies(policies),
    'team.saveCanned': ({ list }) => admin.saveCanned(list),
    'team.saveSynonyms': ({ groups }) => admin.saveSynonyms(groups),
    'team.previewDue': ({ policies, priority, groupId, type }) => {
      const rule = slaFor(policies, { priority, groupId: groupId ?? null, type: type ?? 'incident' })
      const target = rule.target
      const calendar = { ...rule.calendar, hours: rule.calendar.hours as WeeklyHours }
      const from = now()
      return {
        firstResponseDue: addBusinessMinutes(calendar, from, target.firstResponseMinutes).toISOString(),
        resolutionDue: addBusinessMinutes(calendar, from, target.resolutionMinutes).toISOString()
      }
    }
  }
}
