/** Model load progress, then work progress, of a running evaluation. */
import { useTranslation } from 'react-i18next';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatNumber } from '../../ui/format';
import type { LoadProgress, WorkProgress } from '../../core';

export interface RunProgressProps {
  label: string;
  progress: WorkProgress | null;
  loadProgress: LoadProgress | null;
  testId: string;
}

export function RunProgress({ label, progress, loadProgress, testId }: RunProgressProps) {
  const { i18n, t } = useTranslation();
  if (loadProgress && loadProgress.phase !== 'ready') return <ModelLoadProgress progress={loadProgress} testId={`${testId}-load`} />;
  const locale = i18n.language;
  return (
    <ProgressBar
      label={label}
      value={progress?.done}
      max={progress?.total}
      detail={progress ? t('evaluate.progressDetail', { done: formatNumber(progress.done, locale), total: formatNumber(progress.total, locale) }) : undefined}
      testId={testId}
    />
  );
}
