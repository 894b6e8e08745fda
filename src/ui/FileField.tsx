/**
 * A labelled file picker for a file the app reads at once: the chosen file goes to `onFile`, and the
 * field then names the file it loaded (a bare file input would say "No file chosen" at that point,
 * having been cleared so the same file can be picked again after editing it).
 */
import { useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { FilePicker } from './FilePicker';

export interface FileFieldProps {
  label: string;
  hint?: string;
  accept: string;
  testId: string;
  disabled?: boolean;
  onFile(file: File): void;
}

export function FileField({ label, hint, accept, testId, disabled, onFile }: FileFieldProps) {
  const { t } = useTranslation();
  const id = useId();
  const [loaded, setLoaded] = useState<string | null>(null);
  return (
    <div className="field" role="group" aria-labelledby={id}>
      <span id={id} className="field-label">
        {label}
      </span>
      <span className="file-field-row">
        <FilePicker
          label={t('filePicker.choose')}
          accept={accept}
          testId={testId}
          disabled={disabled}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (!file) return;
            setLoaded(file.name);
            onFile(file);
          }}
        />
        {loaded ? (
          <span className="muted file-field-name" data-testid={`${testId}-name`}>
            {t('filePicker.chosen', { name: loaded })}
          </span>
        ) : null}
      </span>
      {hint ? <span className="muted eval-hint">{hint}</span> : null}
    </div>
  );
}
