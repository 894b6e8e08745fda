/** Summarization evaluation data of the Evaluate app: references from cells, per-item and corpus scores. */
import { describe, expect, it } from 'vitest';
import { corpusBleuFromText } from '../../../../src/evaluate/bleu';
import { rougeMulti } from '../../../../src/evaluate/rouge';
import type { ParsedTable } from '../../../../src/insights/types';
import { buildSummaryItems, evaluateSummaries, guessReferenceColumns, referencesFromCell, scoreItem } from '../../../../src/panels/evaluate/summaryData';

function table(columns: string[], rows: string[][]): ParsedTable {
  return { columns, rows: rows.map((cells) => Object.fromEntries(columns.map((c, i) => [c, cells[i] ?? '']))), format: 'jsonl', warnings: [] };
}

describe('referencesFromCell', () => {
  it('reads a JSON list (how the importer writes a JSONL array field), a plain summary, or nothing', () => {
    expect(referencesFromCell('["First summary.", " Second. ", "", 3]')).toEqual(['First summary.', 'Second.']);
    expect(referencesFromCell('Customer asks about refunds.')).toEqual(['Customer asks about refunds.']);
    expect(referencesFromCell('[draft] Customer asks')).toEqual(['[draft] Customer asks']);
    expect(referencesFromCell('  ')).toEqual([]);
    expect(referencesFromCell(undefined)).toEqual([]);
  });
});

describe('buildSummaryItems and guessReferenceColumns', () => {
  const tweetsumm = table(
    ['dialog_id', 'text', 'abstractive_summaries'],
    [
      ['a', 'Customer: my order is late. Agent: sorry, we will check.', '["Customer complains about a late order.", "Order is late; agent checks."]'],
      ['b', '', '["Nothing to summarize."]'],
      ['c', 'Customer: app crashes. Agent: update it.', '[]'],
      ['d', 'Customer: refund? Agent: done.', '["Customer gets a refund."]'],
    ],
  );

  it('guesses the JSON-list column as the references', () => {
    expect(guessReferenceColumns(tweetsumm, null)).toEqual(['abstractive_summaries']);
    const named = table(['document', 'reference_summary'], [['doc', 'sum']]);
    expect(guessReferenceColumns(named, 'document')).toEqual(['reference_summary']);
  });

  it('keeps rows with a document and at least one reference, counting the others', () => {
    const { items, skipped } = buildSummaryItems(tweetsumm, 'text', ['abstractive_summaries']);
    expect(items.map((i) => [i.index, i.references.length])).toEqual([
      [0, 2],
      [3, 1],
    ]);
    expect(skipped).toBe(2);
  });
});

describe('scores', () => {
  it('a summary equal to a reference scores 1 on every ROUGE and BLEU', () => {
    const s = scoreItem('The customer was refunded by the agent today.', ['Something else entirely.', 'The customer was refunded by the agent today.']);
    expect(s).toEqual({ rouge1: 1, rouge2: 1, rougeL: 1, bleu: 1 });
  });

  it('uses stemmed ROUGE with the best reference per metric (rouge-score score_multi)', () => {
    const refs = ['The agents were refunding customers', 'customer refunded'];
    const s = scoreItem('the agent refunds the customer', refs);
    const expected = rougeMulti(refs, 'the agent refunds the customer', { useStemmer: true });
    expect(s.rouge1).toBe(expected.rouge1.fmeasure);
    expect(s.rougeL).toBe(expected.rougeL.fmeasure);
    // Stemming makes "agents"/"agent" and "refunding"/"refunds" match.
    expect(s.rouge1).toBeGreaterThan(0.5);
  });

  it('averages per item with intervals and reports unsmoothed corpus BLEU over all items', () => {
    const items = [
      { index: 0, document: 'd0', references: ['the order is late and the agent will check it'], summary: 'the order is late and the agent checks' },
      { index: 1, document: 'd1', references: ['customer gets a refund for the broken phone'], summary: 'customer gets a refund' },
      { index: 2, document: 'd2', references: ['app crashes after the update'], summary: 'the app crashes after an update' },
    ];
    const evaluation = evaluateSummaries(items);
    expect(evaluation.items).toHaveLength(3);
    const meanR1 = evaluation.items.reduce((s, i) => s + i.scores.rouge1, 0) / 3;
    expect(evaluation.averages.rouge1.mean).toBeCloseTo(meanR1, 12);
    expect(evaluation.averages.rouge1.low).toBeLessThanOrEqual(meanR1);
    expect(evaluation.averages.rouge1.n).toBe(3);
    expect(evaluation.corpusBleu).toBe(
      corpusBleuFromText(
        items.map((i) => i.summary),
        items.map((i) => i.references),
      ).bleu,
    );
    expect(evaluation.corpusBleu).toBeGreaterThan(0);
    expect(evaluateSummaries([]).corpusBleu).toBe(0);
  });
});
