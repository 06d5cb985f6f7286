import { builtRendererDir, runWebHost } from './web-host/cli'

void runWebHost(process.argv.slice(2), builtRendererDir(import.meta.dirname))
