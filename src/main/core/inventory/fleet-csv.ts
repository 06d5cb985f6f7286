import type { Asset } from '../../../shared/inventory'
import { spreadsheetCsv } from '../rules/spreadsheet-csv'

/** The fleet view as a spreadsheet: one row per asset, flags in one cell. */
export function fleetCsv(assets: Asset[]): string {
  return spreadsheetCsv(
    ['Tag', 'Name', 'Class', 'Serial', 'Owner', 'Location', 'Purchased', 'Warranty end', 'Last seen', 'Summary', 'Flags'],
    assets.map((a) => [a.tag, a.name, a.assetClass, a.identity.serial, a.ownerName ?? '', a.location ?? '', a.purchaseDate ?? '', a.warrantyEnd ?? '', a.lastSeenAt ?? '', a.summary, a.flags.join('; ')])
  )
}
