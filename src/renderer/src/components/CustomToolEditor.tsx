import { useEffect, useState, type FormEvent } from 'react'
import { call } from '../api'
import { asAppError } from '../state/session-store'

/**
 * The desk's own vendor tool, for a remote-control product not in the list: its full path and its
 * arguments, one per line, with `{id}` as a line of its own where the ID goes. Checked by the core.
 */
export function CustomToolEditor({ onSaved }: { onSaved(): void }) {
  const [label, setLabel] = useState('')
  const [command, setCommand] = useState('')
  const [args, setArgs] = useState('{id}')
  const [error, setError] = useState<string | null>(null)

  useEffect(() => {
    void call('remote.customTool', {}).then(({ tool }) => {
      if (!tool) return
      setLabel(tool.label)
      setCommand(tool.command)
      setArgs(tool.args.join('\n'))
    })
  }, [])

  const save = async (event: FormEvent) => {
    event.preventDefault()
    setError(null)
    try {
      await call('remote.setCustomTool', { tool: { label: label.trim(), command: command.trim(), args: args.split('\n').map((a) => a.trim()).filter(Boolean) } })
      onSaved()
    } catch (e) {
      const problem = asAppError(e)
      setError([problem.message, ...(problem.issues ?? []).map((i) => i.message)].join(' '))
    }
  }

  return (
    <details className="custom-tool">
      <summary>Your own tool…</summary>
      <form onSubmit={(e) => void save(e)} noValidate aria-label="Your own tool">
        <div className="field">
          <label htmlFor="tool-label">Name</label>
          <input id="tool-label" value={label} onChange={(e) => setLabel(e.target.value)} placeholder="Vendor Viewer" />
        </div>
        <div className="field">
          <label htmlFor="tool-command">Full path</label>
          <input id="tool-command" className="mono" value={command} onChange={(e) => setCommand(e.target.value)} placeholder="C:\Program Files\Vendor\viewer.exe" spellCheck={false} />
        </div>
        <div className="field">
          <label htmlFor="tool-args">Arguments, one per line ({'{id}'} where the ID goes)</label>
          <textarea id="tool-args" className="mono" rows={3} value={args} onChange={(e) => setArgs(e.target.value)} spellCheck={false} />
        </div>
        {error && (
          <p className="field-error" role="alert">
            {error}
          </p>
        )}
        <button type="submit">Save tool</button>
      </form>
    </details>
  )
}
