/**
 * From an imported table to the rows a classification evaluation scores: which column is the
 * text, which is the label, and how raw labels become classes.
 *
 * The mapping editor works on the label column's distinct values: every value gets a target
 * class, or none (dropped). Presets (star ratings, 0/1, keep as is) only fill in those targets,
 * so whatever the user starts from, what they see is exactly what will be scored. The targets are
 * turned into a `LabelMapping` for `applyLabelMapping`, which reports what was dropped and why.
 */
import {
  applyLabelMapping,
  binarySentimentMapping,
  distinctLabels,
  identityMapping,
  mapLabel,
  starRatingMapping,
  type DistinctLabel,
  type LabelMapping,
  type MappingResult,
} from './labelMapping';
import { columnStats } from '../insights/import';
import type { ParsedTable } from '../insights/types';

/** Distinct label key → the class it becomes, or null to leave those rows out. */
export type LabelTargets = Record<string, string | null>;

export const MAPPING_PRESETS = ['identity', 'stars', 'stars-neutral', 'binary'] as const;
export type MappingPreset = (typeof MAPPING_PRESETS)[number];

export interface LabeledRow {
  /** Position in the imported table (0-based). */
  index: number;
  text: string;
  /** The label cell as imported. */
  raw: string;
  /** The class after mapping. */
  label: string;
}

export interface LabeledData {
  rows: LabeledRow[];
  /** Classes in the mapping's order. */
  classes: string[];
  mapping: MappingResult;
  /** Rows left out because their text cell is blank. */
  emptyText: number;
}

/** A label column with more distinct values than this is probably not a label column. */
export const MAX_DISTINCT_LABELS = 60;

function presetMapping(preset: MappingPreset, rawLabels: readonly string[]): LabelMapping {
  switch (preset) {
    case 'stars':
      return starRatingMapping();
    case 'stars-neutral':
      return starRatingMapping({ neutral: 'own-class' });
    case 'binary':
      return binarySentimentMapping();
    case 'identity':
      return identityMapping(rawLabels);
  }
}

/** The targets a preset gives each distinct value (what the editor then shows). */
export function targetsFromPreset(preset: MappingPreset, distinct: readonly DistinctLabel[]): LabelTargets {
  const mapping = presetMapping(
    preset,
    distinct.flatMap((d) => d.spellings),
  );
  return Object.fromEntries(
    distinct.map((d) => {
      const outcome = mapLabel(d.display, mapping);
      return [d.key, 'label' in outcome ? outcome.label : null];
    }),
  );
}

/**
 * Which preset fits a column best: 0/1 columns are binary sentiment, 1–5 columns are star
 * ratings, anything else is kept as is.
 */
export function suggestPreset(distinct: readonly DistinctLabel[]): MappingPreset {
  const keys = distinct.map((d) => d.key);
  if (keys.length > 0 && keys.every((k) => k === '0' || k === '1')) return 'binary';
  const numbers = keys.map(Number);
  if (keys.length >= 3 && numbers.every((n) => Number.isInteger(n) && n >= 1 && n <= 5)) return 'stars';
  return 'identity';
}

/** The mapping the targets describe: one rule per distinct value; values not listed are dropped. */
export function mappingFromTargets(distinct: readonly DistinctLabel[], targets: LabelTargets): LabelMapping {
  // Classes take the order of their rules: for numeric labels (stars, 0/1) ascending values, so
  // reports read NEGATIVE, NEUTRAL, POSITIVE; otherwise most frequent first.
  const numeric = distinct.length > 0 && distinct.every((d) => Number.isFinite(Number(d.key)));
  const ordered = numeric ? [...distinct].sort((a, b) => Number(a.key) - Number(b.key)) : distinct;
  return {
    rules: ordered.map((d) => {
      const target = targets[d.key];
      const to = target === undefined || target === null || target.trim() === '' ? null : target;
      return { match: { kind: 'equals', values: d.spellings }, to };
    }),
    unmatched: 'drop',
  };
}

/**
 * The rows to score: text and mapped label for every row that has both. The rows keep their
 * table order and position, so the misclassified list can point back at the file.
 */
export function buildLabeledData(
  table: Pick<ParsedTable, 'rows'>,
  textColumn: string,
  labelColumn: string,
  distinct: readonly DistinctLabel[],
  targets: LabelTargets,
): LabeledData {
  const rawLabels = table.rows.map((row) => row[labelColumn] ?? '');
  const mapping = applyLabelMapping(rawLabels, mappingFromTargets(distinct, targets));
  const rows: LabeledRow[] = [];
  let emptyText = 0;
  for (const index of mapping.keptIndices) {
    const text = (table.rows[index]?.[textColumn] ?? '').trim();
    if (text === '') {
      emptyText++;
      continue;
    }
    rows.push({ index, text, raw: rawLabels[index] ?? '', label: mapping.labels[index] as string });
  }
  const present = new Set(rows.map((r) => r.label));
  return { rows, classes: mapping.classes.filter((c) => present.has(c)), mapping, emptyText };
}

/** Distinct values of a column, most frequent first (for the mapping editor). */
export function distinctOfColumn(table: Pick<ParsedTable, 'rows'>, column: string): DistinctLabel[] {
  return distinctLabels(table.rows.map((row) => row[column] ?? ''));
}

/**
 * A model's label spelled like the evaluation's class when they differ only in case or spacing
 * ("positive" vs "POSITIVE"), so a model is not marked wrong for its capitalisation.
 */
export function alignPrediction(label: string, classes: readonly string[]): string {
  if (classes.includes(label)) return label;
  const key = label.trim().toLowerCase();
  return classes.find((c) => c.trim().toLowerCase() === key) ?? label;
}

/** The first `limit` rows (all when limit is 0 or not a positive number). */
export function limitRows<T>(rows: readonly T[], limit: number): T[] {
  return Number.isInteger(limit) && limit > 0 ? rows.slice(0, limit) : [...rows];
}

const LABEL_NAME =
  /^(label|labels|class|category|categories|sentiment|polarity|target|tag|type|rating|ratings|stars?|score|feedback|y|类别|标签|分类|情感|评分)$/i;

/**
 * The column that most looks like labels: few distinct values (2 to MAX_DISTINCT_LABELS), not
 * the text column; a label-like name ("label", "category", "rating") wins, then a single-word
 * name over a derived one ("label" over "new_label"), then fewer distinct values.
 */
export function guessLabelColumn(table: ParsedTable, textColumn: string | null): string | null {
  let best: { name: string; score: number } | null = null;
  for (const stats of columnStats(table)) {
    if (stats.name === textColumn || stats.nonEmpty === 0) continue;
    if (stats.distinct < 2 || stats.distinct > MAX_DISTINCT_LABELS || stats.averageLength > 40) continue;
    const words = stats.name.split(/[^\p{L}\p{N}]+/u).filter(Boolean);
    const named = LABEL_NAME.test(stats.name) ? 100 : words.some((w) => LABEL_NAME.test(w)) ? 50 : 0;
    const score = named - stats.distinct / 100;
    if (!best || score > best.score) best = { name: stats.name, score };
  }
  return best?.name ?? null;
}
