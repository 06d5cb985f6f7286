import { chmodSync, existsSync, readFileSync, renameSync, rmSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Where the desk-server device token lives: never in the desk file. The Electron shell gives one
 * backed by the OS keychain (safeStorage: Keychain, DPAPI, libsecret); the browser host and the
 * tools use a file only this user can read, and say so.
 */
export interface SecretStore {
  get(name: string): string | null
  set(name: string, value: string): void
  delete(name: string): void
  /** In words, for the sign-in dialog and the README: where a token is kept on this machine. */
  readonly where: string
}

/** A JSON file with mode 0600 beside the desk file, written whole and renamed into place. */
export class FileSecretStore implements SecretStore {
  private readonly file: string
  readonly where: string

  constructor(dir: string) {
    this.file = join(dir, 'secrets.json')
    this.where = `in ${this.file}, readable by this user only (mode 0600), not encrypted`
  }

  private read(): Record<string, string> {
    if (!existsSync(this.file)) return {}
    try {
      return JSON.parse(readFileSync(this.file, 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }

  private write(values: Record<string, string>): void {
    if (Object.keys(values).length === 0) return rmSync(this.file, { force: true })
    const next = `${this.file}.next`
    writeFileSync(next, JSON.stringify(values), { mode: 0o600 })
    chmodSync(next, 0o600)
    renameSync(next, this.file)
  }

  get(name: string): string | null {
    return this.read()[name] ?? null
  }

  set(name: string, value: string): void {
    this.write({ ...this.read(), [name]: value })
  }

  delete(name: string): void {
    const values = this.read()
    delete values[name]
    this.write(values)
  }
}
