import { runWebHost } from './web-host/cli'

void runWebHost(process.argv.slice(2), import.meta.dirname)
