import { basename, resolve } from 'node:path'
import { build } from 'vite'

/**
 * Bundles a TypeScript child-process script from tests/support (with the core it imports) into one
 * runnable ES module under node_modules/.cache, and returns its path: real processes, our real code.
 */
export async function buildChildScript(source: string): Promise<string> {
  const name = `${basename(source, '.ts')}.mjs`
  const outDir = resolve('node_modules/.cache/frontline-tests')
  await build({
    configFile: false,
    logLevel: 'silent',
    build: { ssr: resolve(source), outDir, emptyOutDir: false, rollupOptions: { output: { entryFileNames: name, format: 'es' } } }
  })
  return resolve(outDir, name)
}
