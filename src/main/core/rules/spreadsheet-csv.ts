import { stringify } from 'csv-stringify/sync'

// A cell starting with one of these runs as a formula when the file is opened in a spreadsheet.
const inert = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

/** Rows as CSV for a spreadsheet: a header row, and every cell kept inert (no cell can be a formula). */
export function spreadsheetCsv(columns: string[], rows: Array<Array<string | number | null>>): string {
  return stringify(
    rows.map((row) => row.map((cell) => inert(cell === null ? '' : String(cell)))),
    { header: true, columns }
  )
}
