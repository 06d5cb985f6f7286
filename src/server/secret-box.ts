import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto'
import { chmodSync, existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs'
import { join } from 'node:path'

/**
 * Secrets the desk server must read back (a directory's bind password) are kept in PostgreSQL sealed
 * with AES-256-GCM under a key that never enters the database: a dump or a stolen backup holds only
 * ciphertext. The key comes from FRONTLINE_SECRET_KEY (base64, 32 bytes), else a key file beside the
 * server's data, made on first start and readable by its owner alone.
 */
export class SecretBox {
  constructor(private readonly key: Buffer) {
    if (key.length !== 32) throw new Error('The secret key must be 32 bytes.')
  }

  seal(text: string): Buffer {
    const iv = randomBytes(12)
    const cipher = createCipheriv('aes-256-gcm', this.key, iv)
    const body = Buffer.concat([cipher.update(text, 'utf8'), cipher.final()])
    return Buffer.concat([iv, cipher.getAuthTag(), body])
  }

  open(sealed: Buffer): string {
    const decipher = createDecipheriv('aes-256-gcm', this.key, sealed.subarray(0, 12))
    decipher.setAuthTag(sealed.subarray(12, 28))
    return Buffer.concat([decipher.update(sealed.subarray(28)), decipher.final()]).toString('utf8')
  }
}

export function loadSecretKey(dataDir: string, env: NodeJS.ProcessEnv = process.env): Buffer {
  if (env.FRONTLINE_SECRET_KEY) {
    const key = Buffer.from(env.FRONTLINE_SECRET_KEY, 'base64')
    if (key.length !== 32) throw new Error('FRONTLINE_SECRET_KEY must be 32 bytes in base64 (openssl rand -base64 32).')
    return key
  }
  const file = join(dataDir, 'secret.key')
  if (!existsSync(file)) {
    mkdirSync(dataDir, { recursive: true })
    writeFileSync(file, randomBytes(32).toString('base64'), { mode: 0o600, flag: 'wx' })
  }
  chmodSync(file, 0o600)
  return Buffer.from(readFileSync(file, 'utf8').trim(), 'base64')
}
