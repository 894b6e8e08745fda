/** A table import in progress: its stage, rows received, elapsed time against the limit, and Cancel. */
import { useEffect, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { WorkbenchError, type ImportProgress } from '../core';
import { formatNumber } from './format';
import { ProgressBar } from './ProgressBar';

export interface ImportProgressViewProps {
  progress: ImportProgress;
  onCancel(): void;
  testId: string;
}

export function ImportProgressView({ progress, onCancel, testId }: ImportProgressViewProps) {
  const { t, i18n } = useTranslation();
  // Re-rendered every second so the elapsed time moves while the worker parses.
  const [now, setNow] = useState(() => performance.now());
  useEffect(() => {
    const timer = setInterval(() => setNow(performance.now()), 1000);
    return () => clearInterval(timer);
  }, []);
  const locale = i18n.language;
  const stageLabel = (stage: ImportProgress['stage']) =>
    stage === 'reading' ? t('tableImport.reading') : stage === 'parsing' ? t('tableImport.parsing') : t('tableImport.receiving');
  const receiving = progress.stage === 'receiving' && progress.totalRows > 0;
  const elapsed = t('tableImport.elapsed', {
    seconds: formatNumber(Math.max(0, Math.round((now - progress.startedAt) / 1000)), locale),
    limit: formatNumber(progress.limitMs / 60_000, locale),
  });
  const detail = receiving
    ? `${t('tableImport.rowsOf', { done: formatNumber(progress.rows, locale), total: formatNumber(progress.totalRows, locale) })} · ${elapsed}`
    : elapsed;
  return (
    <div className="toolbar" data-testid={testId} data-stage={progress.stage}>
      <ProgressBar
        label={stageLabel(progress.stage)}
        value={receiving ? progress.rows : undefined}
        max={receiving ? progress.totalRows : undefined}
        detail={detail}
        testId={`${testId}-bar`}
      />
      <button type="button" className="button secondary" data-testid={`${testId}-cancel`} onClick={onCancel}>
        {t('tableImport.cancel')}
      </button>
    </div>
  );
}

/** The translated headline for a stopped-at-the-limit import, or undefined for any other error. */
export function useTimeLimitText(): (error: unknown) => string | undefined {
  const { t, i18n } = useTranslation();
  return (error) => {
    if (!(error instanceof WorkbenchError) || !error.detail?.startsWith('time-limit:')) return undefined;
    const ms = Number(error.detail.slice('time-limit:'.length).replace(/[^\d.]/g, ''));
    return t('tableImport.timeLimit', { limit: formatNumber(ms / 60_000, i18n.language) });
  };
}
