import { z } from 'zod'
import { Channel, Id, Instant, Priority, TicketType } from './domain'

/**
 * The supervisor's review: figures over a period, computed on the desk from its own copy of the
 * tickets (so they work offline), each with its definition written here, where the view and the
 * tests both read it.
 */

export const ReportQuery = z
  .object({
    /** The period, from (inclusive) to (exclusive). */
    from: Instant,
    to: Instant,
    groupId: Id.optional(),
    assigneeId: Id.optional(),
    type: TicketType.optional(),
    channel: Channel.optional(),
    category: z.string().trim().min(1).max(100).optional(),
    priority: Priority.optional()
  })
  .strict()
  .refine((q) => Date.parse(q.from) < Date.parse(q.to), { error: 'The period ends before it starts.', path: ['to'] })
  .refine((q) => Date.parse(q.to) - Date.parse(q.from) <= 400 * 86_400_000, { error: 'At most a year and a bit at a time.', path: ['from'] })
export type ReportQuery = z.infer<typeof ReportQuery>

export const figureKeys = ['volume', 'backlog', 'firstContact', 'times', 'sla', 'breaching', 'reopens', 'escalations', 'satisfaction', 'timeSpent', 'categories', 'howTo'] as const
export const FigureKey = z.enum(figureKeys)
export type FigureKey = (typeof figureKeys)[number]

/** What each figure counts, in words a supervisor can hold the numbers to. */
export const definitions: Record<FigureKey, { title: string; text: string }> = {
  volume: { title: 'Volume in and out', text: 'Per day in the team’s time zone: tickets logged that day (in), and tickets resolved that day (out; a ticket resolved twice counts on the last day).' },
  backlog: { title: 'Backlog and its age', text: 'Tickets not resolved or closed at the end of the period (now, for a period that has not ended), by how long ago each was logged.' },
  firstContact: {
    title: 'First-contact resolution',
    text: 'Of the tickets resolved in the period: resolved by the technician who logged it (for a mailed-in ticket, the first technician to answer), with no escalation, no reply from the requester in between, and not reopened.'
  },
  times: {
    title: 'Time to first response and to resolve',
    text: 'Business minutes on the ticket’s SLA calendar. First response: from logging to the first public reply, for tickets first answered in the period. Resolve: from logging to resolution, not counting time waiting on the requester or a third party, for tickets resolved in the period.'
  },
  sla: { title: 'SLA compliance', text: 'Of the tickets resolved in the period: the share resolved within their resolution target, per priority and per group (the group holding the ticket now).' },
  breaching: { title: 'Breaching now', text: 'Open tickets whose resolution target has already passed, by the group holding them. Always as of now, whatever the period.' },
  reopens: { title: 'Reopen rate', text: 'Of the tickets resolved in the period: the share reopened at least once after a resolution (by the requester’s answer or a technician).' },
  escalations: { title: 'Escalation rate', text: 'Of the tickets logged in the period: the share escalated to a second-line (L2) group, and the share that reached third line (L3).' },
  satisfaction: { title: 'Satisfaction', text: 'Answers (1–5) given for tickets resolved in the period: their count, average and spread.' },
  timeSpent: { title: 'Time spent per technician', text: 'Minutes logged on tickets in the period (with a reply, a note or on its own), by the technician who logged them.' },
  categories: { title: 'Top categories', text: 'Tickets logged in the period, by their category (uncategorised ones together).' },
  howTo: {
    title: '“How do I…” tickets per application',
    text: 'Tickets logged in the period that ask how to do something (category How-to, or a subject starting “How do I”, “How to” or “How can I”), by the application they name: where training would save the most calls.'
  }
}

const Count = z.object({ key: z.string(), label: z.string(), count: z.number().int() })
const Rate = z.object({ key: z.string(), label: z.string(), met: z.number().int(), total: z.number().int(), rate: z.number().nullable() })
const Duration = z.object({ count: z.number().int(), meanMinutes: z.number().nullable(), medianMinutes: z.number().nullable() })

export const Report = z.object({
  query: z.object({ from: Instant, to: Instant }),
  /** Only the signed-in technician's own tickets and time (an agent's view of the reports). */
  mine: z.boolean(),
  computedAt: Instant,
  volume: z.array(z.object({ day: z.string(), opened: z.number().int(), resolved: z.number().int() })),
  backlog: z.object({ open: z.number().int(), asOf: Instant, buckets: z.array(Count) }),
  firstContact: z.object({ resolved: z.number().int(), firstContact: z.number().int(), rate: z.number().nullable() }),
  times: z.object({ firstResponse: Duration, resolve: Duration }),
  sla: z.object({ byPriority: z.array(Rate), byGroup: z.array(Rate), overall: Rate }),
  breaching: z.array(Count),
  reopens: z.object({ resolved: z.number().int(), reopened: z.number().int(), rate: z.number().nullable() }),
  escalations: z.object({ logged: z.number().int(), toL2: z.number().int(), toL3: z.number().int(), rateL2: z.number().nullable(), rateL3: z.number().nullable() }),
  satisfaction: z.object({ count: z.number().int(), average: z.number().nullable(), spread: z.array(Count) }),
  timeSpent: z.array(z.object({ key: z.string(), label: z.string(), minutes: z.number().int(), tickets: z.number().int() })),
  categories: z.array(Count),
  howTo: z.array(Count)
})
export type Report = z.infer<typeof Report>

/** The tickets behind one figure, or one bar or row of it (`key`, as the figure names its rows). */
export const FigureTickets = z.object({ query: ReportQuery, figure: FigureKey, key: z.string().max(200).optional() }).strict()
export type FigureTickets = z.infer<typeof FigureTickets>
