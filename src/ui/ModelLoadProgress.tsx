/** One model's combined download progress ("Downloading model: 12 MB / 67 MB"), then "Preparing…". */
import { useTranslation } from 'react-i18next';
import type { LoadProgress } from '../core';
import { formatBytes } from './format';
import { ProgressBar } from './ProgressBar';

export function ModelLoadProgress({ progress, testId }: { progress: LoadProgress; testId?: string }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (progress.phase === 'downloading') {
    const known = progress.totalBytes > 0;
    const detail = known
      ? t('progress.bytesOf', {
          loaded: formatBytes(progress.loadedBytes, locale),
          total: formatBytes(progress.totalBytes, locale),
        })
      : formatBytes(progress.loadedBytes, locale);
    return (
      <ProgressBar
        label={t('progress.downloading', { model: progress.modelId })}
        value={known ? progress.loadedBytes : undefined}
        max={known ? progress.totalBytes : undefined}
        detail={detail}
        testId={testId}
      />
    );
  }
  if (progress.phase === 'initializing') {
    return <ProgressBar label={t('progress.initializing', { model: progress.modelId })} testId={testId} />;
  }
  return (
    <ProgressBar
      label={t('progress.ready', { model: progress.modelId })}
      value={1}
      max={1}
      detail={progress.totalBytes > 0 ? formatBytes(progress.totalBytes, locale) : undefined}
      testId={testId}
    />
  );
}
