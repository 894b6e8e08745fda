/**
 * Themes = clusters + what they say: size, sentiment mix, representative quotes and a keyword
 * name; pain points = the themes that lean negative, ranked so the biggest sources of negative
 * feedback come first.
 */
import type { ClusterResult } from './clustering';
import { similarityToCentroid } from './clustering';
import { normalizeForDuplicates } from './import/items';
import { clusterKeywords, type ClusterKeywords, type KeywordOptions } from './keywords';
import { countSentiment, emptyCounts, netOf, shareNegativeOf } from './sentiment';
import type { Matrix, PainPoint, Polarity, Quote, Theme } from './types';

export interface ThemeItem {
  row: number;
  text: string;
  sentiment: Polarity | null;
}

export interface BuildThemesInput {
  /** One per vector, in the same order as the matrix rows. */
  items: readonly ThemeItem[];
  /** Normalised embeddings (the matrix the clustering ran on). */
  vectors: Matrix;
  clusters: ClusterResult;
  /** Precomputed keywords; computed with c-TF-IDF when absent. */
  keywords?: readonly ClusterKeywords[];
  keywordOptions?: KeywordOptions;
  /** Quotes per theme (default 3). */
  quoteCount?: number;
  /** Longest quote in characters before it is shortened with "…" (default 280). */
  quoteMaxChars?: number;
}

/** Shortens to at most `maxChars` characters (code points), at a word boundary when one is near, with "…". */
export function capQuote(text: string, maxChars: number): { text: string; truncated: boolean } {
  const clean = text.replace(/\s+/g, ' ').trim();
  const chars = [...clean];
  if (chars.length <= maxChars) return { text: clean, truncated: false };
  const cut = chars.slice(0, Math.max(1, maxChars - 1)).join('');
  const space = cut.lastIndexOf(' ');
  const head = space > cut.length * 0.6 ? cut.slice(0, space) : cut;
  return { text: `${head.replace(/[\s,;:.!?，。；：！？]+$/u, '')}…`, truncated: true };
}

/** Members closest to the centroid first; texts already quoted (same normalised text, or one containing the other) are skipped. */
function pickQuotes(candidates: Array<{ index: number; similarity: number }>, items: readonly ThemeItem[], count: number, maxChars: number): Quote[] {
  const quotes: Quote[] = [];
  const taken: string[] = [];
  for (const { index, similarity } of candidates) {
    if (quotes.length >= count) break;
    const item = items[index]!;
    const key = normalizeForDuplicates(item.text);
    if (key === '' || taken.some((t) => t === key || t.includes(key) || key.includes(t))) continue;
    taken.push(key);
    const capped = capQuote(item.text, maxChars);
    quotes.push({ row: item.row, text: capped.text, truncated: capped.truncated, similarity, sentiment: item.sentiment });
  }
  return quotes;
}

/** Themes sorted by size (largest first); cluster ids are kept as theme ids. Empty clusters are left out. */
export function buildThemes(input: BuildThemesInput): Theme[] {
  const { items, vectors, clusters } = input;
  if (items.length !== vectors.rows || clusters.assignments.length !== vectors.rows) {
    throw new RangeError(`items (${items.length}), vectors (${vectors.rows}) and assignments (${clusters.assignments.length}) must have the same length.`);
  }
  const quoteCount = input.quoteCount ?? 3;
  const maxChars = input.quoteMaxChars ?? 280;
  const keywords =
    input.keywords ??
    clusterKeywords(
      items.map((item) => item.text),
      clusters.assignments,
      clusters.k,
      input.keywordOptions,
    );

  const members = Array.from({ length: clusters.k }, () => [] as Array<{ index: number; similarity: number }>);
  for (let i = 0; i < items.length; i++) {
    const c = clusters.assignments[i]!;
    members[c]?.push({ index: i, similarity: similarityToCentroid(vectors, clusters, i, c) });
  }

  const themes: Theme[] = [];
  members.forEach((list, id) => {
    if (list.length === 0) return;
    list.sort((a, b) => b.similarity - a.similarity || a.index - b.index);
    const sentiment = emptyCounts();
    for (const { index } of list) countSentiment(sentiment, items[index]!.sentiment);
    const words = keywords.find((k) => k.clusterId === id);
    const keywordList = words?.keywords.map((k) => k.display) ?? [];
    themes.push({
      id,
      name: words?.name || `Theme ${id + 1}`,
      keywords: keywordList,
      size: list.length,
      rows: list.map(({ index }) => items[index]!.row).sort((a, b) => a - b),
      sentiment,
      shareNegative: shareNegativeOf(sentiment),
      netSentiment: netOf(sentiment),
      quotes: pickQuotes(list, items, quoteCount, maxChars),
      negativeQuotes: pickQuotes(
        list.filter(({ index }) => items[index]!.sentiment === 'negative'),
        items,
        quoteCount,
        maxChars,
      ),
    });
  });
  return themes.sort((a, b) => b.size - a.size || a.id - b.id);
}

/** Share of negative rows over all classified rows of all themes. */
export function overallShareNegative(themes: readonly Theme[]): number {
  const total = emptyCounts();
  for (const theme of themes) {
    total.positive += theme.sentiment.positive;
    total.neutral += theme.sentiment.neutral;
    total.negative += theme.sentiment.negative;
  }
  return shareNegativeOf(total);
}

export interface PainPointOptions {
  /** Themes smaller than this are not pain points (a single angry row is not a theme). Default 3. */
  minSize?: number;
  /** The overall negative share to compare with; computed from the themes by default. */
  overallShareNegative?: number;
}

function percent(x: number): string {
  return `${Math.round(x * 100)}%`;
}

/**
 * Negative-leaning themes (share negative above the overall share, or above one half), ranked by
 * score = size × share negative, i.e. how many negative rows the theme accounts for. Ties go to
 * the more negative theme.
 */
export function rankPainPoints(themes: readonly Theme[], options: PainPointOptions = {}): PainPoint[] {
  const overall = options.overallShareNegative ?? overallShareNegative(themes);
  const minSize = options.minSize ?? 3;
  const totalRows = themes.reduce((sum, theme) => sum + theme.size, 0);
  return themes
    .filter((theme) => theme.size >= minSize && theme.sentiment.negative > 0 && (theme.shareNegative > overall || theme.shareNegative > 0.5))
    .map((theme) => {
      const score = theme.size * theme.shareNegative;
      const keywords = theme.keywords.slice(0, 5);
      const summary =
        `${theme.size} rows (${percent(theme.size / Math.max(1, totalRows))} of all feedback), ` +
        `${percent(theme.shareNegative)} negative against ${percent(overall)} overall` +
        (keywords.length > 0 ? `; mentions ${keywords.join(', ')}.` : '.');
      return {
        themeId: theme.id,
        name: theme.name,
        keywords: theme.keywords,
        size: theme.size,
        shareNegative: theme.shareNegative,
        lift: overall > 0 ? theme.shareNegative / overall : 1,
        score,
        summary,
        quotes: theme.negativeQuotes.length > 0 ? theme.negativeQuotes : theme.quotes,
      };
    })
    .sort((a, b) => b.score - a.score || b.shareNegative - a.shareNegative || a.themeId - b.themeId);
}
