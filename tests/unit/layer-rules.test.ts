import { spawnSync } from 'node:child_process'
import { mkdirSync, readFileSync, symlinkSync, writeFileSync } from 'node:fs'
import { dirname, join } from 'node:path'
import { afterAll, describe, expect, it } from 'vitest'
import { configFile, layers, layerTableRows } from '../support/layer-table'
import { tempDir } from '../support/temp-dir'

const root = join(__dirname, '..', '..')

/** Runs the project's layer lint over a small tree of its own, as `npm run lint` runs it over src. */
function lint(files: Record<string, string>): { status: number | null; errors: string } {
  const dir = tempDir('frontline-layers-')
  cleanups.push(dir.remove)
  symlinkSync(join(root, 'node_modules'), join(dir.path, 'node_modules'))
  writeFileSync(join(dir.path, 'tsconfig.node.json'), JSON.stringify({ compilerOptions: { module: 'ESNext', moduleResolution: 'Bundler', strict: true } }))
  for (const [path, text] of Object.entries(files)) {
    mkdirSync(dirname(join(dir.path, path)), { recursive: true })
    writeFileSync(join(dir.path, path), text)
  }
  const run = spawnSync(process.execPath, [join(root, 'node_modules', 'dependency-cruiser', 'bin', 'dependency-cruise.mjs'), 'src', '--config', configFile], { cwd: dir.path, encoding: 'utf8' })
  return { status: run.status, errors: run.stdout.replace(/\s+/g, ' ') }
}
const cleanups: Array<() => void> = []
afterAll(() => cleanups.forEach((remove) => remove()))

describe('the layer lint', () => {
  it('passes a tree that keeps to the table: store may read the rules, rules read only shared', () => {
    const { status, errors } = lint({
      'src/shared/domain.ts': 'export type Minutes = number\n',
      'src/main/core/rules/sla.ts': "import type { Minutes } from '../../../shared/domain'\nexport const grace: Minutes = 5\n",
      'src/main/core/store/tickets.ts': "import { grace } from '../rules/sla'\nimport Database from 'better-sqlite3'\nexport const open = () => new Database(':memory:').pragma(`busy_timeout = ${grace}`)\n"
    })
    expect(errors).toContain('no dependency violations found')
    expect(status).toBe(0)
  })

  it('fails a rule that reaches up into the store, an import cycle, Electron in core and Node in the console', () => {
    const { status, errors } = lint({
      'src/main/core/store/tickets.ts': "import { due } from '../rules/sla'\nexport const tickets = () => due\n",
      'src/main/core/rules/sla.ts': "import { tickets } from '../store/tickets'\nexport const due = () => tickets\n",
      'src/main/core/store/outbox.ts': "import { shell } from 'electron'\nexport const open = () => shell\n",
      'src/renderer/queue.ts': "import { readFileSync } from 'node:fs'\nexport const read = readFileSync\n"
    })
    expect(status).toBe(4)
    expect(errors).toContain('error layer:src/main/core/rules/: src/main/core/rules/sla.ts → src/main/core/store/tickets.ts')
    expect(errors).toContain('error no-circular: src/main/core/rules/sla.ts → src/main/core/store/tickets.ts → src/main/core/rules/sla.ts')
    expect(errors).toMatch(/error packages:src\/main\/core\/store\/: src\/main\/core\/store\/outbox\.ts → \S*node_modules\/electron\//)
    expect(errors).toContain('error node:src/renderer/: src/renderer/queue.ts → fs')
  })
})

describe('the layer table', () => {
  it('is a ladder: no folder may import a folder that may import it back, however far round', () => {
    const uses = new Map(layers.map((l) => [l.folder, l.uses]))
    const loops: string[] = []
    const walk = (folder: string, path: string[]) => {
      for (const next of uses.get(folder) ?? []) {
        if (path.includes(next)) loops.push([...path.slice(path.indexOf(next)), next].join(' → '))
        else walk(next, [...path, next])
      }
    }
    for (const { folder } of layers) walk(folder, [folder])
    expect(loops).toEqual([])
    // Every folder a layer may use is itself a row, with rules of its own.
    expect(layers.flatMap((l) => l.uses).filter((folder) => !uses.has(folder))).toEqual([])
  })
})

describe('docs/ARCHITECTURE.md', () => {
  it('shows the layer table the lint runs, row for row', () => {
    const doc = readFileSync(join(root, 'docs', 'ARCHITECTURE.md'), 'utf8')
    const section = doc.slice(doc.indexOf('## Layers'))
    const lines = section.split('\n')
    const first = lines.findIndex((line) => line.startsWith('|'))
    const table = lines.slice(first, lines.findIndex((line, i) => i > first && !line.startsWith('|')))
    expect(table, `Paste this table under "## Layers":\n${layerTableRows().join('\n')}`).toEqual(layerTableRows())
  })
})
