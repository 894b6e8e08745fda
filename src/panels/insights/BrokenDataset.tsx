/**
 * The ways out when a dataset cannot be used: its record is malformed (`openProblem`), or its view
 * threw while rendering (the error boundary around DatasetView). Export keeps the stored records
 * as a file; delete removes them; the other datasets stay usable either way.
 */
import type { ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import type { Reason } from '../../core';
import { renderLocalized } from '../../ui/localizedText';
import { PanelErrorView } from '../../ui/PanelErrorBoundary';
import { DeleteDatasetButton } from './DatasetList';
import { exportDataset } from './datasets';

function DatasetActions({ id, name, onClose }: { id: string; name: string; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <>
      <button type="button" className="button" data-testid="insights-broken-export" onClick={() => void exportDataset(id, name)}>
        {t('insights.datasets.exportNamed', { name })}
      </button>
      <DeleteDatasetButton id={id} name={name} testId="insights-broken-delete" named />
      <button type="button" className="button ghost" data-testid="insights-broken-close" onClick={onClose}>
        {t('insights.broken.close')}
      </button>
    </>
  );
}

/** A dataset whose record or rows failed the checks: nothing of it was opened. */
export function BrokenDataset({ id, name, problem, onClose }: { id: string; name: string; problem: Reason; onClose(): void }) {
  const { t } = useTranslation();
  return (
    <section className="card error-message" role="alert" data-testid="insights-broken" data-dataset-id={id}>
      <h2 className="error-title">{t('insights.broken.title')}</h2>
      <p data-testid="insights-broken-reason">{t('insights.broken.reason', { name, problem: renderLocalized(t, problem) })}</p>
      <p className="muted">{t('insights.broken.help')}</p>
      <div className="toolbar-actions">
        <DatasetActions id={id} name={name} onClose={onClose} />
      </div>
    </section>
  );
}

/** The error boundary's view for the open dataset. */
export function DatasetRenderError({
  error,
  id,
  name,
  onClose,
  onRetry,
}: {
  error: unknown;
  id: string;
  name: string;
  onClose(): void;
  onRetry(): void;
}): ReactNode {
  return (
    <PanelErrorView error={error} onRetry={onRetry} testId="panel-error">
      <DatasetActions id={id} name={name} onClose={onClose} />
    </PanelErrorView>
  );
}
