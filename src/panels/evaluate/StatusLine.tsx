/** One line saying how the last run of a section ended (data-status carries the raw state). */
import { useTranslation } from 'react-i18next';

export type SectionStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error' | 'empty';

export function StatusLine({ status, testId }: { status: SectionStatus; testId: string }) {
  const { t } = useTranslation();
  let text: string | null = null;
  if (status === 'done') text = t('evaluate.status.done');
  else if (status === 'cancelled') text = t('evaluate.status.cancelled');
  else if (status === 'error') text = t('evaluate.status.error');
  else if (status === 'empty') text = t('evaluate.status.empty');
  return (
    <p className={`status status-${status}`} data-testid={testId} data-status={status} role="status" aria-live="polite">
      {text}
    </p>
  );
}
