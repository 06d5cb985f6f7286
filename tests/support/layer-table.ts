import { createRequire } from 'node:module'
import { join } from 'node:path'

export interface Layer {
  folder: string
  job: string
  uses: string[]
  packages: string[]
  node: boolean
}

/** The layer table the lint runs (.dependency-cruiser.cjs). */
export const configFile = join(__dirname, '..', '..', '.dependency-cruiser.cjs')
export const layers = (createRequire(__filename)(configFile) as { layers: Layer[] }).layers

const short = (folder: string) => `\`${folder.replace(/^src\//, '').replace(/\/$/, '')}\``

/** The table as docs/ARCHITECTURE.md shows it, one line per layer. */
export function layerTableRows(): string[] {
  return [
    '| folder | job | may import | packages |',
    '| --- | --- | --- | --- |',
    ...layers.map((l) => `| ${short(l.folder)} | ${l.job} | ${l.uses.map(short).join(', ') || '—'} | ${[...l.packages, ...(l.node ? ['Node'] : [])].join(', ') || '—'} |`)
  ]
}
