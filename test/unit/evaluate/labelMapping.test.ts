import { englishText } from '../../../src/core';
import { existsSync, readFileSync } from 'node:fs';
import Papa from 'papaparse';
import { describe, expect, it } from 'vitest';
import {
  applyLabelMapping,
  binarySentimentMapping,
  distinctLabels,
  identityMapping,
  mapLabel,
  normalizeLabel,
  numericLabel,
  starRatingMapping,
  validateMapping,
  type LabelMapping,
} from '../../../src/evaluate/labelMapping';

describe('normalizeLabel', () => {
  it('ignores case, surrounding and repeated whitespace and Unicode width', () => {
    expect(normalizeLabel('Bug Report')).toBe('bug report');
    expect(normalizeLabel('  bug \t  report ')).toBe('bug report');
    expect(normalizeLabel('ＢＵＧ　Report')).toBe('bug report'); // full-width letters and space (NFKC)
    expect(normalizeLabel(null)).toBe('');
    expect(normalizeLabel(5)).toBe('5');
  });

  it('reads plain numbers only', () => {
    expect(numericLabel(' 4 ')).toBe(4);
    expect(numericLabel('4.0')).toBe(4);
    expect(numericLabel(3)).toBe(3);
    expect(numericLabel('')).toBeUndefined();
    expect(numericLabel('0x10')).toBeUndefined();
    expect(numericLabel('5 stars')).toBeUndefined();
    expect(numericLabel(Number.NaN)).toBeUndefined();
  });
});

describe('star ratings', () => {
  const ratings = [1, 2, 3, 4, 5, '5', ' 1 ', '', null, 'n/a'];

  it('maps 1–2 to NEGATIVE, 4–5 to POSITIVE and drops 3 by default, reporting every dropped row', () => {
    const result = applyLabelMapping(ratings, starRatingMapping());
    expect(result.labels).toEqual(['NEGATIVE', 'NEGATIVE', null, 'POSITIVE', 'POSITIVE', 'POSITIVE', 'NEGATIVE', null, null, null]);
    expect(result.keptIndices).toEqual([0, 1, 3, 4, 5, 6]);
    expect(result.dropped).toEqual([
      { index: 2, raw: 3, reason: 'rule' },
      { index: 7, raw: '', reason: 'empty' },
      { index: 8, raw: null, reason: 'empty' },
      { index: 9, raw: 'n/a', reason: 'unmatched' },
    ]);
    expect(result.droppedByReason).toEqual({ empty: 2, rule: 1, unmatched: 1 });
    expect(result.classes).toEqual(['NEGATIVE', 'POSITIVE']);
    expect(result.counts).toEqual({ NEGATIVE: 3, POSITIVE: 3 });
  });

  it('can keep 3 stars as its own class', () => {
    const result = applyLabelMapping(ratings, starRatingMapping({ neutral: 'own-class' }));
    expect(result.labels[2]).toBe('NEUTRAL');
    expect(result.classes).toEqual(['NEGATIVE', 'POSITIVE', 'NEUTRAL']);
    expect(result.counts).toEqual({ NEGATIVE: 3, POSITIVE: 3, NEUTRAL: 1 });
  });

  it('maps 0/1 sentiment columns', () => {
    expect(applyLabelMapping(['1', '0', 0, 1, '2'], binarySentimentMapping()).labels).toEqual(['POSITIVE', 'NEGATIVE', 'NEGATIVE', 'POSITIVE', null]);
  });
});

describe('editable rules', () => {
  it('merges spellings, fixes typos with an equals rule and keeps other values as classes', () => {
    const raw = ['Positive', 'positive', 'postive', 'Negative ', 'negative', 'Neutral', 'neutral', 'neutral'];
    const mapping: LabelMapping = {
      rules: [{ match: { kind: 'equals', values: ['positive', 'postive', 'positve'] }, to: 'positive' }],
      unmatched: 'keep',
    };
    const result = applyLabelMapping(raw, mapping);
    expect(result.labels).toEqual(['positive', 'positive', 'positive', 'Negative', 'Negative', 'neutral', 'neutral', 'neutral']);
    // Kept classes are spelled as most rows spell them; "Negative" wins its 1–1 tie by coming first.
    expect(result.classes).toEqual(['positive', 'Negative', 'neutral']);
    expect(result.counts).toEqual({ positive: 3, Negative: 2, neutral: 3 });
  });

  it('applies the first matching rule and can drop with a rule', () => {
    const mapping: LabelMapping = {
      rules: [
        { match: { kind: 'equals', values: ['noise'] }, to: null },
        { match: { kind: 'equals', values: ['bug report', 'bug'] }, to: 'BUG' },
        { match: { kind: 'equals', values: ['Bug Report'] }, to: 'NEVER' },
      ],
      unmatched: 'drop',
    };
    expect(mapLabel('Bug Report', mapping)).toEqual({ label: 'BUG' });
    expect(mapLabel(' NOISE', mapping)).toEqual({ dropped: 'rule' });
    expect(mapLabel('praise', mapping)).toEqual({ dropped: 'unmatched' });
  });

  it('reports invalid rules in words and refuses to apply them', () => {
    const broken: LabelMapping = {
      rules: [
        { match: { kind: 'range', min: 5, max: 1 }, to: 'X' },
        { match: { kind: 'equals', values: ['  '] }, to: 'Y' },
        { match: { kind: 'equals', values: ['a'] }, to: '  ' },
      ],
      unmatched: 'keep',
    };
    expect(validateMapping(broken).map(englishText)).toEqual([
      'Rule 1 has its minimum (5) above its maximum (1).',
      'Rule 2 has no value to match.',
      'Rule 3 maps to an empty class name.',
    ]);
    expect(() => applyLabelMapping(['a'], broken)).toThrow(/Rule 1/);
    expect(validateMapping(starRatingMapping())).toEqual([]);
  });

  it('builds an identity mapping the editor can start from', () => {
    const raw = ['Other', 'other', 'other', 'Requirement', '', 'requirement'];
    expect(distinctLabels(raw)).toEqual([
      { key: 'other', display: 'other', count: 3, spellings: ['other', 'Other'] },
      { key: 'requirement', display: 'Requirement', count: 2, spellings: ['Requirement', 'requirement'] },
    ]);
    const result = applyLabelMapping(raw, identityMapping(raw));
    expect(result.classes).toEqual(['other', 'Requirement']);
    expect(result.droppedByReason.empty).toBe(1);
  });
});

// Real data: /work/shared/datasets/appstore_reviews_category_sentiment_vu/dataset.csv (3000 App
// Store reviews, 600 per star). The expected counts are facts about the published file (see the
// datasets README: mixed-case categories, 204 blank sentiments) tallied independently of this
// module; the test is skipped where the shared datasets are not mounted.
const APPSTORE = '/work/shared/datasets/appstore_reviews_category_sentiment_vu/dataset.csv';

describe.skipIf(!existsSync(APPSTORE))('App Store reviews dataset', () => {
  const rows = existsSync(APPSTORE) ? Papa.parse<Record<string, string>>(readFileSync(APPSTORE, 'utf8'), { header: true, skipEmptyLines: true }).data : [];

  it('merges the mixed-case categories into four classes', () => {
    // Raw: requirement 1064 + Requirement 26; other 803 + Other 86; bug report 790 + Bug Report 33;
    // noise 197 + Noise 1.
    const result = applyLabelMapping(
      rows.map((r) => r.category_final),
      { rules: [], unmatched: 'keep' },
    );
    expect(rows).toHaveLength(3000);
    expect(result.counts).toEqual({ requirement: 1090, other: 889, 'bug report': 823, noise: 198 });
    expect(result.dropped).toEqual([]);
  });

  it('maps star scores: 1200 negative, 1200 positive, 600 three-star rows dropped', () => {
    const result = applyLabelMapping(
      rows.map((r) => r.score),
      starRatingMapping(),
    );
    expect(result.counts).toEqual({ NEGATIVE: 1200, POSITIVE: 1200 });
    expect(result.droppedByReason).toEqual({ empty: 0, rule: 600, unmatched: 0 });
  });

  it('reports the 204 blank sentiments and folds the "postive"/"positve" typos into positive', () => {
    const mapping: LabelMapping = {
      rules: [{ match: { kind: 'equals', values: ['positive', 'postive', 'positve'] }, to: 'positive' }],
      unmatched: 'keep',
    };
    const result = applyLabelMapping(
      rows.map((r) => r.sentiment_final),
      mapping,
    );
    expect(result.droppedByReason.empty).toBe(204);
    // positive 534 + Positive 51 + postive 4 + positve 4 = 593; neutral 764 + 67; negative 692 + 88;
    // very positive 387 + 16 + 1; very negative 185 + 3.
    expect(result.counts).toEqual({
      positive: 593,
      neutral: 831,
      negative: 780,
      'very positive': 404,
      'very negative': 188,
    });
  });
});
