const pad = (n: number) => String(n).padStart(2, '0')

/** A date on this computer's calendar as a date input holds it: YYYY-MM-DD. */
export const localDateInput = (d: Date) => `${d.getFullYear()}-${pad(d.getMonth() + 1)}-${pad(d.getDate())}`

/** An instant in this computer's time as a datetime-local input holds it (empty for none). */
export const localDateTimeInput = (iso: string | null) => {
  if (!iso) return ''
  const d = new Date(iso)
  return `${localDateInput(d)}T${pad(d.getHours())}:${pad(d.getMinutes())}`
}
