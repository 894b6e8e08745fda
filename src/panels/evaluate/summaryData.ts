/**
 * Summarization evaluation data: documents with one or more reference summaries, and the scores
 * of the model's summaries against them.
 *
 * References come from one or more columns. A cell may hold one summary, or a JSON list of them
 * (the importer writes a JSONL field such as TweetSumm's `abstractive_summaries: [...]` as its
 * JSON text), so both shapes are read here.
 *
 * Scores: ROUGE-1/2/L F1 with stemming (rouge-score's `use_stemmer=True`, best reference per
 * metric as `score_multi`), and BLEU — sentence BLEU per item (NLTK method1 smoothing, since one
 * short summary rarely has a 4-gram match) and unsmoothed corpus BLEU over all items (the
 * standard figure, comparable with sacreBLEU). Averages carry a 95% bootstrap interval.
 */
import { corpusBleuFromText, sentenceBleu, tokenize13a } from '../../evaluate/bleu';
import { rougeMulti } from '../../evaluate/rouge';
import { summarizeItems, type MeanWithCI } from '../../evaluate/summaryStats';
import type { ParsedTable } from '../../insights/types';

export interface SummaryItem {
  /** Row position in the imported file (0-based). */
  index: number;
  document: string;
  references: string[];
}

export interface ItemScores {
  rouge1: number;
  rouge2: number;
  rougeL: number;
  bleu: number;
}

export type ScoredItem = SummaryItem & { summary: string; scores: ItemScores };

export interface SummaryEvaluation {
  items: ScoredItem[];
  /** Mean of the per-item scores with 95% bootstrap intervals. */
  averages: Record<keyof ItemScores, MeanWithCI>;
  /** Corpus BLEU over all items (not the mean of sentence BLEU). */
  corpusBleu: number;
}

/** The references in one cell: a JSON list of strings, or the cell's text itself. */
export function referencesFromCell(cell: string | undefined): string[] {
  const text = (cell ?? '').trim();
  if (text === '') return [];
  if (text.startsWith('[')) {
    try {
      const parsed: unknown = JSON.parse(text);
      if (Array.isArray(parsed)) {
        return parsed
          .filter((v): v is string => typeof v === 'string')
          .map((v) => v.trim())
          .filter((v) => v !== '');
      }
    } catch {
      // Not JSON after all: a summary that starts with "[" is still a summary.
    }
  }
  return [text];
}

/** Items with a non-blank document and at least one reference; the others are counted. */
export function buildSummaryItems(
  table: Pick<ParsedTable, 'rows'>,
  documentColumn: string,
  referenceColumns: readonly string[],
): { items: SummaryItem[]; skipped: number } {
  const items: SummaryItem[] = [];
  let skipped = 0;
  table.rows.forEach((row, index) => {
    const document = (row[documentColumn] ?? '').trim();
    const references = referenceColumns.flatMap((column) => referencesFromCell(row[column]));
    if (document === '' || references.length === 0) skipped++;
    else items.push({ index, document, references });
  });
  return { items, skipped };
}

/**
 * The column that most looks like references: a column of JSON lists, else one named like
 * "summary"/"reference"/"highlights", other than the document column.
 */
export function guessReferenceColumns(table: Pick<ParsedTable, 'rows' | 'columns'>, documentColumn: string | null): string[] {
  const candidates = table.columns.filter((c) => c !== documentColumn);
  const sample = table.rows.slice(0, 50);
  const listColumn = candidates.find((c) => sample.length > 0 && sample.every((row) => (row[c] ?? '').trim().startsWith('["')));
  if (listColumn) return [listColumn];
  const named = candidates.filter((c) => /summar|reference|highlight|abstract|target|gold|摘要|参考/i.test(c));
  return named.slice(0, 1);
}

export function scoreItem(summary: string, references: readonly string[]): ItemScores {
  const rouge = rougeMulti(references, summary, { useStemmer: true });
  const referenceTokens = references.map(tokenize13a).filter((r) => r.length > 0);
  const bleu = referenceTokens.length > 0 ? sentenceBleu(referenceTokens, tokenize13a(summary), { smoothing: 'method1' }).bleu : 0;
  return { rouge1: rouge.rouge1.fmeasure, rouge2: rouge.rouge2.fmeasure, rougeL: rouge.rougeL.fmeasure, bleu };
}

export function evaluateSummaries(items: readonly (SummaryItem & { summary: string })[]): SummaryEvaluation {
  const scored: ScoredItem[] = items.map((item) => ({ ...item, scores: scoreItem(item.summary, item.references) }));
  const averages = summarizeItems<keyof ItemScores>(
    scored.map((item) => ({ ...item.scores })),
    { seed: 11 },
  );
  const corpusBleu =
    scored.length > 0
      ? corpusBleuFromText(
          scored.map((item) => item.summary),
          scored.map((item) => item.references),
        ).bleu
      : 0;
  return { items: scored, averages, corpusBleu };
}
