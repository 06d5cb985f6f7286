/**
 * The desk server's mail intake as its own process, for tests that kill it mid-fetch:
 * argv[2] the database URL, argv[3] the sealing key (base64). Prints one line per message taken.
 */
import pg from 'pg'
import { MailService } from '../../src/server/mail/mail-service'
import { SecretBox } from '../../src/server/secret-box'

const [databaseUrl, key] = process.argv.slice(2)
const pool = new pg.Pool({ connectionString: databaseUrl, max: 4 })
pool.on('error', () => undefined)
const service = new MailService(pool, new SecretBox(Buffer.from(key!, 'base64')), { onOutcome: (outcome) => process.stdout.write(`${outcome.outcome}\n`) })
service.start()
process.stdout.write('watching\n')
