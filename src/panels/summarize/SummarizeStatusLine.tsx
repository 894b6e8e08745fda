/** One line saying what Summarize is doing or did (data-status carries the raw state). */
import { useTranslation } from 'react-i18next';
import { useShallow } from 'zustand/react/shallow';
import { formatNumber, formatSeconds } from '../../ui/format';
import { StatusLine } from '../../ui/StatusLine';
import { useSummarize } from './summarizeStore';

export function SummarizeStatusLine() {
  const { t, i18n } = useTranslation();
  const { status, progress, chunkProgress, loadProgress, measure, elapsedMs } = useSummarize(
    useShallow((s) => ({
      status: s.status,
      progress: s.progress,
      chunkProgress: s.chunkProgress,
      loadProgress: s.loadProgress,
      measure: s.measure,
      elapsedMs: s.elapsedMs,
    })),
  );
  const locale = i18n.language;

  let text: string;
  switch (status) {
    case 'idle':
      text = t('summarize.status.idle');
      break;
    case 'running':
      text =
        loadProgress && loadProgress.phase !== 'ready'
          ? t('summarize.status.loading')
          : !measure || !progress
            ? chunkProgress && chunkProgress.total > 0
              ? t('summarize.status.splitting', { percent: formatNumber(Math.floor((100 * chunkProgress.done) / chunkProgress.total), locale) })
              : t('summarize.status.measuring')
            : t('summarize.status.running', { done: formatNumber(progress.done, locale), total: formatNumber(progress.total, locale) });
      break;
    case 'done':
      text = t('summarize.status.done', { seconds: formatSeconds(elapsedMs, locale) });
      break;
    case 'cancelled':
      text = t('summarize.status.cancelled');
      break;
    case 'error':
      text = t('summarize.status.error');
      break;
  }
  return (
    <StatusLine status={status} testId="summarize-status">
      {text}
    </StatusLine>
  );
}
