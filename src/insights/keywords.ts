/**
 * Theme keywords by class-based TF-IDF (BERTopic's c-TF-IDF): all rows of a cluster form one
 * "class document"; a term's weight in class c is
 *     tf(t, c) × log(1 + A / f(t))
 * where tf is the term's count in c divided by c's total term count (L1-normalised per class),
 * A is the average number of terms per class and f(t) the term's count over all classes.
 * Terms frequent in one cluster and rare elsewhere win, which is what a theme name needs.
 */
import { tokenize, type TokenizeOptions } from './tokenize';

export interface Keyword {
  /** Folded term (what was counted). */
  term: string;
  /** The most common way users wrote it, for display. */
  display: string;
  score: number;
}

export interface ClusterKeywords {
  clusterId: number;
  keywords: Keyword[];
  /** Top keywords joined with " · ", e.g. "battery · charge · dies". */
  name: string;
}

export interface KeywordOptions extends TokenizeOptions {
  /** Keywords kept per cluster (default 8). */
  topN?: number;
  /** Keywords in the name (default 3). */
  nameLength?: number;
  /**
   * Terms in at least this many rows of a cluster (capped at the cluster's size) rank first: one
   * long rant repeating a word should not name a theme. Terms from fewer rows only fill the
   * list when too few qualify (small clusters). Default 2.
   */
  minRowsPerTerm?: number;
}

const SINGLE_CJK = /^[\p{Script=Han}\p{Script=Hiragana}\p{Script=Katakana}\p{Script=Hangul}]$/u;

/**
 * "battery · charge · dies", "送餐 · 速度 · 小时". A single Chinese character (慢, 贵) counts as a
 * keyword but names a theme only when no word of two or more characters is left: on its own it
 * reads as a fragment, not a name.
 */
export function themeName(keywords: readonly string[], count = 3): string {
  const words = keywords.filter((keyword) => !SINGLE_CJK.test(keyword));
  const chosen = words.length > 0 ? words : keywords;
  return chosen.slice(0, count).join(' · ');
}

/**
 * c-TF-IDF keywords for every cluster id in [0, k). `labels[i]` is the cluster of `texts[i]`;
 * a negative label (e.g. an outlier or excluded row) is ignored.
 */
export function clusterKeywords(texts: readonly string[], labels: ArrayLike<number>, k: number, options: KeywordOptions = {}): ClusterKeywords[] {
  const topN = options.topN ?? 8;
  const nameLength = options.nameLength ?? 3;
  const minRows = options.minRowsPerTerm ?? 2;
  // Per class: term → count and term → number of rows containing it.
  const counts = Array.from({ length: k }, () => new Map<string, number>());
  const rowCounts = Array.from({ length: k }, () => new Map<string, number>());
  const classTotals = new Array<number>(k).fill(0);
  const classRows = new Array<number>(k).fill(0);
  const overall = new Map<string, number>();
  const surfaces = new Map<string, Map<string, number>>();

  texts.forEach((text, i) => {
    const c = labels[i]!;
    if (c < 0 || c >= k) return;
    classRows[c]!++;
    const { terms, surfaces: written } = tokenize(text, options);
    const seen = new Set<string>();
    terms.forEach((term, j) => {
      counts[c]!.set(term, (counts[c]!.get(term) ?? 0) + 1);
      overall.set(term, (overall.get(term) ?? 0) + 1);
      if (!seen.has(term)) {
        seen.add(term);
        rowCounts[c]!.set(term, (rowCounts[c]!.get(term) ?? 0) + 1);
      }
      let forms = surfaces.get(term);
      if (!forms) surfaces.set(term, (forms = new Map()));
      const surface = written[j]!;
      forms.set(surface, (forms.get(surface) ?? 0) + 1);
    });
    classTotals[c]! += terms.length;
  });

  const activeClasses = classTotals.filter((total) => total > 0).length || 1;
  const average = classTotals.reduce((a, b) => a + b, 0) / activeClasses;
  const display = (term: string) => {
    let bestForm = term;
    let bestCount = -1;
    for (const [form, count] of surfaces.get(term) ?? []) {
      if (count > bestCount || (count === bestCount && form < bestForm)) {
        bestForm = form;
        bestCount = count;
      }
    }
    return bestForm;
  };

  return counts.map((classCounts, clusterId) => {
    const total = classTotals[clusterId]!;
    const needed = Math.min(minRows, classRows[clusterId]!);
    const qualified: Keyword[] = [];
    const filler: Keyword[] = [];
    for (const [term, count] of classCounts) {
      const score = (count / total) * Math.log(1 + average / overall.get(term)!);
      ((rowCounts[clusterId]!.get(term) ?? 0) >= needed ? qualified : filler).push({ term, display: '', score });
    }
    // Ties broken by term so the order never depends on Map insertion order across inputs.
    const byScore = (a: Keyword, b: Keyword) => b.score - a.score || (a.term < b.term ? -1 : a.term > b.term ? 1 : 0);
    qualified.sort(byScore);
    if (qualified.length < topN) filler.sort(byScore);
    const keywords = [...qualified, ...filler].slice(0, topN).map((keyword) => ({ ...keyword, display: display(keyword.term) }));
    return {
      clusterId,
      keywords,
      name: themeName(
        keywords.map((keyword) => keyword.display),
        nameLength,
      ),
    };
  });
}
