/** Locale-aware number formatting for the UI (units come from Intl, so they need no translation). */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/**
 * One formatter per locale and options: building an Intl.NumberFormat costs about as much as
 * formatting a hundred numbers, and tables format one number per row (a 5,000-row table spent
 * 110 ms of one task building them).
 */
const formatters = new Map<string, Intl.NumberFormat>();
function numberFormat(locale: string, options: Intl.NumberFormatOptions = {}): Intl.NumberFormat {
  const key = `${locale}|${JSON.stringify(options)}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** 1536 → "1.5 kB"-style text in the given locale (binary multiples, like the OS file manager). */
export function formatBytes(bytes: number, locale: string): string {
  let value = Math.max(0, bytes);
  let unit = 0;
  while (value >= 1024 && unit < UNITS.length - 1) {
    value /= 1024;
    unit += 1;
  }
  // Intl's short form of "byte" is the word ("695 byte" in English); the symbol reads better.
  if (unit === 0) return `${numberFormat(locale).format(Math.round(value))} B`;
  return numberFormat(locale, {
    style: 'unit',
    unit: UNITS[unit],
    unitDisplay: 'short',
    maximumFractionDigits: value >= 100 ? 0 : 1,
  }).format(value);
}

/** 0.9731 → "97.3%". */
export function formatPercent(fraction: number, locale: string): string {
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(fraction);
}

export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale).format(value);
}

/** Milliseconds as seconds with one decimal, at least 0.1 ("0.1", "12.5"). */
export function formatSeconds(ms: number, locale: string): string {
  return numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.max(ms, 100) / 1000);
}
