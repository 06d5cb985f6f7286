import { useState } from 'react'
import { fileSize, isProgramFile } from '../../../shared/attachments'
import { call } from '../api'
import { useSession } from '../state/session-store'

export interface ListedFile {
  name: string
  size: number
  type: string
  /** Null when the desk server did not keep it (over the team's size limit). */
  sha256?: string | null | undefined
}

/** Hands bytes to the browser's own download (a save dialog in the app): the page never renders them. */
function saveAs(name: string, base64: string): void {
  const bytes = Uint8Array.from(atob(base64), (c) => c.charCodeAt(0))
  const url = URL.createObjectURL(new Blob([bytes], { type: 'application/octet-stream' }))
  const link = document.createElement('a')
  link.href = url
  link.download = name
  link.click()
  setTimeout(() => URL.revokeObjectURL(url), 10_000)
}

/**
 * Files on an entry (or the whole ticket): saved through the browser, or in the app opened through
 * the shell's guard, which asks first and warns about programs. Names are text, never links.
 */
export function FileList({ files, label }: { files: ListedFile[]; label: string }) {
  const [busy, setBusy] = useState<string | null>(null)
  const inApp = window.frontline.host === 'app'
  const run = async (file: ListedFile, how: 'save' | 'open') => {
    if (!file.sha256) return
    setBusy(file.sha256)
    try {
      if (how === 'open') await call('files.open', { sha256: file.sha256, name: file.name })
      else saveAs(file.name, (await call('files.get', { sha256: file.sha256 })).data)
    } catch (error) {
      useSession.getState().notify(error)
    } finally {
      setBusy(null)
    }
  }
  return (
    <ul className="files" aria-label={label}>
      {files.map((file, i) => (
        <li key={`${file.sha256 ?? 'none'}-${i}`}>
          <span className="file-name">{file.name}</span> <span className="hint">{fileSize(file.size)}</span>
          {isProgramFile(file.name) && (
            <span className="file-warning" title="Opening it runs it on this computer.">
              program
            </span>
          )}
          {file.sha256 ? (
            <>
              {inApp && (
                <button type="button" className="small" disabled={busy !== null} aria-label={`Open ${file.name}`} onClick={() => void run(file, 'open')}>
                  Open…
                </button>
              )}
              <button type="button" className="small" disabled={busy !== null} aria-label={`Save ${file.name}`} onClick={() => void run(file, 'save')}>
                {busy === file.sha256 ? 'Getting…' : 'Save'}
              </button>
            </>
          ) : (
            <span className="hint"> not kept: larger than the team’s limit</span>
          )}
        </li>
      ))}
    </ul>
  )
}
