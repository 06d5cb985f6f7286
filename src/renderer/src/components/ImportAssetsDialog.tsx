import { useState } from 'react'
import type { ImportPreview } from '../../../shared/inventory'
import { call } from '../api'
import { useSession } from '../state/session-store'
import { DialogActions, FormDialog } from './FormDialog'

/** Purchase and warranty data from CSV: preview every row and every problem first; import all or nothing. */
export function ImportAssetsDialog({ open, onClose }: { open: boolean; onClose(): void }) {
  const [csv, setCsv] = useState('')
  const [preview, setPreview] = useState<ImportPreview | null>(null)
  const reset = () => {
    setCsv('')
    setPreview(null)
    onClose()
  }
  const read = async (file: File | undefined) => {
    if (!file) return
    const text = await file.text()
    setCsv(text)
    try {
      setPreview(await call('inventory.importPreview', { csv: text }))
    } catch (error) {
      useSession.getState().notify(error)
    }
  }
  const submit = async () => {
    try {
      const done = await call('inventory.import', { csv })
      useSession.getState().inform(`Imported: ${done.updated} machine${done.updated === 1 ? '' : 's'} updated, ${done.created} added.`)
      reset()
    } catch (error) {
      useSession.getState().notify(error)
    }
  }
  return (
    <FormDialog title="Import purchase and warranty data" open={open} onOpenChange={(o) => !o && reset()}>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void submit()
        }}
      >
        <p className="hint">A CSV with a header line naming serial (or tag), purchase date and warranty end, dates as yyyy-mm-dd.</p>
        <input type="file" accept=".csv,text/csv" aria-label="CSV file" onChange={(e) => void read(e.target.files?.[0])} />
        {preview && (
          <div className="import-preview" role="status">
            <p>
              {preview.rows.length} row{preview.rows.length === 1 ? '' : 's'}: {preview.rows.length - preview.newAssets} known machine
              {preview.rows.length - preview.newAssets === 1 ? '' : 's'}, {preview.newAssets} new.
            </p>
            {preview.errors.length > 0 && (
              <>
                <p className="error">Nothing will be imported until these are fixed:</p>
                <ul className="import-errors" aria-label="Problems">
                  {preview.errors.map((e) => (
                    <li key={`${e.line}-${e.message}`}>
                      Line {e.line}: {e.message}
                    </li>
                  ))}
                </ul>
              </>
            )}
          </div>
        )}
        <DialogActions submit="Import" disabled={!preview || preview.errors.length > 0 || preview.rows.length === 0} />
      </form>
    </FormDialog>
  )
}
