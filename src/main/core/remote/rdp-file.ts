/**
 * The settings a generated .rdp file may carry, with their types. Nothing outside this list is ever
 * written; credentials are never among them (the client or the OS vault asks for the password).
 */
const allowed = {
  'full address': 's',
  username: 's',
  'screen mode id': 'i',
  'use multimon': 'i',
  'dynamic resolution': 'i',
  'redirectclipboard': 'i',
  'audiomode': 'i',
  'prompt for credentials': 'i',
  'authentication level': 'i',
  'enablecredsspsupport': 'i'
} as const

export type RdpSetting = keyof typeof allowed

/** Sensible defaults for a help-desk session: windowed, clipboard on, sound stays on the remote machine. */
const defaults: Partial<Record<RdpSetting, string | number>> = {
  'screen mode id': 1,
  'dynamic resolution': 1,
  redirectclipboard: 1,
  audiomode: 2,
  'prompt for credentials': 1,
  'authentication level': 2,
  enablecredsspsupport: 1
}

/**
 * An .rdp file's text: allowlisted keys only, every value stripped of CR, LF and every other control
 * or line-separator character, so no value can start a setting of its own.
 */
export function rdpFile(settings: Partial<Record<RdpSetting, string | number>>): string {
  const lines: string[] = []
  for (const [key, value] of Object.entries({ ...defaults, ...settings })) {
    const type = allowed[key as RdpSetting]
    if (!type) throw new Error(`"${key}" is not a setting Frontline writes into .rdp files.`)
    // eslint-disable-next-line no-control-regex -- stripping control characters is the point
    const clean = String(value).replace(/[\x00-\x1f\x7f\u0085\u2028\u2029]/g, '')
    if (type === 'i' && !/^-?[0-9]+$/.test(clean)) throw new Error(`"${key}" takes a whole number.`)
    lines.push(`${key}:${type}:${clean}`)
  }
  return `${lines.join('\r\n')}\r\n`
}
