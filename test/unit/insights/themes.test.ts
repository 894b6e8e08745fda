import { describe, expect, it } from 'vitest';
import { kmeans, toMatrix } from '../../../src/insights/clustering';
import { buildThemes, capQuote, overallShareNegative, rankPainPoints, type ThemeItem } from '../../../src/insights/themes';
import type { Polarity, Theme } from '../../../src/insights/types';

/** Two themes in 3-d: "battery" rows near x, "shipping" rows near y; the z tilt sets the distance from the centroid. */
function fixture() {
  const rows: Array<{ text: string; sentiment: Polarity | null; vector: number[] }> = [
    { text: 'Battery dies in an hour', sentiment: 'negative', vector: [1, 0, 0] },
    { text: 'battery  dies in an HOUR', sentiment: 'negative', vector: [1, 0, 0.01] }, // duplicate of the first
    { text: 'The battery drains overnight', sentiment: 'negative', vector: [1, 0, 0.1] },
    { text: 'Battery life is poor', sentiment: 'negative', vector: [1, 0, 0.2] },
    { text: 'Battery is fine I guess', sentiment: 'positive', vector: [1, 0, 0.3] },
    { text: `Battery ${'rant '.repeat(100)}`, sentiment: 'negative', vector: [1, 0, 0.5] },
    { text: 'Shipping was fast', sentiment: 'positive', vector: [0, 1, 0] },
    { text: 'Fast shipping, great box', sentiment: 'positive', vector: [0, 1, 0.1] },
    { text: 'Shipping took a week', sentiment: 'negative', vector: [0, 1, 0.2] },
    { text: 'Quick shipping', sentiment: null, vector: [0, 1, 0.3] },
  ];
  const vectors = toMatrix(rows.map((r) => r.vector));
  const clusters = kmeans(vectors, 2, { seed: 1 });
  const items: ThemeItem[] = rows.map((r, i) => ({ row: i + 1, text: r.text, sentiment: r.sentiment }));
  return { items, vectors, clusters };
}

describe('buildThemes', () => {
  it('counts size and sentiment mix, computes share negative and net sentiment', () => {
    const { items, vectors, clusters } = fixture();
    const themes = buildThemes({ items, vectors, clusters });
    expect(themes.map((t) => t.size)).toEqual([6, 4]); // largest first
    const [battery, shipping] = themes as [Theme, Theme];
    expect(battery.rows).toEqual([1, 2, 3, 4, 5, 6]);
    expect(battery.sentiment).toEqual({ positive: 1, neutral: 0, negative: 5, unknown: 0 });
    expect(battery.shareNegative).toBeCloseTo(5 / 6);
    expect(battery.netSentiment).toBeCloseTo((1 - 5) / 6);
    // The unclassified row is left out of the shares.
    expect(shipping.sentiment).toEqual({ positive: 2, neutral: 0, negative: 1, unknown: 1 });
    expect(shipping.shareNegative).toBeCloseTo(1 / 3);
    expect(shipping.netSentiment).toBeCloseTo(1 / 3);
    expect(battery.keywords[0]).toBe('battery');
    expect(battery.name.startsWith('battery')).toBe(true);
  });

  it('quotes the rows closest to the centroid, skipping duplicates, capping length', () => {
    const { items, vectors, clusters } = fixture();
    const [battery] = buildThemes({ items, vectors, clusters, quoteCount: 6, quoteMaxChars: 60 });
    const quotes = battery!.quotes;
    // Rows 1 and 2 are the same text once case and spaces are ignored: only one is quoted.
    expect(quotes.filter((q) => q.row === 1 || q.row === 2)).toHaveLength(1);
    expect(quotes).toHaveLength(5);
    // Closest to the centroid first (cosine, whatever the vectors' lengths). The centroid is the
    // normalised mean of the unit vectors (1, 0, z): its tilt z/x ≈ 0.18 is nearest row 4's 0.2.
    const unit = (v: number[]) => v.map((x) => x / Math.hypot(...v));
    const zs = [0, 0.01, 0.1, 0.2, 0.3, 0.5];
    const mean = unit(zs.map((z) => unit([1, 0, z])).reduce((a, b) => a.map((x, i) => x + b[i]!)));
    const cosine = (z: number) => unit([1, 0, z]).reduce((sum, x, i) => sum + x * mean[i]!, 0);
    const expected = zs
      .map((z, i) => ({ row: i + 1, c: cosine(z) }))
      .sort((a, b) => b.c - a.c)
      .map((x) => x.row)
      .filter((row) => row !== 1);
    expect(quotes.map((q) => q.row)).toEqual(expected);
    expect(expected[0]).toBe(4);
    expect(quotes[0]!.similarity).toBeCloseTo(cosine(0.2), 5);
    for (let i = 1; i < quotes.length; i++) expect(quotes[i - 1]!.similarity).toBeGreaterThanOrEqual(quotes[i]!.similarity);
    const long = quotes.find((q) => q.row === 6)!;
    expect(long.truncated).toBe(true);
    expect([...long.text].length).toBeLessThanOrEqual(60);
    expect(long.text.endsWith('…')).toBe(true);
    expect(battery!.negativeQuotes.every((q) => q.sentiment === 'negative')).toBe(true);
    expect(battery!.negativeQuotes.map((q) => q.row)).not.toContain(5);
  });

  it('rejects inputs of different lengths', () => {
    const { items, vectors, clusters } = fixture();
    expect(() => buildThemes({ items: items.slice(1), vectors, clusters })).toThrow(RangeError);
  });
});

describe('capQuote', () => {
  it('keeps short text, cuts long text at a word boundary, and never splits a surrogate pair', () => {
    expect(capQuote('  short   text ', 20)).toEqual({ text: 'short text', truncated: false });
    expect(capQuote('one two three four five six', 15)).toEqual({ text: 'one two three…', truncated: true });
    const emoji = '😀'.repeat(10);
    expect(capQuote(emoji, 5)).toEqual({ text: '😀😀😀😀…', truncated: true });
  });
});

describe('rankPainPoints', () => {
  function theme(id: number, size: number, negative: number, positive: number, extra: Partial<Theme> = {}): Theme {
    return {
      id,
      name: `theme ${id}`,
      keywords: [`k${id}a`, `k${id}b`],
      size,
      rows: [],
      sentiment: { positive, neutral: size - negative - positive, negative, unknown: 0 },
      shareNegative: negative / size,
      netSentiment: (positive - negative) / size,
      quotes: [{ row: 1, text: 'q', truncated: false, similarity: 1, sentiment: 'positive' }],
      negativeQuotes: [],
      ...extra,
    };
  }

  it('keeps negative-leaning themes, ranked by size × share negative, with the score exposed', () => {
    const themes = [
      theme(0, 100, 10, 80), // 10% negative: below overall
      theme(1, 50, 30, 10), // 60%: score 30
      theme(2, 20, 18, 1), // 90%: score 18
      theme(3, 200, 70, 100), // 35%: above overall (≈ 0.349), score 70
      theme(4, 2, 2, 0), // too small
    ];
    const overall = overallShareNegative(themes);
    expect(overall).toBeCloseTo(130 / 372);
    const pains = rankPainPoints(themes);
    expect(pains.map((p) => p.themeId)).toEqual([3, 1, 2]);
    expect(pains.map((p) => p.score)).toEqual([70, 30, 18]);
    expect(pains[0]!.lift).toBeCloseTo(0.35 / overall);
    expect(pains[1]!.summary).toBe('50 rows (13% of all feedback), 60% negative against 35% overall; mentions k1a, k1b.');
    // Without negative quotes, the theme's own quotes are used.
    expect(pains[0]!.quotes).toHaveLength(1);
  });

  it('counts a theme above one half as a pain point even when the overall share is higher', () => {
    const pains = rankPainPoints([theme(0, 10, 6, 4), theme(1, 10, 9, 1)], { overallShareNegative: 0.8 });
    expect(pains.map((p) => p.themeId)).toEqual([1, 0]);
  });

  it('breaks score ties by the more negative theme', () => {
    const pains = rankPainPoints([theme(0, 20, 10, 10), theme(1, 10, 10, 0)], { overallShareNegative: 0.1 });
    expect(pains.map((p) => [p.themeId, p.score])).toEqual([
      [1, 10],
      [0, 10],
    ]);
  });
});
