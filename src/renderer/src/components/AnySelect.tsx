/** A select over a fixed set of values (an enum) with "any" first: null when no one value is chosen. */
export function AnySelect<V extends string>({ label, any, value, options, labels, onChange }: { label: string; any: string; value: V | null; options: readonly V[]; labels: Record<V, string>; onChange(value: V | null): void }) {
  return (
    <select aria-label={label} value={value ?? ''} onChange={(e) => onChange((e.target.value || null) as V | null)}>
      <option value="">{any}</option>
      {options.map((option) => (
        <option key={option} value={option}>
          {labels[option]}
        </option>
      ))}
    </select>
  )
}
