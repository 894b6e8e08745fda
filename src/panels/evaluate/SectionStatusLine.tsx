/** One line saying how the last run of an Evaluate section ended. */
import { useTranslation } from 'react-i18next';
import { StatusLine } from '../../ui/StatusLine';

export type SectionStatus = 'idle' | 'running' | 'done' | 'cancelled' | 'error' | 'empty';

export function SectionStatusLine({ status, testId }: { status: SectionStatus; testId: string }) {
  const { t } = useTranslation();
  let text: string | null = null;
  if (status === 'done') text = t('evaluate.status.done');
  else if (status === 'cancelled') text = t('evaluate.status.cancelled');
  else if (status === 'error') text = t('evaluate.status.error');
  else if (status === 'empty') text = t('evaluate.status.empty');
  return (
    <StatusLine status={status} testId={testId}>
      {text}
    </StatusLine>
  );
}
