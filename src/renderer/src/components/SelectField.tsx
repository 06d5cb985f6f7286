/** A labelled select over a fixed set of values (an enum), each shown by its label. */
export function SelectField<V extends string>({
  id,
  label,
  value,
  options,
  labels,
  onChange
}: {
  id: string
  label: string
  value: V
  options: readonly V[]
  labels: Record<V, string>
  onChange(value: V): void
}) {
  return (
    <div className="field">
      <label htmlFor={id}>{label}</label>
      <select id={id} value={value} onChange={(e) => onChange(e.target.value as V)}>
        {options.map((option) => (
          <option key={option} value={option}>
            {labels[option]}
          </option>
        ))}
      </select>
    </div>
  )
}
