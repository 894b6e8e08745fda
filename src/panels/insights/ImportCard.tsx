/** Where feedback comes in: drop or pick a file (CSV, TSV, JSON, JSONL, XLSX, text), or paste. */
import { useId, useRef, useState, type DragEvent } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ImportProgressView, useTimeLimitText } from '../../ui/ImportProgressView';
import { cancelImport, importFile, importPaste } from './datasets';
import { useInsights } from './store';

const ACCEPT = '.csv,.tsv,.tab,.txt,.json,.jsonl,.ndjson,.xlsx,text/csv,text/tab-separated-values,application/json';

export function ImportCard() {
  const { t } = useTranslation();
  const base = useId();
  const inputRef = useRef<HTMLInputElement>(null);
  const [dragging, setDragging] = useState(false);
  const [paste, setPaste] = useState('');
  const importing = useInsights((s) => s.importing);
  const error = useInsights((s) => s.importError);
  const progress = useInsights((s) => s.importProgress);
  const timeLimitText = useTimeLimitText();

  const onDrop = (event: DragEvent<HTMLDivElement>) => {
    event.preventDefault();
    setDragging(false);
    const file = event.dataTransfer.files[0];
    if (file) void importFile(file);
  };

  return (
    <div className="card" data-testid="insights-import">
      <h2>{t('insights.import.title')}</h2>
      <div
        className={dragging ? 'drop-zone insights-drop dragging' : 'drop-zone insights-drop'}
        data-testid="insights-drop"
        onDragOver={(event) => {
          event.preventDefault();
          setDragging(true);
        }}
        onDragLeave={() => setDragging(false)}
        onDrop={onDrop}
      >
        <p>{t('insights.import.dropHere')}</p>
        <label className="button secondary file-button" htmlFor={`${base}-file`}>
          {t('insights.import.choose')}
        </label>
        <input
          id={`${base}-file`}
          ref={inputRef}
          type="file"
          accept={ACCEPT}
          className="visually-hidden"
          data-testid="insights-import-input"
          disabled={importing}
          onChange={(event) => {
            const file = event.target.files?.[0];
            if (file) void importFile(file);
            event.target.value = '';
          }}
        />
        <p className="muted hint">{t('insights.import.formats')}</p>
      </div>
      <label htmlFor={`${base}-paste`} className="field-label">
        {t('insights.import.pasteLabel')}
      </label>
      <textarea
        id={`${base}-paste`}
        className="textarea"
        rows={4}
        data-testid="insights-paste"
        value={paste}
        placeholder={t('insights.import.pastePlaceholder')}
        spellCheck={false}
        onChange={(event) => setPaste(event.target.value)}
      />
      <div className="toolbar">
        <button
          type="button"
          className="button secondary"
          data-testid="insights-paste-submit"
          disabled={paste.trim() === '' || importing}
          onClick={() => void importPaste(paste, t('insights.import.pastedName'))}
        >
          {t('insights.import.usePaste')}
        </button>
        {importing && !progress ? <span className="muted">{t('insights.import.reading')}</span> : null}
      </div>
      {progress ? <ImportProgressView progress={progress} onCancel={cancelImport} testId="insights-import-progress" /> : null}
      {error ? <ErrorMessage error={error} message={timeLimitText(error)} testId="insights-import-error" /> : null}
    </div>
  );
}
