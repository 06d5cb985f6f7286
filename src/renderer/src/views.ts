import type { MethodInput } from '../../shared/contract'
import type { Agent } from '../../shared/domain'

type QueueQuery = MethodInput<'tickets.list'>

export interface QueueView {
  key: string
  label: string
  query(me: Agent | null, now: number): QueueQuery
}

/** Saved views a tier-1 technician switches between all day. */
export const queueViews: QueueView[] = [
  { key: 'all', label: 'All', query: () => ({}) },
  { key: 'mine', label: 'My open', query: () => ({ assignee: 'me', open: true }) },
  { key: 'unassigned', label: 'Unassigned', query: () => ({ assignee: 'none', open: true }) },
  { key: 'group', label: 'My group', query: (me) => (me?.groupIds.length ? { groupIds: me.groupIds, open: true } : { open: true }) },
  // Due within two hours, or already at risk though due later (a P1 late in the business day).
  {
    key: 'breaching',
    label: 'Breaching soon',
    query: (_me, now) => ({ open: true, dueBefore: new Date(now + 2 * 3_600_000).toISOString(), atRiskBy: new Date(now).toISOString() })
  },
  { key: 'pending', label: 'Pending', query: () => ({ statuses: ['pending'] }) },
  // Changes planned to start this week (Monday to Sunday, on this machine's calendar), approved or not.
  {
    key: 'changes',
    label: 'Changes this week',
    query: (_me, now) => {
      const monday = new Date(now)
      monday.setHours(0, 0, 0, 0)
      monday.setDate(monday.getDate() - ((monday.getDay() + 6) % 7))
      return { types: ['change'], plannedFrom: monday.toISOString(), plannedTo: new Date(monday.getTime() + 7 * 86_400_000).toISOString(), sort: 'created' }
    }
  },
  // Due by the end of today, on this machine's clock: the day's follow-up calls.
  { key: 'followups', label: 'Follow-ups due', query: (_me, now) => ({ followUpBefore: new Date(new Date(now).setHours(23, 59, 59, 999)).toISOString(), sort: 'updated' }) }
]

export type QueueSort = NonNullable<QueueQuery['sort']>
export const sortLabels: Record<QueueSort, string> = { sla: 'SLA due', priority: 'Priority', updated: 'Updated', created: 'Created' }
