/**
 * Turning a dataset's raw label column into the classes a model is scored against.
 *
 * Real label columns are messy: star ratings instead of sentiments, "Bug Report" next to
 * "bug report", typos ("postive"), blanks. A mapping is an ordered list of editable rules
 * (first match wins) plus a policy for values no rule matches. Every dropped row is reported
 * with its reason, so the Evaluate app can say "204 rows were left out because their label is
 * empty" instead of silently scoring a different dataset.
 */
import { englishText, reason, refusal, type Reason } from '../core';

/** A raw cell value as it comes out of a CSV/XLSX/JSONL parser. */
export type RawLabel = string | number | boolean | null | undefined;

export type LabelMatcher =
  /** Matches any of these values after normalisation (case, spacing and Unicode form ignored). */
  | { kind: 'equals'; values: readonly string[] }
  /** Matches a number (or a numeric string such as " 4 " or "4.0") within [min, max], inclusive. */
  | { kind: 'range'; min: number; max: number };

export interface LabelRule {
  match: LabelMatcher;
  /** The class to assign, or `null` to drop matching rows (e.g. 3-star reviews). */
  to: string | null;
}

export interface LabelMapping {
  rules: readonly LabelRule[];
  /**
   * What happens to a non-empty value no rule matches: 'keep' makes it its own class (spelled
   * the way it is most often spelled in the data), 'drop' leaves the row out.
   */
  unmatched: 'keep' | 'drop';
}

export type DropReason = 'empty' | 'rule' | 'unmatched';

export interface DroppedRow {
  index: number;
  raw: RawLabel;
  reason: DropReason;
}

export interface MappingResult {
  /** One entry per input row: the class, or null when the row was dropped. */
  labels: Array<string | null>;
  /** Indices of the rows that were kept, ascending. */
  keptIndices: number[];
  dropped: DroppedRow[];
  droppedByReason: Record<DropReason, number>;
  /** Classes in a stable order: rule targets in rule order, then kept raw classes by first appearance. */
  classes: string[];
  /** Rows per class. */
  counts: Record<string, number>;
}

export interface DistinctLabel {
  /** Normalised comparison key. */
  key: string;
  /** The most frequent original spelling (trimmed, spaces collapsed); first seen on ties. */
  display: string;
  count: number;
  /** Every spelling seen, most frequent first. */
  spellings: string[];
}

/**
 * The comparison key of a label: Unicode NFKC (full-width letters, ligatures), trimmed,
 * internal whitespace collapsed to one space, lower-cased. "Bug  Report " and "bug report"
 * share a key.
 */
export function normalizeLabel(raw: RawLabel): string {
  if (raw === null || raw === undefined) return '';
  return String(raw).normalize('NFKC').trim().replace(/\s+/gu, ' ').toLowerCase();
}

/** How a label is shown: trimmed and spaces collapsed, but its case kept. */
function tidy(raw: RawLabel): string {
  if (raw === null || raw === undefined) return '';
  return String(raw).normalize('NFKC').trim().replace(/\s+/gu, ' ');
}

/** The numeric value of a label, or undefined when it is not a plain number. */
export function numericLabel(raw: RawLabel): number | undefined {
  if (typeof raw === 'number') return Number.isFinite(raw) ? raw : undefined;
  if (typeof raw !== 'string') return undefined;
  const text = raw.trim();
  // Number('') is 0 and Number('0x10') is 16; only accept plain decimal notation.
  if (!/^[+-]?(\d+\.?\d*|\.\d+)([eE][+-]?\d+)?$/u.test(text)) return undefined;
  const value = Number(text);
  return Number.isFinite(value) ? value : undefined;
}

function matches(matcher: LabelMatcher, raw: RawLabel, key: string): boolean {
  if (matcher.kind === 'equals') return matcher.values.some((value) => normalizeLabel(value) === key);
  const value = numericLabel(raw);
  return value !== undefined && value >= matcher.min && value <= matcher.max;
}

/** Problems that make a mapping unusable, one reason each; empty when fine. */
export function validateMapping(mapping: LabelMapping): Reason[] {
  const problems: Reason[] = [];
  mapping.rules.forEach((ruleOf, i) => {
    const rule = i + 1;
    if (ruleOf.to !== null && tidy(ruleOf.to) === '') problems.push(reason('ruleEmptyClass', { rule }));
    if (ruleOf.match.kind === 'equals') {
      if (ruleOf.match.values.length === 0 || ruleOf.match.values.every((v) => normalizeLabel(v) === '')) {
        problems.push(reason('ruleNoValue', { rule }));
      }
    } else {
      const { min, max } = ruleOf.match;
      if (!Number.isFinite(min) || !Number.isFinite(max)) problems.push(reason('ruleNoBounds', { rule }));
      else if (min > max) problems.push(reason('ruleMinAboveMax', { rule, min, max }));
    }
  });
  return problems;
}

export type MapOutcome = { label: string } | { dropped: DropReason };

/** Maps one value. Class names are tidied (trimmed, spaces collapsed) but keep their case. */
export function mapLabel(raw: RawLabel, mapping: LabelMapping): MapOutcome {
  const key = normalizeLabel(raw);
  if (key === '') return { dropped: 'empty' };
  for (const rule of mapping.rules) {
    if (!matches(rule.match, raw, key)) continue;
    return rule.to === null ? { dropped: 'rule' } : { label: tidy(rule.to) };
  }
  return mapping.unmatched === 'keep' ? { label: tidy(raw) } : { dropped: 'unmatched' };
}

/** The distinct labels of a column, most frequent first, for building or editing rules. */
export function distinctLabels(rawLabels: readonly RawLabel[]): DistinctLabel[] {
  const byKey = new Map<string, { count: number; firstSeen: number; spellings: Map<string, { count: number; firstSeen: number }> }>();
  rawLabels.forEach((raw, index) => {
    const key = normalizeLabel(raw);
    if (key === '') return;
    let entry = byKey.get(key);
    if (!entry) {
      entry = { count: 0, firstSeen: index, spellings: new Map() };
      byKey.set(key, entry);
    }
    entry.count++;
    const spelling = tidy(raw);
    const s = entry.spellings.get(spelling) ?? { count: 0, firstSeen: index };
    s.count++;
    entry.spellings.set(spelling, s);
  });
  const byFrequency = <T extends { count: number; firstSeen: number }>(a: [string, T], b: [string, T]) =>
    b[1].count - a[1].count || a[1].firstSeen - b[1].firstSeen;
  return [...byKey.entries()].sort(byFrequency).map(([key, entry]) => {
    const spellings = [...entry.spellings.entries()].sort(byFrequency).map(([s]) => s);
    return { key, display: spellings[0] ?? key, count: entry.count, spellings };
  });
}

export function applyLabelMapping(rawLabels: readonly RawLabel[], mapping: LabelMapping): MappingResult {
  const problems = validateMapping(mapping);
  // The first problem is the headline; the others (if any) follow in the English detail.
  if (problems.length > 0) throw refusal(reason('evalMappingInvalid', { problem: problems[0]! }), { detail: problems.map(englishText).join(' ') });

  // 'keep' classes are spelled the way the data most often spells them, so "requirement"
  // (1064 rows) wins over "Requirement" (26 rows) regardless of which comes first.
  const preferredSpelling = new Map(distinctLabels(rawLabels).map((d) => [d.key, d.display] as const));

  const labels: Array<string | null> = [];
  const keptIndices: number[] = [];
  const dropped: DroppedRow[] = [];
  const droppedByReason: Record<DropReason, number> = { empty: 0, rule: 0, unmatched: 0 };
  const counts: Record<string, number> = {};
  const ruleClasses: string[] = [];
  for (const rule of mapping.rules) if (rule.to !== null && !ruleClasses.includes(tidy(rule.to))) ruleClasses.push(tidy(rule.to));
  const keptRawClasses: string[] = [];

  rawLabels.forEach((raw, index) => {
    const outcome = mapLabel(raw, mapping);
    if ('dropped' in outcome) {
      labels.push(null);
      dropped.push({ index, raw, reason: outcome.dropped });
      droppedByReason[outcome.dropped]++;
      return;
    }
    let label = outcome.label;
    if (!ruleClasses.includes(label)) {
      label = preferredSpelling.get(normalizeLabel(raw)) ?? label;
      // A raw class that differs from a rule class only by case joins that rule class.
      const sameAsRule = ruleClasses.find((c) => normalizeLabel(c) === normalizeLabel(label));
      if (sameAsRule !== undefined) label = sameAsRule;
      else if (!keptRawClasses.includes(label)) keptRawClasses.push(label);
    }
    labels.push(label);
    keptIndices.push(index);
    counts[label] = (counts[label] ?? 0) + 1;
  });

  return { labels, keptIndices, dropped, droppedByReason, classes: [...ruleClasses, ...keptRawClasses], counts };
}

/** A mapping that keeps every distinct label as its own class, one editable rule each. */
export function identityMapping(rawLabels: readonly RawLabel[]): LabelMapping {
  return {
    rules: distinctLabels(rawLabels).map((d) => ({ match: { kind: 'equals', values: d.spellings }, to: d.display })),
    unmatched: 'keep',
  };
}

export interface StarRatingOptions {
  /** What 3 stars (the midpoint) becomes: dropped (default) or a class of its own. */
  neutral?: 'drop' | 'own-class';
  negativeLabel?: string;
  neutralLabel?: string;
  positiveLabel?: string;
  /**
   * The scale's top; 5 by default. Ratings at least one star below the midpoint are negative,
   * at least one above are positive, the band between is neutral.
   */
  maxStars?: number;
}

/**
 * 1–5 stars → sentiment: 1–2 NEGATIVE, 4–5 POSITIVE, 3 dropped or NEUTRAL. Half stars
 * (e.g. 2.5, 3.5) are read with inclusive ranges, so 2.5 is dropped / neutral with 3.
 */
export function starRatingMapping(options: StarRatingOptions = {}): LabelMapping {
  const max = options.maxStars ?? 5;
  const mid = (1 + max) / 2;
  const negative = options.negativeLabel ?? 'NEGATIVE';
  const positive = options.positiveLabel ?? 'POSITIVE';
  const neutral = options.neutral === 'own-class' ? (options.neutralLabel ?? 'NEUTRAL') : null;
  return {
    rules: [
      { match: { kind: 'range', min: 1, max: mid - 1 }, to: negative },
      { match: { kind: 'range', min: mid + 1, max }, to: positive },
      { match: { kind: 'range', min: mid - 1, max: mid + 1 }, to: neutral },
    ],
    unmatched: 'drop',
  };
}

/** 0/1 (or "0"/"1") → NEGATIVE/POSITIVE, as in the UCI and waimai sentiment sets. */
export function binarySentimentMapping(negativeLabel = 'NEGATIVE', positiveLabel = 'POSITIVE'): LabelMapping {
  return {
    rules: [
      { match: { kind: 'range', min: 0, max: 0 }, to: negativeLabel },
      { match: { kind: 'range', min: 1, max: 1 }, to: positiveLabel },
    ],
    unmatched: 'drop',
  };
}
