import { DeskError } from '../../../shared/errors'
import type { Platform, RemoteTargets } from '../../../shared/remote'
import type { AssetStore } from '../inventory/asset-store'
import { vetCustomTool } from '../remote/custom-tool-check'
import type { RemoteSessions } from '../remote/remote-sessions'
import { parseHost } from '../remote/remote-target'
import { customTool, saveCustomTool, type ConfirmCustomTool } from '../remote/saved-custom-tool'
import type { Directory } from '../store/directory'
import type { TicketReads } from '../store/ticket-reads'
import type { AreaHandlers } from './handler-types'

export interface RemoteHandlerDeps {
  remote: RemoteSessions
  reads: TicketReads
  assets: AssetStore
  directory: Directory
  platform: Platform
  env: Record<string, string | undefined>
  confirmCustomTool: ConfirmCustomTool | undefined
}

export function remoteHandlers({ remote, reads, assets, directory, platform, env, confirmCustomTool }: RemoteHandlerDeps): AreaHandlers<'remote'> {
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
      saveCustomTool(directory, tool)
      return { tool: customTool(directory) }
    }
  }
}
