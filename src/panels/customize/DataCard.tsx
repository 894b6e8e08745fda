/**
 * Step 2: the rows to label. Import a file, pick its text column; optionally take labels from a
 * column of the file, or ask for suggestions (rows nearest each category, then rows the model is
 * unsure about) to start from zero labels.
 */
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ImportProgressView, useTimeLimitText } from '../../ui/ImportProgressView';
import { ColumnSelect } from '../../ui/ColumnSelect';
import { FileField } from '../../ui/FileField';
import { useCustomize } from './customizeStore';

const ACCEPT = '.csv,.tsv,.tab,.txt,.json,.jsonl,.ndjson,.xlsx';

function FileLabels() {
  const { t } = useTranslation();
  const s = useCustomize();
  const columns = (s.source?.table.columns ?? []).filter((c) => c !== s.textColumn);
  return (
    <fieldset className="custom-fieldset">
      <legend className="field-label">{t('customize.data.fileLabelsTitle')}</legend>
      <p className="muted eval-hint">{t('customize.data.fileLabelsHint')}</p>
      <div className="form-grid">
        <ColumnSelect
          label={t('customize.data.labelColumn')}
          columns={columns}
          value={s.labelColumn}
          testId="custom-label-column"
          emptyLabel={t('customize.data.noLabelColumn')}
          onChange={s.setLabelColumn}
        />
        <div className="field">
          <label className="field-label" htmlFor="custom-per-class">
            {t('customize.data.perClass')}
          </label>
          <input
            id="custom-per-class"
            className="input"
            type="number"
            min={1}
            value={s.perClass}
            data-testid="custom-per-class"
            onChange={(e) => s.setPerClass(Number(e.target.value))}
          />
        </div>
        <button type="button" className="button secondary field-button" data-testid="custom-use-labels" disabled={!s.labelColumn} onClick={s.takeFileLabels}>
          {t('customize.data.useLabels')}
        </button>
      </div>
    </fieldset>
  );
}

export function DataCard() {
  const { t } = useTranslation();
  const timeLimitText = useTimeLimitText();
  const s = useCustomize();
  const busy = s.status === 'suggesting' || s.status === 'training';
  return (
    <div className="card">
      <h2>{t('customize.data.title')}</h2>
      <FileField
        label={t('customize.data.file')}
        hint={t('customize.data.fileHint')}
        accept={ACCEPT}
        testId="custom-import-input"
        disabled={busy}
        onFile={(file) => void s.importFile(file)}
      />
      {s.importing && !s.importProgress ? <p className="muted">{t('customize.data.importing')}</p> : null}
      {s.importProgress ? <ImportProgressView progress={s.importProgress} onCancel={s.cancelImport} testId="custom-import-progress" /> : null}
      {s.importError ? <ErrorMessage error={s.importError} message={timeLimitText(s.importError)} testId="custom-import-error" /> : null}
      {s.source ? (
        <>
          <p className="muted" data-testid="custom-import-summary" data-rows={s.source.table.rows.length}>
            {t('customize.data.imported', { name: s.source.fileName, count: s.source.table.rows.length })}
          </p>
          <div className="form-grid">
            <ColumnSelect
              label={t('customize.data.textColumn')}
              columns={s.source.table.columns}
              value={s.textColumn}
              testId="custom-text-column"
              onChange={s.setTextColumn}
            />
            <button
              type="button"
              className="button secondary field-button"
              data-testid="custom-suggest"
              disabled={busy || s.categories.length === 0}
              title={s.categories.length === 0 ? t('customize.data.suggestNeedsCategories') : undefined}
              onClick={s.suggest}
            >
              {s.trained ? t('customize.data.suggestMore') : t('customize.data.suggest')}
            </button>
          </div>
          <p className="muted eval-hint">{t('customize.data.suggestHint')}</p>
          <FileLabels />
        </>
      ) : null}
    </div>
  );
}
