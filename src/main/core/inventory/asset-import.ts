import type { Database } from 'better-sqlite3'
import { parse } from 'csv-parse/sync'
import { DeskError } from '../../../shared/errors'
import type { ImportPreview } from '../../../shared/inventory'
import type { AssetStore } from './asset-store'

/** Header names a purchasing or vendor export uses, mapped to ours. */
const headerAliases: Record<string, 'tag' | 'serial' | 'purchaseDate' | 'warrantyEnd'> = {
  tag: 'tag',
  'asset tag': 'tag',
  asset: 'tag',
  serial: 'serial',
  'serial number': 'serial',
  'service tag': 'serial',
  'purchase date': 'purchaseDate',
  purchased: 'purchaseDate',
  purchase_date: 'purchaseDate',
  'warranty end': 'warrantyEnd',
  'warranty expires': 'warrantyEnd',
  warranty_end: 'warrantyEnd',
  'warranty end date': 'warrantyEnd'
}

const maxRows = 50_000

/** yyyy-mm-dd that is a real calendar day; an empty cell means "not known". */
function dateCell(value: string | undefined, label: string): { value: string | null; error?: string } {
  const text = (value ?? '').trim()
  if (!text) return { value: null }
  const match = /^(\d{4})-(\d{2})-(\d{2})$/.exec(text)
  const date = match ? new Date(`${text}T00:00:00Z`) : null
  if (!date || Number.isNaN(date.getTime()) || date.toISOString().slice(0, 10) !== text) return { value: null, error: `${label} "${text}" is not a date written as yyyy-mm-dd.` }
  return { value: text }
}

/**
 * Purchase and warranty data from a CSV export. The preview says, row by row, what would change
 * and what is wrong; the import writes every row or, if any row is wrong, none.
 */
export class AssetImport {
  constructor(
    private readonly db: Database,
    private readonly assets: AssetStore
  ) {}

  preview(csv: string): ImportPreview {
    let records: string[][]
    try {
      records = parse(csv, { skip_empty_lines: true, trim: true, relax_column_count: true, bom: true }) as string[][]
    } catch (error) {
      return { rows: [], errors: [{ line: (error as { lines?: number }).lines ?? 1, message: `This is not readable CSV: ${(error as Error).message}` }], newAssets: 0 }
    }
    const [header, ...body] = records
    if (!header) return { rows: [], errors: [{ line: 1, message: 'The file is empty.' }], newAssets: 0 }
    const columns = header.map((h) => headerAliases[h.trim().toLowerCase()])
    if (!columns.includes('serial') && !columns.includes('tag')) {
      return { rows: [], errors: [{ line: 1, message: `The first line must name the columns, including "serial" or "tag"; it reads "${header.join(', ')}".` }], newAssets: 0 }
    }
    if (body.length > maxRows) return { rows: [], errors: [{ line: 1, message: `At most ${maxRows.toLocaleString('en')} rows at a time; this file has ${body.length.toLocaleString('en')}.` }], newAssets: 0 }
    const rows: ImportPreview['rows'] = []
    const errors: ImportPreview['errors'] = []
    const seen = new Map<string, number>()
    body.forEach((cells, index) => {
      const line = index + 2
      const cell = (name: string) => cells[columns.indexOf(name as never)]?.trim() ?? ''
      const tag = cell('tag')
      const serial = cell('serial')
      const purchase = dateCell(cell('purchaseDate'), 'Purchase date')
      const warranty = dateCell(cell('warrantyEnd'), 'Warranty end')
      const problems = [purchase.error, warranty.error].filter((e): e is string => Boolean(e))
      if (!tag && !serial) problems.push('Needs a serial number or an asset tag.')
      // The desk server keeps tags and serials this long; a longer one would be refused there.
      if (tag.length > 40) problems.push(`The asset tag is ${tag.length} characters; at most 40.`)
      if (serial.length > 120) problems.push(`The serial number is ${serial.length} characters; at most 120.`)
      if (cells.length > header.length) problems.push(`Has ${cells.length} cells; the header names ${header.length}.`)
      if (purchase.value && warranty.value && warranty.value < purchase.value) problems.push('Warranty ends before the purchase date.')
      const key = (serial || tag).toLowerCase()
      if (seen.has(key)) problems.push(`Repeats line ${seen.get(key)} (${serial || tag}).`)
      seen.set(key, line)
      for (const message of problems) errors.push({ line, message })
      const assetId = (serial && this.assets.find({ serial, uuid: '', macs: [] })) || (tag && this.assets.assetIdByTag(tag)) || null
      rows.push({ line, tag, serial, purchaseDate: purchase.value, warrantyEnd: warranty.value, assetId })
    })
    return { rows, errors, newAssets: rows.filter((r) => !r.assetId).length }
  }

  /** All rows or none: any error refuses the whole file, naming every bad row. */
  commit(csv: string): { updated: number; created: number } {
    const preview = this.preview(csv)
    if (preview.errors.length) {
      throw new DeskError('INVALID_INPUT', `Nothing was imported: ${preview.errors.length} problem${preview.errors.length === 1 ? '' : 's'} in the file.`,
        preview.errors.map((e) => ({ path: `line ${e.line}`, message: e.message }))
      )
    }
    return this.db.transaction(() => {
      let created = 0
      for (const row of preview.rows) {
        const id = row.assetId ?? this.assets.create({ tag: row.tag || this.assets.newTag(), serial: row.serial })
        if (!row.assetId) created++
        // A date the file leaves empty keeps the one the record has.
        this.assets.update({ id, ...(row.purchaseDate ? { purchaseDate: row.purchaseDate } : {}), ...(row.warrantyEnd ? { warrantyEnd: row.warrantyEnd } : {}) })
      }
      return { updated: preview.rows.length - created, created }
    })()
  }
}
