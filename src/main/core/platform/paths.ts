import { homedir } from 'node:os'
import { join } from 'node:path'

/**
 * The folder Electron's app.getPath('userData') gives for "Frontline", computed without Electron,
 * so the browser host and the desktop app open the same desk.
 */
export function defaultDataDir(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): string {
  if (env.FRONTLINE_DATA_DIR) return env.FRONTLINE_DATA_DIR
  const home = homedir()
  if (platform === 'win32') return join(env.APPDATA ?? join(home, 'AppData', 'Roaming'), 'Frontline')
  if (platform === 'darwin') return join(home, 'Library', 'Application Support', 'Frontline')
  return join(env.XDG_CONFIG_HOME ?? join(home, '.config'), 'Frontline')
}
