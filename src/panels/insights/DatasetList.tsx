/** The saved datasets; opening one restores everything computed for it. */
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatNumber } from '../../ui/format';
import { renderLocalized } from '../../ui/localizedText';
import { deleteDataset, exportDataset, openDataset } from './datasets';
import { useInsights } from './store';

export function DatasetList() {
  const { t, i18n } = useTranslation();
  const datasets = useInsights((s) => s.datasets);
  const error = useInsights((s) => s.datasetsError);
  const activeId = useInsights((s) => s.active?.record.id ?? null);
  const quarantined = useInsights((s) => s.quarantined);
  const date = new Intl.DateTimeFormat(i18n.language, { dateStyle: 'medium', timeStyle: 'short' });

  return (
    <div className="card" data-testid="insights-datasets" data-count={datasets.length}>
      <h2>{t('insights.datasets.title')}</h2>
      {datasets.length === 0 ? <p className="muted">{t('insights.datasets.empty')}</p> : null}
      <ul className="insights-datasets">
        {datasets.map((dataset) => (
          <li key={dataset.id} className={dataset.id === activeId ? 'active' : undefined} data-testid="insights-dataset" data-dataset-id={dataset.id}>
            <button
              type="button"
              className="insights-dataset-open"
              data-testid="insights-dataset-open"
              onClick={() => void openDataset(dataset.id)}
              aria-current={dataset.id === activeId ? 'true' : undefined}
            >
              <span className="insights-dataset-name">{dataset.name}</span>
              <span className="muted">
                {t('insights.datasets.meta', { rows: formatNumber(dataset.rowCount, i18n.language), date: date.format(dataset.createdAt) })}
              </span>
            </button>
            <DeleteDatasetButton id={dataset.id} name={dataset.name} testId="insights-dataset-delete" />
          </li>
        ))}
      </ul>
      {quarantined.length > 0 ? (
        <div data-testid="insights-quarantined" data-count={quarantined.length}>
          <h3>{t('insights.datasets.quarantinedTitle')}</h3>
          <ul className="insights-datasets">
            {quarantined.map((dataset) => (
              <li key={dataset.id} data-testid="insights-quarantined-dataset" data-dataset-id={dataset.id}>
                <span className="error-title">{t('insights.datasets.quarantined', { name: dataset.name, problem: renderLocalized(t, dataset.problem) })}</span>
                <button
                  type="button"
                  className="button ghost"
                  data-testid="insights-quarantined-export"
                  aria-label={t('insights.datasets.exportNamed', { name: dataset.name })}
                  onClick={() => void exportDataset(dataset.id, dataset.name)}
                >
                  {t('insights.datasets.export')}
                </button>
                <DeleteDatasetButton id={dataset.id} name={dataset.name} testId="insights-quarantined-delete" />
              </li>
            ))}
          </ul>
        </div>
      ) : null}
      {error ? <ErrorMessage error={error} testId="insights-datasets-error" /> : null}
    </div>
  );
}

/**
 * Deletes a dataset (and its results) after the user confirms. Its label names the dataset: for
 * screen readers only in a list, where the name is beside it; on the button itself with `named`.
 */
export function DeleteDatasetButton({ id, name, testId, named = false }: { id: string; name: string; testId: string; named?: boolean }) {
  const { t } = useTranslation();
  const label = t('insights.datasets.deleteNamed', { name });
  return (
    <button
      type="button"
      className="button ghost"
      data-testid={testId}
      aria-label={named ? undefined : label}
      onClick={() => {
        if (window.confirm(t('insights.datasets.confirmDelete', { name }))) void deleteDataset(id);
      }}
    >
      {named ? label : t('insights.datasets.delete')}
    </button>
  );
}
