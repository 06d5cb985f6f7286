import { Attribute, Change } from 'ldapts'
import { afterAll, describe, expect, it } from 'vitest'
import { canBind, startSlapd, withClient, type Slapd } from '../support/slapd'

describe('throwaway slapd for directory tests', () => {
  let ldap: Slapd
  afterAll(async () => ldap?.stop())

  /** One entry as the service account, with the attributes asked for. */
  const read = (dn: string, attributes: string[]) =>
    withClient(ldap.url, ldap.bindDn, ldap.bindPassword, async (client) => {
      const { searchEntries } = await client.search(dn, { scope: 'base', attributes })
      return searchEntries[0]
    })

  it('starts with people who can bind and lpark locked out by ppolicy', async () => {
    ldap = await startSlapd()
    expect(await canBind(ldap.url, ldap.dn('mortiz'), ldap.userPassword)).toBe(true)
    expect(await canBind(ldap.url, ldap.dn('lpark'), ldap.userPassword)).toBe(false)
    const lpark = await read(ldap.dn('lpark'), ['pwdAccountLockedTime', '*', '+'])
    expect(lpark?.['pwdAccountLockedTime']).toMatch(/^\d{14}Z$/)
    expect(lpark?.['pwdFailureTime']).toHaveLength(3)

    const mortiz = await read(ldap.dn('mortiz'), ['*'])
    expect(mortiz).toMatchObject({ cn: 'Maria Ortiz', mail: 'maria.ortiz@corp.example', departmentNumber: 'Finance', physicalDeliveryOfficeName: 'Berlin 3.14', manager: ldap.dn('jchen') })
  })

  it('lets the service account unlock a person', async () => {
    await withClient(ldap.url, ldap.bindDn, ldap.bindPassword, (client) =>
      client.modify(ldap.dn('lpark'), new Change({ operation: 'delete', modification: new Attribute({ type: 'pwdAccountLockedTime', values: [] }) }))
    )
    expect(await canBind(ldap.url, ldap.dn('lpark'), ldap.userPassword)).toBe(true)
  })

  it('lets the service account reset a password and flag it for change', async () => {
    await withClient(ldap.url, ldap.bindDn, ldap.bindPassword, (client) =>
      client.modify(ldap.dn('mortiz'), [
        new Change({ operation: 'replace', modification: new Attribute({ type: 'userPassword', values: ['New-Pass-42x'] }) }),
        new Change({ operation: 'replace', modification: new Attribute({ type: 'pwdReset', values: ['TRUE'] }) })
      ])
    )
    expect(await canBind(ldap.url, ldap.dn('mortiz'), ldap.userPassword)).toBe(false)
    expect(await canBind(ldap.url, ldap.dn('mortiz'), 'New-Pass-42x')).toBe(true)
    const mortiz = await read(ldap.dn('mortiz'), ['+'])
    expect(mortiz?.['pwdReset']).toBe('TRUE')
    expect(mortiz?.['pwdChangedTime']).toMatch(/^\d{14}Z$/)
    // Recorded because the helper turns on slapd's `lastbind`.
    expect(mortiz?.['pwdLastSuccess']).toMatch(/^\d{14}Z$/)

    // She may change it herself (all a reset account may do), which clears the flag.
    await withClient(ldap.url, ldap.dn('mortiz'), 'New-Pass-42x', (client) =>
      client.modify(ldap.dn('mortiz'), new Change({ operation: 'replace', modification: new Attribute({ type: 'userPassword', values: ['Own-Pass-43y'] }) }))
    )
    expect((await read(ldap.dn('mortiz'), ['+']))?.['pwdReset']).toBeUndefined()
  })

  it('seeds 2000 extra people quickly', async () => {
    const started = Date.now()
    const big = await startSlapd({ people: 2000 })
    try {
      // About 0.3 s here; the bound only catches a pathological slowdown.
      expect(Date.now() - started).toBeLessThan(5_000)
      const found = await withClient(big.url, big.bindDn, big.bindPassword, (client) =>
        client.search(`ou=people,${big.baseDn}`, { scope: 'one', filter: '(uid=user*)', attributes: ['uid'], sizeLimit: 0 })
      )
      expect(found.searchEntries).toHaveLength(2000)
      expect(await canBind(big.url, big.dn('user02000'), big.userPassword)).toBe(true)
    } finally {
      await big.stop()
    }
  })
})
