import { safeStorage } from 'electron'
import { join } from 'node:path'
import { PrivateJsonFile, type SecretStore } from './core/sync/secret-store'

/**
 * Secrets encrypted by the OS keychain through safeStorage (Keychain on macOS, DPAPI on Windows,
 * libsecret/kwallet on Linux); only the ciphertext touches the disk. Where Linux has no keyring,
 * Electron would fall back to a fixed key ("basic_text"): then nothing is written at all, the token
 * lives for this run only, and the sign-in dialog says so.
 */
export class KeychainSecretStore implements SecretStore {
  private readonly file: PrivateJsonFile
  private readonly memory = new Map<string, string>()
  private readonly persistent: boolean
  readonly where: string

  constructor(dir: string) {
    this.file = new PrivateJsonFile(join(dir, 'secrets.keychain.json'))
    const backend = process.platform === 'linux' ? safeStorage.getSelectedStorageBackend() : 'os'
    this.persistent = safeStorage.isEncryptionAvailable() && backend !== 'basic_text' && backend !== 'unknown'
    this.where = this.persistent
      ? `encrypted by the operating system's keychain${process.platform === 'linux' ? ` (${backend})` : ''}`
      : 'in memory only, because this system has no keychain to encrypt it: you sign in again after each start'
  }

  private read(): Record<string, string> {
    return this.persistent ? this.file.read() : {}
  }

  get(name: string): string | null {
    if (!this.persistent) return this.memory.get(name) ?? null
    const sealed = this.read()[name]
    if (!sealed) return null
    try {
      return safeStorage.decryptString(Buffer.from(sealed, 'base64'))
    } catch {
      // Sealed by another user or machine: as good as absent; signing in again replaces it.
      return null
    }
  }

  set(name: string, value: string): void {
    if (!this.persistent) return void this.memory.set(name, value)
    this.write({ ...this.read(), [name]: safeStorage.encryptString(value).toString('base64') })
  }

  delete(name: string): void {
    this.memory.delete(name)
    const values = this.read()
    delete values[name]
    this.write(values)
  }

  private write(values: Record<string, string>): void {
    if (this.persistent) this.file.write(values)
  }
}
