import { runSeed } from '../main/cli/seed'
import { runServerSeed } from './seed-server'

// `npm run seed`: a desk file, or with --server a desk server's database. Built from here, where both may be reached.
const argv = process.argv.slice(2)
if (argv.some((a) => a === '--server' || a.startsWith('--server='))) void runServerSeed(argv)
else runSeed(argv)
