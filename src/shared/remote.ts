import { z } from 'zod'
import { Id } from './domain'

export const RemoteProtocol = z.enum(['rdp', 'vnc', 'ssh', 'vendor'])
export type RemoteProtocol = z.infer<typeof RemoteProtocol>

export const VendorId = z.enum(['anydesk', 'teamviewer', 'rustdesk', 'custom'])
export type VendorId = z.infer<typeof VendorId>

/** Every client Frontline knows how to start; which exist on this machine is found at run time. */
export const ClientId = z.enum([
  'mstsc',
  'windows-app',
  'xfreerdp3',
  'xfreerdp',
  'wlfreerdp',
  'remmina',
  'vncviewer',
  'screen-sharing',
  'windows-terminal',
  'ssh-console',
  'macos-terminal',
  'linux-terminal',
  'anydesk',
  'teamviewer',
  'rustdesk',
  'custom'
])
export type ClientId = z.infer<typeof ClientId>

export const Platform = z.enum(['win32', 'darwin', 'linux'])
export type Platform = z.infer<typeof Platform>

/** One way to connect from this machine: a client found installed, for one protocol. */
export const RemoteClient = z.object({
  id: ClientId,
  protocol: RemoteProtocol,
  /** For vendor tools: whose IDs it takes. */
  vendor: VendorId.nullable(),
  label: z.string(),
  executable: z.string()
})
export type RemoteClient = z.infer<typeof RemoteClient>

export const RemoteClients = z.object({
  platform: Platform,
  clients: z.array(RemoteClient),
  /** Per protocol with nothing installed: what to install, in words. */
  missing: z.partialRecord(RemoteProtocol, z.string())
})
export type RemoteClients = z.infer<typeof RemoteClients>

/** A tool the desk adds by hand (a vendor's viewer not listed here): its path and argv, with `{id}` as one whole argument. */
export const CustomTool = z
  .object({
    label: z.string().trim().min(1).max(60),
    command: z.string().min(1).max(400),
    args: z.array(z.string().max(200)).max(20)
  })
  .strict()
  .refine((t) => t.args.filter((a) => a === '{id}').length === 1 && t.args.every((a) => a === '{id}' || !a.includes('{id}')), {
    error: 'The arguments need exactly one “{id}”, standing alone as a whole argument.'
  })
export type CustomTool = z.infer<typeof CustomTool>

export const RemoteRequest = z
  .object({
    ticketId: Id,
    clientId: ClientId,
    protocol: RemoteProtocol,
    /** A host (`pc-0042.corp.example`, `10.0.0.12:3389`, `[2001:db8::5]`, `olu@host` for SSH) or a vendor ID. */
    target: z.string().max(300),
    /** RDP only: who to sign in as. The password is left to the client or the OS vault. */
    user: z.string().max(120).optional()
  })
  .strict()
export type RemoteRequest = z.infer<typeof RemoteRequest>

/** What the confirmation names before anything starts. */
export const RemotePlan = z.object({ tool: z.string(), target: z.string(), user: z.string().nullable(), summary: z.string() })
export type RemotePlan = z.infer<typeof RemotePlan>

export const RemoteSession = z.object({ sessionId: Id, plan: RemotePlan, startedAt: z.string() })
export type RemoteSession = z.infer<typeof RemoteSession>

/** Targets the ticket already knows: its linked machines and the requester's, by name and address. */
export const RemoteTargets = z.array(z.object({ label: z.string(), value: z.string() }))
export type RemoteTargets = z.infer<typeof RemoteTargets>
