import { randomBytes, randomInt, scrypt as scryptCb, timingSafeEqual, type ScryptOptions } from 'node:crypto'

const scrypt = (password: string, salt: Buffer, length: number, options: ScryptOptions) =>
  new Promise<Buffer>((resolve, reject) => scryptCb(password, salt, length, options, (error, key) => (error ? reject(error) : resolve(key))))

// scrypt from Node's OpenSSL: memory-hard, vetted, no native add-on to build. N=2^15 costs ~60 ms and 32 MiB.
const params = { N: 32_768, r: 8, p: 1, maxmem: 64 * 1024 * 1024 }

/** `scrypt$N$r$p$salt$hash`, all in base64url: the parameters travel with the hash so they can be raised later. */
export async function hashPassword(password: string): Promise<string> {
  const salt = randomBytes(16)
  const key = await scrypt(password.normalize('NFKC'), salt, 32, params)
  return ['scrypt', params.N, params.r, params.p, salt.toString('base64url'), key.toString('base64url')].join('$')
}

export async function verifyPassword(password: string, stored: string): Promise<boolean> {
  const [scheme, n, r, p, salt, hash] = stored.split('$')
  if (scheme !== 'scrypt' || !salt || !hash) return false
  const expected = Buffer.from(hash, 'base64url')
  const key = await scrypt(password.normalize('NFKC'), Buffer.from(salt, 'base64url'), expected.length, {
    N: Number(n),
    r: Number(r),
    p: Number(p),
    maxmem: params.maxmem
  })
  return timingSafeEqual(key, expected)
}

/**
 * A one-time password to read out over the phone: four groups of four from an alphabet without
 * look-alikes (0/O, 1/l/I), each group with a digit and the first letter a capital, so it meets a
 * directory's complexity rule (three kinds of character of four) whatever the draw.
 */
export function readablePassword(): string {
  const letters = 'abcdefghjkmnpqrstuvwxyz'
  const digits = '23456789'
  const groups = Array.from({ length: 4 }, () => {
    const digitAt = randomInt(4)
    return Array.from({ length: 4 }, (_, i) => (i === digitAt ? digits[randomInt(digits.length)] : letters[randomInt(letters.length)])).join('')
  })
  const whole = groups.join('-')
  const firstLetter = whole.search(/[a-z]/)
  return whole.slice(0, firstLetter) + whole[firstLetter]!.toUpperCase() + whole.slice(firstLetter + 1)
}
