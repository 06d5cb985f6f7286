import { useEffect, useState } from 'react'
import { AssetClass, type LifecyclePolicy } from '../../../shared/inventory'
import { call } from '../api'
import { useSession } from '../state/session-store'

/**
 * The refresh policy: years after purchase each class of machine is due for replacement. Signed in,
 * it is the team's (the desk server takes it first, from supervisors and admins); shown in Fleet and
 * in Administration, where it starts unfolded.
 */
export function LifecycleEditor({ onSaved, open = false }: { onSaved(): void; open?: boolean }) {
  const [policy, setPolicy] = useState<LifecyclePolicy | null>(null)
  useEffect(() => {
    call('inventory.lifecycle', {}).then(setPolicy, (e: unknown) => useSession.getState().notify(e))
  }, [])
  if (!policy) return null
  const save = async () => {
    try {
      setPolicy(await call('inventory.setLifecycle', policy))
      useSession.getState().inform('Refresh policy saved.')
      onSaved()
    } catch (error) {
      useSession.getState().notify(error)
    }
  }
  return (
    <details className="lifecycle" open={open}>
      <summary>Refresh policy</summary>
      <form
        onSubmit={(e) => {
          e.preventDefault()
          void save()
        }}
      >
        {AssetClass.options.map((c) => (
          <label key={c}>
            {c}
            <input
              type="number"
              min={1}
              max={15}
              placeholder="never"
              value={policy[c] ?? ''}
              onChange={(e) => setPolicy({ ...policy, [c]: e.target.value === '' ? null : Number(e.target.value) })}
            />
            <span className="hint">years</span>
          </label>
        ))}
        <button type="submit">Save policy</button>
      </form>
    </details>
  )
}
