import { runSeed } from './cli/seed'

runSeed(process.argv.slice(2))
