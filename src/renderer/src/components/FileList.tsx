import { useState } from 'react'
import { fileSize, isProgramFile } from '../../../shared/attachments'
import { call } from '../api'
import { download } from '../download'
import { useSession } from '../state/session-store'

export interface ListedFile {
  name: string
  size: number
  type: string
  /** Null when the desk server did not keep it (over the team's size limit). */
  sha256?: string | null | undefined
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
      else download(file.name, new Blob([Uint8Array.from(atob((await call('files.get', { sha256: file.sha256 })).data), (c) => c.charCodeAt(0))], { type: 'application/octet-stream' }))
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
