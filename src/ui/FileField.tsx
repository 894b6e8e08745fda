/** A labelled file picker; the chosen file goes to `onFile` and the input is cleared for the next pick. */
import { useId } from 'react';

export interface FileFieldProps {
  label: string;
  hint?: string;
  accept: string;
  testId: string;
  disabled?: boolean;
  onFile(file: File): void;
}

export function FileField({ label, hint, accept, testId, disabled, onFile }: FileFieldProps) {
  const id = useId();
  return (
    <div className="field">
      <label htmlFor={id} className="field-label">
        {label}
      </label>
      <input
        id={id}
        type="file"
        className="input"
        accept={accept}
        data-testid={testId}
        disabled={disabled}
        onChange={(event) => {
          const file = event.target.files?.[0];
          // Cleared so picking the same file again (after editing it) fires another change.
          event.target.value = '';
          if (file) onFile(file);
        }}
      />
      {hint ? <span className="muted eval-hint">{hint}</span> : null}
    </div>
  );
}
