/**
 * Byte sizes as people read them, one formatter for every layer: the UI passes the user's locale,
 * messages built below the UI (the weight cache's storage-full error) use English.
 *
 * Part of the kernel (src/core): imports nothing of the project.
 */

const UNITS = ['byte', 'kilobyte', 'megabyte', 'gigabyte', 'terabyte'] as const;

/** Constructing an Intl.NumberFormat costs far more than formatting with it. */
const formatters = new Map<string, Intl.NumberFormat>();

/** A cached Intl.NumberFormat for the locale and options (the UI's formatters use it too). */
export function numberFormat(locale: string, options?: Intl.NumberFormatOptions): Intl.NumberFormat {
  const key = `${locale}|${options ? JSON.stringify(options) : ''}`;
  let format = formatters.get(key);
  if (!format) {
    format = new Intl.NumberFormat(locale, options);
    formatters.set(key, format);
  }
  return format;
}

/** 1536 → "1.5 kB"-style text in the given locale (binary multiples, like the OS file manager). */
export function formatBytes(bytes: number, locale = 'en-US'): string {
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
