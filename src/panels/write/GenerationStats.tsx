/**
 * Live speed: tokens so far, the steady rate (first to last token) and the first-token latency,
 * reported apart because the first token includes reading the prompt (and often warm-up).
 */
import { useTranslation } from 'react-i18next';
import { formatNumber, formatSeconds } from '../../ui/format';
import { useWrite } from './writeStore';

export function GenerationStats() {
  const { t, i18n } = useTranslation();
  const stats = useWrite((s) => s.stats);
  if (!stats) return null;
  const locale = i18n.language;
  const rate = stats.tokensPerSecond;
  return (
    <p className="muted stats-line" data-testid="write-stats">
      <span data-testid="write-token-count" data-count={stats.tokens}>
        {t('write.stats.tokens', { count: stats.tokens, formatted: formatNumber(stats.tokens, locale) })}
      </span>
      {' · '}
      <span data-testid="write-tokens-per-second" data-rate={rate ?? ''}>
        {rate === null ? t('write.stats.rateUnknown') : t('write.stats.tokensPerSecond', { rate: formatNumber(Math.round(rate * 10) / 10, locale) })}
      </span>
      {' · '}
      <span data-testid="write-first-token">
        {stats.firstTokenMs === null ? t('write.stats.waiting') : t('write.stats.firstToken', { seconds: formatSeconds(stats.firstTokenMs, locale) })}
      </span>
    </p>
  );
}
