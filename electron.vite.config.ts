import react from '@vitejs/plugin-react'
import { defineConfig } from 'electron-vite'
import { resolve } from 'node:path'
import type { Plugin } from 'vite'
import { contentSecurityPolicy } from './src/shared/csp'

/** The built page carries the CSP itself (file:// loads get no response headers); dev keeps Vite's inline HMR preamble working. */
function cspMeta(): Plugin {
  return {
    name: 'frontline-csp-meta',
    apply: 'build',
    transformIndexHtml: (html) =>
      html.replace('<head>', `<head>\n    <meta http-equiv="Content-Security-Policy" content="${contentSecurityPolicy}" />`)
  }
}

export default defineConfig({
  main: {
    build: {
      rollupOptions: {
        input: {
          index: resolve('src/main/index.ts'),
          start: resolve('src/main/start.ts'),
          'web-host': resolve('src/main/web-host-entry.ts'),
          // Core's own thread (SQLite, sync, imports), started by the shell and the browser host.
          'core-thread': resolve('src/main/core-thread/thread-entry.ts'),
          // A desk file or, with --server, a desk server's database: from src/server, which may reach both.
          seed: resolve('src/server/seed-entry.ts'),
          // The desk server is plain Node too; built here so one build makes everything `npm test` runs.
          server: resolve('src/server/server-entry.ts'),
          // The headless inventory probe (`frontline-probe`): the same probe code as the app.
          'frontline-probe': resolve('src/main/probe-entry.ts')
        }
      }
    }
  },
  preload: {
    // A sandboxed preload can require only electron: bundle everything else into one CommonJS file.
    build: {
      externalizeDeps: false,
      rollupOptions: {
        input: { index: resolve('src/preload/index.ts') },
        external: ['electron'],
        output: { format: 'cjs', entryFileNames: '[name].cjs' }
      }
    }
  },
  renderer: {
    plugins: [react(), cspMeta()],
    build: {
      minify: true,
      rollupOptions: { input: { index: resolve('src/renderer/index.html') } }
    }
  }
})
