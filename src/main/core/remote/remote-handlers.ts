import { DeskError } from '../../../shared/errors'
import { CustomTool, type Platform, type RemoteTargets } from '../../../shared/remote'
import { vetCustomTool } from './custom-tool-check'
import type { Handlers } from '../handlers'
import type { AssetStore } from '../inventory/asset-store'
import type { Directory } from '../store/directory'
import type { TicketReads } from '../store/ticket-reads'
import type { RemoteSessions } from './remote-sessions'
import { parseHost } from './remote-target'

type RemoteMethods = 'remote.clients' | 'remote.targets' | 'remote.plan' | 'remote.launch' | 'remote.customTool' | 'remote.setCustomTool'

const customToolKey = 'remote.custom_tool'

/**
 * The host's person-in-the-loop for the desk's own tool: the app asks in a native dialog showing the
 * exact command and arguments; the browser host agrees only when started with --allow-custom-tool.
 * Without one, a contract call alone can never set the one command the desk runs as typed.
 */
export type ConfirmCustomTool = (tool: CustomTool) => Promise<boolean>

/** The saved tool, only while it still passes the checks (the file may have been swapped since it was saved). */
export async function vettedCustomTool(directory: Directory, platform: Platform, env: Record<string, string | undefined>): Promise<CustomTool | null> {
  const tool = customTool(directory)
  if (!tool) return null
  return vetCustomTool(tool.command, platform, env).then(
    () => tool,
    () => null
  )
}

export function customTool(directory: Directory): CustomTool | null {
  const saved = directory.getMeta(customToolKey)
  const parsed = saved ? CustomTool.safeParse(JSON.parse(saved)) : null
  return parsed?.success ? parsed.data : null
}

interface RemoteHandlerDeps {
  remote: RemoteSessions
  reads: TicketReads
  assets: AssetStore
  directory: Directory
  platform: Platform
  env: Record<string, string | undefined>
  confirmCustomTool: ConfirmCustomTool | undefined
}

export function remoteHandlers({ remote, reads, assets, directory, platform, env, confirmCustomTool }: RemoteHandlerDeps): Pick<Handlers, RemoteMethods> {
  return {
    'remote.clients': () => remote.clients(),
    'remote.targets': ({ id }) => {
      const ticket = reads.get(id)
      const machines = [...assets.linkedTo(id), ...assets.ownedBy(ticket.requester.id)]
      const targets: RemoteTargets = []
      const seen = new Set<string>()
      const add = (value: string, label: string) => {
        try {
          parseHost(value)
        } catch {
          return // An inventory hostname no client could take ("Olu's MacBook") is not offered.
        }
        if (seen.has(value)) return
        seen.add(value)
        targets.push({ value, label })
      }
      for (const machine of machines) {
        if (machine.identity.hostname) add(machine.identity.hostname, `${machine.identity.hostname} (${machine.tag})`)
        const network = assets.latest(machine.id)?.sections.network
        for (const nic of network?.status === 'ok' ? network.data.interfaces : []) {
          if (nic.ipv4 && !nic.ipv4.startsWith('169.254.')) add(nic.ipv4, `${nic.ipv4} — ${machine.name} (${machine.tag})`)
        }
      }
      return targets
    },
    'remote.plan': (request) => remote.plan(request),
    'remote.launch': (request) => remote.launch(request),
    'remote.customTool': () => ({ tool: customTool(directory) }),
    'remote.setCustomTool': async ({ tool }) => {
      if (tool) {
        await vetCustomTool(tool.command, platform, env)
        if (!confirmCustomTool) throw new DeskError('FORBIDDEN', 'Your own remote tool can be set in the Frontline app, where you confirm the exact command; this browser host was not started with --allow-custom-tool.')
        if (!(await confirmCustomTool(tool))) throw new DeskError('CONFLICT', 'The tool was not saved: the command was not confirmed.')
      }
      directory.setMeta(customToolKey, tool ? JSON.stringify(tool) : '')
      return { tool: customTool(directory) }
    }
  }
}
