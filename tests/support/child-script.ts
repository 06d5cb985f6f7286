import { basename, resolve } from 'node:path'
import { build } from 'vite'

/**
 * Bundles a TypeScript child-process script from tests/support (with the core it imports) into one
 * runnable ES module under out/test-children, and returns its path: real processes, our real code.
 * Under this checkout's out/ (not node_modules/.cache), so checkouts sharing one node_modules never
 * overwrite each other's build of the same script; its bare imports still resolve through node_modules.
 */
export async function buildChildScript(source: string): Promise<string> {
  const name = `${basename(source, '.ts')}.mjs`
  const outDir = resolve('out/test-children')
  await build({
    configFile: false,
    logLevel: 'silent',
    build: { ssr: resolve(source), outDir, emptyOutDir: false, rollupOptions: { output: { entryFileNames: name, format: 'es' } } }
  })
  return resolve(outDir, name)
}
