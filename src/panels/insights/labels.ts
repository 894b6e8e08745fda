/** Translated names and colours of the three polarities, shared by charts, table and legends. */
import { useTranslation } from 'react-i18next';
import type { Polarity } from '../../insights';
import { polarityText } from '../../ui/sentimentLabels';

export const POLARITIES: readonly Polarity[] = ['positive', 'neutral', 'negative'];

export const POLARITY_COLORS: Record<Polarity, string> = {
  positive: '#147a4b',
  neutral: '#9aa3b5',
  negative: '#b42335',
};

/** Rows with no sentiment yet, where a chart shows them (the category breakdown). */
export const UNKNOWN_COLOR = '#d5dae4';

export function usePolarityLabels(): Record<Polarity | 'unknown', string> {
  const { t } = useTranslation();
  return {
    positive: polarityText(t, 'positive'),
    neutral: polarityText(t, 'neutral'),
    negative: polarityText(t, 'negative'),
    unknown: t('insights.sentiment.unknown'),
  };
}
