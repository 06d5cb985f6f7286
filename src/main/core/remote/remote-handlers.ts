import { basename, isAbsolute } from 'node:path'
import { DeskError } from '../../../shared/errors'
import { CustomTool, type RemoteTargets } from '../../../shared/remote'
import type { Handlers } from '../handlers'
import type { AssetStore } from '../inventory/asset-store'
import type { Directory } from '../store/directory'
import type { TicketReads } from '../store/ticket-reads'
import type { RemoteSessions } from './remote-sessions'
import { parseHost } from './remote-target'

type RemoteMethods = 'remote.clients' | 'remote.targets' | 'remote.plan' | 'remote.launch' | 'remote.customTool' | 'remote.setCustomTool'

const customToolKey = 'remote.custom_tool'
/** A "tool" that is really an interpreter would run whatever its arguments say: refused as a custom tool. */
const interpreters = /^(?:sh|bash|zsh|dash|ksh|fish|csh|tcsh|env|cmd|powershell|pwsh|wscript|cscript|mshta|rundll32|osascript|python[0-9.]*|perl|ruby|node|php|lua|tclsh|wish|open|xdg-open|start)(?:\.exe)?$/i

export function customTool(directory: Directory): CustomTool | null {
  const saved = directory.getMeta(customToolKey)
  const parsed = saved ? CustomTool.safeParse(JSON.parse(saved)) : null
  return parsed?.success ? parsed.data : null
}

export function remoteHandlers({ remote, reads, assets, directory }: { remote: RemoteSessions; reads: TicketReads; assets: AssetStore; directory: Directory }): Pick<Handlers, RemoteMethods> {
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
    'remote.setCustomTool': ({ tool }) => {
      if (tool && !isAbsolute(tool.command)) throw new DeskError('INVALID_INPUT', 'Give the tool’s full path, so the desk never runs a different program of the same name.')
      if (tool && interpreters.test(basename(tool.command))) throw new DeskError('INVALID_INPUT', `${basename(tool.command)} runs other programs; give the remote-control tool itself.`)
      directory.setMeta(customToolKey, tool ? JSON.stringify(tool) : '')
      return { tool: customTool(directory) }
    }
  }
}
