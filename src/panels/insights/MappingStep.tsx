/**
 * After parsing: the user confirms which column is the text (and date, rating, segment, id), sees
 * what the import will do with empty, duplicate and unreadable rows, and saves the dataset.
 */
import { useId } from 'react';
import { useTranslation } from 'react-i18next';
import type { ColumnMapping } from '../../insights';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatNumber } from '../../ui/format';
import { confirmImport, discardDraft, setDraftName, setMapping } from './datasets';
import { ImportReportView } from './ImportReportView';
import { useInsights } from './store';

const ROLES = ['text', 'date', 'rating', 'segment', 'id'] as const satisfies readonly (keyof ColumnMapping)[];
const PREVIEW_ROWS = 5;

function useRoleLabels(): Record<keyof ColumnMapping, string> {
  const { t } = useTranslation();
  return {
    text: t('insights.mapping.text'),
    date: t('insights.mapping.date'),
    rating: t('insights.mapping.rating'),
    segment: t('insights.mapping.segment'),
    id: t('insights.mapping.id'),
  };
}

export function MappingStep() {
  const { t, i18n } = useTranslation();
  const base = useId();
  const draft = useInsights((s) => s.draft);
  const importing = useInsights((s) => s.importing);
  const labels = useRoleLabels();
  if (!draft) return null;
  const { mapping, preview, previewError } = draft;
  const { head: table, rowCount } = draft.session;
  const count = preview?.count ?? 0;

  return (
    <div className="card" data-testid="insights-mapping" data-rows={rowCount} data-checking={preview === null && !previewError}>
      <h2>{t('insights.mapping.title')}</h2>
      <p className="muted">
        {t('insights.mapping.detected', { rows: formatNumber(rowCount, i18n.language), columns: table.columns.length, format: table.format.toUpperCase() })}
      </p>
      <div className="form-grid">
        <div className="field grow">
          <label className="field-label" htmlFor={`${base}-name`}>
            {t('insights.mapping.name')}
          </label>
          <input id={`${base}-name`} className="input" data-testid="insights-dataset-name" value={draft.name} onChange={(e) => setDraftName(e.target.value)} />
        </div>
        {ROLES.map((role) => (
          <div className="field" key={role}>
            <label className="field-label" htmlFor={`${base}-${role}`}>
              {labels[role]}
            </label>
            <select
              id={`${base}-${role}`}
              className="select"
              data-testid={`insights-mapping-${role}`}
              value={mapping[role] ?? ''}
              onChange={(e) => setMapping({ [role]: e.target.value || null })}
            >
              {role === 'text' ? null : <option value="">{t('insights.mapping.none')}</option>}
              {table.columns.map((column) => (
                <option key={column} value={column}>
                  {column}
                </option>
              ))}
            </select>
          </div>
        ))}
      </div>

      {previewError ? <ErrorMessage error={previewError} testId="insights-mapping-error" /> : null}
      {preview === null && !previewError ? <p className="muted">{t('common.checking')}</p> : null}
      {preview ? (
        <ImportReportView
          report={{ ...preview.report, parseWarnings: table.warnings }}
          imported={count}
          counts={{ empty: preview.emptyCount, duplicates: preview.duplicateCount }}
        />
      ) : null}

      {preview && preview.first.length > 0 ? (
        <div className="insights-preview" data-testid="insights-mapping-preview">
          <p className="field-label">{t('insights.mapping.preview')}</p>
          <ol>
            {preview.first.slice(0, PREVIEW_ROWS).map((item) => (
              <li key={item.row}>
                <span className="insights-clamp">{item.text}</span>
                {item.date || item.rating !== null || item.segment ? (
                  <span className="muted"> · {[item.date, item.rating, item.segment].filter((v) => v !== null && v !== '').join(' · ')}</span>
                ) : null}
              </li>
            ))}
          </ol>
        </div>
      ) : null}

      <div className="toolbar">
        <div className="toolbar-actions">
          <button type="button" className="button secondary" onClick={discardDraft} disabled={importing}>
            {t('insights.mapping.discard')}
          </button>
          <button
            type="button"
            className="button primary"
            data-testid="insights-import-confirm"
            disabled={importing || count === 0}
            onClick={() => void confirmImport()}
          >
            {t('insights.mapping.confirm', { count, formatted: formatNumber(count, i18n.language) })}
          </button>
        </div>
      </div>
    </div>
  );
}
