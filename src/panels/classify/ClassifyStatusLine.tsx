/** One line saying what the Classify panel is doing or did (data-status carries the raw state). */
import { useTranslation } from 'react-i18next';
import { formatNumber, formatSeconds } from '../../ui/format';
import { StatusLine } from '../../ui/StatusLine';
import { useClassify } from './classifyStore';

export function ClassifyStatusLine() {
  const { t, i18n } = useTranslation();
  const { status, rows, dropped, progress, loadProgress, elapsedMs } = useClassify();
  const locale = i18n.language;

  let text: string;
  switch (status) {
    case 'idle':
      text = t('classify.status.idle');
      break;
    case 'empty':
      text = t('classify.status.empty');
      break;
    case 'running':
      text =
        loadProgress && loadProgress.phase !== 'ready'
          ? t('classify.status.loadingModel')
          : progress
            ? t('classify.status.running', { done: formatNumber(progress.done, locale), total: formatNumber(progress.total, locale) })
            : t('classify.status.starting');
      break;
    case 'done':
      text = t('classify.status.done', {
        count: rows.length,
        formatted: formatNumber(rows.length, locale),
        seconds: formatSeconds(elapsedMs, locale),
      });
      break;
    case 'cancelled':
      text = t('classify.status.cancelled');
      break;
    case 'error':
      text = t('classify.status.error');
      break;
  }
  const skipped = dropped > 0 && status !== 'idle' ? ` ${t('classify.status.skipped', { count: dropped })}` : '';

  return (
    <StatusLine status={status} testId="classify-status">
      {text}
      {skipped}
    </StatusLine>
  );
}
