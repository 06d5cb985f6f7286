import { existsSync, readFileSync, statSync } from 'node:fs'
import { join } from 'node:path'
import { afterEach, describe, expect, it, vi } from 'vitest'
import { FileSecretStore } from '../../src/main/core/sync/secret-store'
import { tempDir } from '../support/temp-dir'

// safeStorage stand-in: a reversible "encryption" the test can recognise, and a switchable Linux backend.
const keychain = vi.hoisted(() => ({ available: true, backend: 'gnome_libsecret' }))
vi.mock('electron', () => {
  const safeStorage = {
    isEncryptionAvailable: () => keychain.available,
    getSelectedStorageBackend: () => keychain.backend,
    encryptString: (text: string) => Buffer.from(`sealed:${[...text].reverse().join('')}`),
    decryptString: (sealed: Buffer) => {
      const text = sealed.toString()
      if (!text.startsWith('sealed:')) throw new Error('not ours')
      return [...text.slice(7)].reverse().join('')
    }
  }
  return { safeStorage, default: { safeStorage } }
})
const { KeychainSecretStore } = await import('../../src/main/keychain-secrets')

const token = 'dev_4Qm9-very-secret-token'
let dir: ReturnType<typeof tempDir>
afterEach(() => dir?.remove())

describe('where the desk-server token is kept', () => {
  it('the browser host keeps it in a file only this user can read, and says so', () => {
    dir = tempDir()
    const store = new FileSecretStore(dir.path)
    store.set('token', token)
    const file = join(dir.path, 'secrets.json')
    expect(statSync(file).mode & 0o777).toBe(0o600)
    expect(new FileSecretStore(dir.path).get('token')).toBe(token)
    expect(store.where).toMatch(/\(mode 0600\), not encrypted$/)
    store.delete('token')
    expect(existsSync(file)).toBe(false)
  })

  it('the app keeps only the keychain’s ciphertext on disk, and reads it back', () => {
    dir = tempDir()
    const store = new KeychainSecretStore(dir.path)
    store.set('token', token)
    const onDisk = readFileSync(join(dir.path, 'secrets.keychain.json'), 'utf8')
    expect(onDisk).not.toContain(token)
    expect(statSync(join(dir.path, 'secrets.keychain.json')).mode & 0o777).toBe(0o600)
    expect(new KeychainSecretStore(dir.path).get('token')).toBe(token)
    expect(store.where).toMatch(/^encrypted by the operating system's keychain/)
    store.delete('token')
    expect(new KeychainSecretStore(dir.path).get('token')).toBeNull()
  })

  it('writes nothing where Linux has no keyring (Electron would use a fixed key), and says the sign-in lasts this run', () => {
    dir = tempDir()
    keychain.backend = 'basic_text'
    const store = new KeychainSecretStore(dir.path)
    store.set('token', token)
    expect(store.get('token')).toBe(token)
    expect(existsSync(join(dir.path, 'secrets.keychain.json'))).toBe(false)
    expect(new KeychainSecretStore(dir.path).get('token')).toBeNull()
    expect(store.where).toMatch(/in memory only/)
    keychain.backend = 'gnome_libsecret'
  })
})
