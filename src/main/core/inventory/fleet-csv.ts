import { stringify } from 'csv-stringify/sync'
import type { Asset } from '../../../shared/inventory'

// A cell starting with one of these runs as a formula when the file is opened in a spreadsheet.
const inert = (value: string) => (/^[=+\-@\t\r]/.test(value) ? `'${value}` : value)

/** The fleet view as a spreadsheet: one row per asset, flags in one cell. */
export function fleetCsv(assets: Asset[]): string {
  return stringify(
    assets.map((a) => [a.tag, a.name, a.assetClass, a.identity.serial, a.ownerName ?? '', a.location ?? '', a.purchaseDate ?? '', a.warrantyEnd ?? '', a.lastSeenAt ?? '', a.summary, a.flags.join('; ')].map(inert)),
    { header: true, columns: ['Tag', 'Name', 'Class', 'Serial', 'Owner', 'Location', 'Purchased', 'Warranty end', 'Last seen', 'Summary', 'Flags'] }
  )
}
