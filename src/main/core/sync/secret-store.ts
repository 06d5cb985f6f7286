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

/** A small JSON object in a file only this user can read (0600), written whole and renamed into place. */
export class PrivateJsonFile {
  constructor(readonly path: string) {}

  read(): Record<string, string> {
    if (!existsSync(this.path)) return {}
    try {
      return JSON.parse(readFileSync(this.path, 'utf8')) as Record<string, string>
    } catch {
      return {}
    }
  }

  /** An empty object removes the file. */
  write(values: Record<string, string>): void {
    if (Object.keys(values).length === 0) return rmSync(this.path, { force: true })
    const next = `${this.path}.next`
    writeFileSync(next, JSON.stringify(values), { mode: 0o600 })
    chmodSync(next, 0o600)
    renameSync(next, this.path)
  }
}

/** The token as it is, in a 0600 JSON file beside the desk file. */
export class FileSecretStore implements SecretStore {
  private readonly file: PrivateJsonFile
  readonly where: string

  constructor(dir: string) {
    this.file = new PrivateJsonFile(join(dir, 'secrets.json'))
    this.where = `in ${this.file.path}, readable by this user only (mode 0600), not encrypted`
  }

  get(name: string): string | null {
    return this.file.read()[name] ?? null
  }

  set(name: string, value: string): void {
    this.file.write({ ...this.file.read(), [name]: value })
  }

  delete(name: string): void {
    const values = this.file.read()
    delete values[name]
    this.file.write(values)
  }
}
