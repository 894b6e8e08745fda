/** Pure helpers for classification results: TSV export, label tone and label counts. */
import { guardFormula } from '../../insights/export';

export interface ClassifiedItem {
  text: string;
  label: string;
  score: number;
}

/**
 * Tabs and line breaks inside a cell would break the TSV layout; they become spaces. The copy is
 * pasted into spreadsheets, so a cell that starts like a formula is made text, as in the CSV export.
 */
function cell(value: string): string {
  return guardFormula(value.replace(/[\t\r\n]+/g, ' '));
}

/** Tab-separated values with a header row; scores as fractions with 4 decimals (spreadsheet-friendly). */
export function toTsv(rows: readonly ClassifiedItem[], header: readonly [string, string, string]): string {
  const lines = [header.map(cell).join('\t')];
  for (const row of rows) lines.push([cell(row.text), cell(row.label), row.score.toFixed(4)].join('\t'));
  return lines.join('\n') + '\n';
}

export type Tone = 'positive' | 'negative' | 'neutral';

/** Colour hint for a label: POSITIVE/NEGATIVE, or "1 star".."5 stars" from the multilingual model. */
export function labelTone(label: string): Tone {
  const lower = label.toLowerCase();
  const stars = /^([1-5])\s*stars?$/.exec(lower);
  if (stars) {
    const n = Number(stars[1]);
    return n >= 4 ? 'positive' : n <= 2 ? 'negative' : 'neutral';
  }
  if (lower.startsWith('pos') || lower === 'label_1') return 'positive';
  if (lower.startsWith('neg') || lower === 'label_0') return 'negative';
  return 'neutral';
}

/** How many items got each label, most frequent first (ties by label). */
export function countLabels(rows: readonly ClassifiedItem[]): Array<{ label: string; count: number }> {
  const counts = new Map<string, number>();
  for (const row of rows) counts.set(row.label, (counts.get(row.label) ?? 0) + 1);
  return [...counts.entries()].map(([label, count]) => ({ label, count })).sort((a, b) => b.count - a.count || a.label.localeCompare(b.label));
}
