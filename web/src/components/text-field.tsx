/** A labelled input of a form laid out like the filter bar (the Desk view's forms). */

/** One field: its input is `#<prefix>-<name>` and is sent as `name`. */
export function TextField({
  prefix,
  name,
  label,
  type = 'text',
  placeholder,
  invalid = false,
}: {
  prefix: string;
  name: string;
  label: string;
  type?: 'text' | 'date' | 'number' | 'url';
  /** An example of what the field takes, where the label alone leaves the form open. */
  placeholder?: string;
  /** A refusal or problem names this field: marked for the eye and for screen readers. */
  invalid?: boolean;
}) {
  return (
    <div class="field">
      <label for={`${prefix}-${name}`}>{label}</label>
      <input
        id={`${prefix}-${name}`}
        name={name}
        type={type as 'text'}
        placeholder={placeholder}
        aria-invalid={invalid || undefined}
      />
    </div>
  );
}
