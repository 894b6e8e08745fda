/** Counts per label above the results ("POSITIVE 8 · NEGATIVE 4"). */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { formatNumber, formatPercent } from '../../ui/format';
import { countLabels, labelTone, type ClassifiedItem } from './results';

export function LabelSummary({ rows }: { rows: readonly ClassifiedItem[] }) {
  const { t, i18n } = useTranslation();
  const counts = useMemo(() => countLabels(rows), [rows]);
  return (
    <ul className="label-summary" aria-label={t('classify.summaryLabel')} data-testid="classify-summary">
      {counts.map(({ label, count }) => (
        <li key={label} className={`label-chip tone-${labelTone(label)}`} data-label={label}>
          {label} <strong>{formatNumber(count, i18n.language)}</strong> <span className="muted">{formatPercent(count / rows.length, i18n.language)}</span>
        </li>
      ))}
    </ul>
  );
}
