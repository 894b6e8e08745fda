/** Number formats of the Evaluate and Customize apps (metrics are shown to three decimals, like sklearn's report). */

export function formatMetric(value: number | null | undefined, locale: string, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** Perplexity spans 1 to thousands: two decimals below 100, fewer above. */
export function formatPerplexity(value: number, locale: string): string {
  if (!Number.isFinite(value)) return '∞';
  const digits = value < 100 ? 2 : value < 10_000 ? 1 : 0;
  return new Intl.NumberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}
