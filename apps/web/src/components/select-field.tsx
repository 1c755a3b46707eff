import { Field } from './field.tsx';

export type SelectOption<V extends string> = V | { value: V; label: string };

/** A labelled `<select>`; an option is a value shown as itself, or a value with a label. */
export function SelectField<V extends string>({
  id,
  label,
  value,
  options,
  onChange,
}: {
  id: string;
  label: string;
  value: V;
  options: ReadonlyArray<SelectOption<V>>;
  onChange: (value: V) => void;
}) {
  return (
    <Field id={id} label={label}>
      {/* The options are exactly the values of V, so the chosen one is a V. */}
      <select id={id} value={value} onChange={(event) => onChange(event.target.value as V)}>
        {options.map((option) => {
          const { value: optionValue, label: optionLabel } = typeof option === 'string' ? { value: option, label: option } : option;
          return (
            <option key={optionValue} value={optionValue}>
              {optionLabel}
            </option>
          );
        })}
      </select>
    </Field>
  );
}
