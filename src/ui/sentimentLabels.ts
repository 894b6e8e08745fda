/**
 * Sentiment labels as the user reads them, one spelling across the app: Classify showed the
 * model's "POSITIVE" where Insights said "Positive". A model's own label stays in the data
 * (exports, data attributes); only what is shown goes through here.
 */
import type { TFunction } from 'i18next';

export type PolarityWord = 'positive' | 'neutral' | 'negative';

/** "POSITIVE", "positive", "Negative" → the polarity; null for any other label (stars, a custom category), shown as the model wrote it. */
export function polarityWord(label: string): PolarityWord | null {
  const lower = label.trim().toLowerCase();
  return lower === 'positive' || lower === 'neutral' || lower === 'negative' ? lower : null;
}

/** The translated word for a polarity (literal keys, so the i18n test sees every one). */
export function polarityText(t: TFunction, polarity: PolarityWord): string {
  switch (polarity) {
    case 'positive':
      return t('polarity.positive');
    case 'neutral':
      return t('polarity.neutral');
    case 'negative':
      return t('polarity.negative');
  }
}

/** A model's label as shown: a polarity in the UI's words, any other label as it is. */
export function sentimentLabelText(t: TFunction, label: string): string {
  const polarity = polarityWord(label);
  return polarity ? polarityText(t, polarity) : label;
}
