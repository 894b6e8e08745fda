/** Locale-aware number formatting for the UI (units come from Intl, so they need no translation). */
// Every formatter here goes through the kernel's cached Intl.NumberFormat: constructing one costs
// far more than formatting with it, and long lists (a summary's 1,000 parts) format one per row.
import { numberFormat } from '../core';

/** Byte sizes: the kernel's formatter (storage messages use it too), here with the other UI formats. */
export { formatBytes } from '../core';

/** 0.9731 → "97.3%". */
export function formatPercent(fraction: number, locale: string): string {
  return numberFormat(locale, { style: 'percent', minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(fraction);
}

export function formatNumber(value: number, locale: string): string {
  return numberFormat(locale).format(value);
}

/** A metric to three decimals, like sklearn's report (Evaluate and Customize); '–' when there is none. */
export function formatMetric(value: number | null | undefined, locale: string, digits = 3): string {
  if (value === null || value === undefined || !Number.isFinite(value)) return '–';
  return numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** Perplexity spans 1 to thousands: two decimals below 100, fewer above. */
export function formatPerplexity(value: number, locale: string): string {
  if (!Number.isFinite(value)) return '∞';
  const digits = value < 100 ? 2 : value < 10_000 ? 1 : 0;
  return numberFormat(locale, { minimumFractionDigits: digits, maximumFractionDigits: digits }).format(value);
}

/** Milliseconds as seconds with one decimal, at least 0.1 ("0.1", "12.5"). */
export function formatSeconds(ms: number, locale: string): string {
  return numberFormat(locale, { minimumFractionDigits: 1, maximumFractionDigits: 1 }).format(Math.max(ms, 100) / 1000);
}

/**
 * A duration as the largest two units ("2 hr 15 min", "4 min 10 sec", "12 sec"), in the locale's
 * own unit words.
 */
export function formatDuration(ms: number, locale: string): string {
  const seconds = Math.max(0, Math.round(ms / 1000));
  const unit = (value: number, name: 'hour' | 'minute' | 'second') => numberFormat(locale, { style: 'unit', unit: name, unitDisplay: 'short' }).format(value);
  const hours = Math.floor(seconds / 3600);
  const minutes = Math.floor((seconds % 3600) / 60);
  if (hours > 0) return minutes > 0 ? `${unit(hours, 'hour')} ${unit(minutes, 'minute')}` : unit(hours, 'hour');
  if (minutes > 0) return seconds % 60 > 0 ? `${unit(minutes, 'minute')} ${unit(seconds % 60, 'second')}` : unit(minutes, 'minute');
  return unit(seconds, 'second');
}

const dateTimeFormats = new Map<string, Intl.DateTimeFormat>();

/**
 * The one date-and-time format of the app ("Dec 4, 2026, 4:58 AM"; 中文 "2026年12月4日 04:58"):
 * datasets, drafts and saved classifiers alike. `toLocaleString()` gave "12/4/2026, 5:09:55 AM"
 * beside it.
 */
export function formatDateTime(value: number | Date, locale: string): string {
  let format = dateTimeFormats.get(locale);
  if (!format) {
    format = new Intl.DateTimeFormat(locale, { dateStyle: 'medium', timeStyle: 'short' });
    dateTimeFormats.set(locale, format);
  }
  return format.format(value);
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
