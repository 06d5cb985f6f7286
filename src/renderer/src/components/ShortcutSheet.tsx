import { shortcutList } from '../shortcuts'
import { useSession } from '../state/session-store'
import { FormDialog } from './FormDialog'

export function ShortcutSheet() {
  const open = useSession((s) => s.dialog === 'shortcuts')
  const openDialog = useSession((s) => s.openDialog)
  return (
    <FormDialog title="Keyboard shortcuts" open={open} onOpenChange={(next) => openDialog(next ? 'shortcuts' : null)}>
      <dl className="shortcut-sheet">
        {shortcutList.map((s) => (
          <div key={s.keys}>
            <dt>
              <kbd>{s.keys}</kbd>
            </dt>
            <dd>{s.does}</dd>
          </div>
        ))}
      </dl>
    </FormDialog>
  )
}
