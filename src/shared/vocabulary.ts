/**
 * The values of the ticket's fixed fields, as plain lists: domain.ts builds its zod enums from them,
 * and the console lists them from here, so the console's first bundle stays free of zod.
 */
export const channels = ['phone', 'email', 'chat', 'walk-in', 'portal'] as const
export const ticketTypes = ['incident', 'service_request', 'problem', 'change'] as const
export const ticketStatuses = ['new', 'assigned', 'in_progress', 'pending', 'resolved', 'closed'] as const
export const impacts = ['high', 'medium', 'low'] as const
export const urgencies = ['high', 'medium', 'low'] as const
export const priorities = ['P1', 'P2', 'P3', 'P4'] as const
export const tiers = ['L1', 'L2', 'L3'] as const
export const resolutionCodes = ['solved_first_contact', 'solved', 'workaround', 'not_reproducible', 'duplicate', 'cancelled'] as const
export const changeTypes = ['standard', 'normal', 'emergency'] as const
