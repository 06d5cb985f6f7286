import { z } from 'zod'
import { Instant } from './domain'

/** What the composer holds for one ticket: reply or note, time spent, "Expected by" as the input holds it. */
export const DraftFields = z
  .object({
    visibility: z.enum(['public', 'internal']),
    body: z.string().max(20_000, { error: 'At most 20,000 characters.' }),
    minutes: z.number().int().min(1).max(1_440).nullable(),
    // A datetime-local value in this desk's time zone, as typed (it becomes an instant only when sent).
    eta: z
      .string()
      .regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}$/)
      .nullable()
  })
  .strict()
export type DraftFields = z.infer<typeof DraftFields>

export const TicketDraft = DraftFields.extend({ savedAt: Instant })
export type TicketDraft = z.infer<typeof TicketDraft>
