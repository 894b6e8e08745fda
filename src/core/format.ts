/**
 * Byte sizes as people read them, one formatter for every layer: the UI passes the user's locale,
 * messages built below the UI (the weight cache's storage-full error) use English. And text cut
 * to a length for display.
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

/**
 * The text's first `max` UTF-16 units and "…" when it is longer; never cut inside a surrogate pair
 * (an emoji or a rare CJK character stays whole or goes).
 */
export function clipText(text: string, max: number): string {
  if (text.length <= max) return text;
  const last = text.charCodeAt(max - 1);
  const end = last >= 0xd800 && last <= 0xdbff ? max - 1 : max;
  return `${text.slice(0, end)}…`;
}
