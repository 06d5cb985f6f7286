import { CustomTool, type Platform } from '../../../shared/remote'
import type { Directory } from '../store/directory'
import { vetCustomTool } from './custom-tool-check'

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

/** Saves the tool the person confirmed (or forgets it, given null); the caller has vetted it. */
export function saveCustomTool(directory: Directory, tool: CustomTool | null): void {
  directory.setMeta(customToolKey, tool ? JSON.stringify(tool) : '')
}
