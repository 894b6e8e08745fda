/**
 * The labelling side of Customize, as pure functions: categories, labels per row, labels taken
 * from a column of the file, and what a training run gets (rows, class indices, folds).
 */
import { dict } from '../../customize/dict';
import { normalizeLabel } from '../../evaluate/labelMapping';
import { mulberry32, shuffleInPlace } from '../../customize/random';
import type { ParsedTable } from '../../insights/types';

/** One label per imported row; null = not labelled yet. */
export type RowLabels = Array<string | null>;

export const MAX_CATEGORY_LENGTH = 60;
export const MAX_CATEGORIES = 30;
/** Folds of cross-validation when every category has enough examples. */
export const DEFAULT_FOLDS = 5;

export type CategoryProblem = 'empty' | 'too-long' | 'duplicate' | 'too-many';

/** Why a category name cannot be added, or null when it can (names compare case-insensitively). */
export function categoryProblem(name: string, existing: readonly string[]): CategoryProblem | null {
  const tidy = tidyCategory(name);
  if (tidy === '') return 'empty';
  if (tidy.length > MAX_CATEGORY_LENGTH) return 'too-long';
  if (existing.some((c) => normalizeLabel(c) === normalizeLabel(tidy))) return 'duplicate';
  if (existing.length >= MAX_CATEGORIES) return 'too-many';
  return null;
}

export function tidyCategory(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ');
}

/** Labelled rows per category, in category order (0 for a category with none). */
export function countLabels(labels: RowLabels, categories: readonly string[]): Record<string, number> {
  const counts = dict<number>(categories.map((c) => [c, 0] as const));
  for (const label of labels) if (label !== null && Object.hasOwn(counts, label)) counts[label] = (counts[label] as number) + 1;
  return counts;
}

export interface ColumnLabels {
  /** The column's distinct values as categories, most frequent first. */
  categories: string[];
  labels: RowLabels;
  /** Rows labelled per category. */
  counts: Record<string, number>;
}

/**
 * Labels from a column of the file ("use the dataset's labels"): up to `perClass` rows of each
 * value, picked at random with a fixed seed so the examples are spread over the file and the same
 * click gives the same labels. Values are compared like the Evaluate label mapping (case and
 * spacing ignored) and named by their most frequent spelling. Rows with a blank text are skipped.
 */
export function labelsFromColumn(
  table: Pick<ParsedTable, 'rows'>,
  textColumn: string,
  labelColumn: string,
  perClass: number,
  options: { seed?: number; maxCategories?: number } = {},
): ColumnLabels {
  const byKey = new Map<string, { rows: number[]; spellings: Map<string, number> }>();
  table.rows.forEach((row, index) => {
    const raw = row[labelColumn] ?? '';
    const key = normalizeLabel(raw);
    if (key === '' || (row[textColumn] ?? '').trim() === '') return;
    const entry = byKey.get(key) ?? { rows: [], spellings: new Map<string, number>() };
    entry.rows.push(index);
    const spelling = tidyCategory(raw);
    entry.spellings.set(spelling, (entry.spellings.get(spelling) ?? 0) + 1);
    byKey.set(key, entry);
  });
  const maxCategories = options.maxCategories ?? MAX_CATEGORIES;
  const entries = [...byKey.values()].sort((a, b) => b.rows.length - a.rows.length).slice(0, maxCategories);
  const rng = mulberry32(options.seed ?? 42);
  const labels: RowLabels = table.rows.map(() => null);
  const categories: string[] = [];
  const counts = dict<number>();
  for (const entry of entries) {
    const name = [...entry.spellings.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? '';
    const chosen = shuffleInPlace([...entry.rows], rng).slice(0, Math.max(0, Math.floor(perClass)));
    for (const index of chosen) labels[index] = name;
    categories.push(name);
    counts[name] = chosen.length;
  }
  return { categories, labels, counts };
}

/** Merges newly taken labels into existing ones; a label the user already set is kept. */
export function mergeLabels(current: RowLabels, incoming: RowLabels): RowLabels {
  return current.map((label, i) => label ?? incoming[i] ?? null);
}

/** Labels after a category is removed: its rows become unlabelled. */
export function withoutCategory(labels: RowLabels, category: string): RowLabels {
  return labels.map((label) => (label === category ? null : label));
}

export interface TrainingSet {
  /** Rows to train on (indices into the table). */
  rows: number[];
  /** Class index of each training row. */
  y: number[];
  /** Categories with at least one example, in category order. */
  classes: string[];
  /** Categories left out because nobody labelled an example of them. */
  empty: string[];
  counts: Record<string, number>;
  /** k for cross-validation: 0 when a category has fewer than 2 examples. */
  folds: number;
}

/**
 * What to train on. Cross-validation uses up to 5 folds, fewer when the smallest category has
 * fewer examples (stratified folds need one example of each class per fold), none below 2.
 */
export function trainingSet(labels: RowLabels, categories: readonly string[], maxFolds = DEFAULT_FOLDS): TrainingSet {
  const counts = countLabels(labels, categories);
  const classes = categories.filter((c) => (counts[c] ?? 0) > 0);
  const empty = categories.filter((c) => (counts[c] ?? 0) === 0);
  const classIndex = new Map(classes.map((c, i) => [c, i] as const));
  const rows: number[] = [];
  const y: number[] = [];
  labels.forEach((label, index) => {
    const c = label === null ? undefined : classIndex.get(label);
    if (c === undefined) return;
    rows.push(index);
    y.push(c);
  });
  const smallest = classes.length > 0 ? Math.min(...classes.map((c) => counts[c] as number)) : 0;
  const folds = smallest >= 2 ? Math.min(maxFolds, smallest) : 0;
  return { rows, y, classes, empty, counts, folds };
}

export type TrainingProblem = 'no-data' | 'too-few-classes';

/** Why training cannot start yet, or null. */
export function trainingProblem(set: TrainingSet): TrainingProblem | null {
  if (set.rows.length === 0) return 'no-data';
  if (set.classes.length < 2) return 'too-few-classes';
  return null;
}

export type RowFilterKind = 'all' | 'unlabelled' | 'labelled' | 'suggested';

/**
 * The rows a filter shows, in table order; suggested rows come ordered as given (most useful
 * first). Rows with a blank text are never shown: there is nothing to label.
 */
export function filterRows(texts: readonly string[], labels: RowLabels, filter: RowFilterKind, suggested: readonly number[] = []): number[] {
  const hasText = (i: number) => (texts[i] ?? '').trim() !== '';
  if (filter === 'suggested') return suggested.filter(hasText);
  const out: number[] = [];
  for (let i = 0; i < texts.length; i++) {
    if (!hasText(i)) continue;
    const labelled = labels[i] !== null && labels[i] !== undefined;
    if (filter === 'all' || (filter === 'labelled') === labelled) out.push(i);
  }
  return out;
}

/** One page of `items` (0-based page, clamped to the last page). */
export function pageOf<T>(items: readonly T[], page: number, pageSize: number): { items: T[]; page: number; pages: number } {
  const pages = Math.max(1, Math.ceil(items.length / pageSize));
  const clamped = Math.min(Math.max(0, page), pages - 1);
  return { items: items.slice(clamped * pageSize, (clamped + 1) * pageSize), page: clamped, pages };
}
