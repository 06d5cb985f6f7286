import { describe, expect, it } from 'vitest'
import { rdpFile } from '../../src/main/core/remote/rdp-file'

describe('.rdp files', () => {
  it('write only allowlisted settings, one per CRLF line, with the help-desk defaults', () => {
    const text = rdpFile({ 'full address': 'pc-0042:3389', username: 'CORP\\olu' })
    expect(text.split('\r\n')).toEqual([
      'screen mode id:i:1',
      'dynamic resolution:i:1',
      'redirectclipboard:i:1',
      'audiomode:i:2',
      'prompt for credentials:i:1',
      'authentication level:i:2',
      'enablecredsspsupport:i:1',
      'full address:s:pc-0042:3389',
      'username:s:CORP\\olu',
      ''
    ])
  })

  it('strip every line break and control character from values, so none can start a setting of its own', () => {
    for (const sneaky of ['pc\r\nalternate shell:s:cmd.exe', 'pc\nalternate shell:s:cmd.exe', 'pc\ralternate shell:s:cmd.exe', 'pc\u2028alternate shell:s:cmd.exe', 'pc\u0085alternate shell:s:cmd.exe', 'pc\u0000\u001balternate shell:s:cmd.exe']) {
      const lines = rdpFile({ 'full address': sneaky }).split('\r\n')
      expect(lines.filter((l) => l.startsWith('alternate shell'))).toEqual([])
      expect(lines).toContain('full address:s:pcalternate shell:s:cmd.exe')
    }
  })

  it('refuse a setting outside the allowlist, and a number setting that is not a number', () => {
    expect(() => rdpFile({ ['alternate shell' as 'username']: 'cmd.exe' })).toThrow(/not a setting Frontline writes/)
    expect(() => rdpFile({ ['password 51' as 'username']: '01000000d08c9ddf' })).toThrow(/not a setting/)
    expect(() => rdpFile({ audiomode: 'loud' as unknown as number })).toThrow(/whole number/)
  })
})
