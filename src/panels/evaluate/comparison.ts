/**
 * Scoring one or two models' predictions on the same labeled rows, and the side-by-side table.
 * Pure: the store runs the models, this turns their labels into reports a PM can compare.
 */
import { classificationReport, misclassified, type ClassificationReport } from '../../evaluate/classification';
import { bootstrapMeanCI, type MeanWithCI } from '../../evaluate/summaryStats';
import { alignPrediction, type LabeledRow } from '../../evaluate/labeledData';

export interface ModelPredictions {
  /** A catalog model id or `custom:<name>`. */
  model: string;
  labels: string[];
  scores: number[];
  seconds: number;
}

export interface ModelEvaluation {
  model: string;
  report: ClassificationReport;
  /** Accuracy with a 95% bootstrap interval over rows. */
  accuracy: MeanWithCI;
  /** Predicted label per row, aligned to the classes' spelling. */
  predicted: string[];
  scores: number[];
  seconds: number;
}

export interface MisclassifiedRow {
  /** Row position in the imported file (0-based). */
  index: number;
  text: string;
  expected: string;
  predicted: string;
  score: number;
}

export function evaluatePredictions(rows: readonly LabeledRow[], classes: readonly string[], predictions: ModelPredictions): ModelEvaluation {
  if (predictions.labels.length !== rows.length) {
    throw new RangeError(`Expected ${rows.length} predictions, got ${predictions.labels.length}.`);
  }
  const predicted = predictions.labels.map((label) => alignPrediction(label, classes));
  const truth = rows.map((r) => r.label);
  // The mapping's classes first, then anything the model invented, so an unexpected label shows.
  const report = classificationReport(truth, predicted, { labels: classes });
  const correct = truth.map((label, i) => (label === predicted[i] ? 1 : 0));
  return {
    model: predictions.model,
    report,
    accuracy: bootstrapMeanCI(correct, { seed: 7 }),
    predicted,
    scores: predictions.scores,
    seconds: predictions.seconds,
  };
}

/** The rows a model got wrong, with the text to read. */
export function misclassifiedRows(rows: readonly LabeledRow[], evaluation: ModelEvaluation): MisclassifiedRow[] {
  const paired = rows.map((row, i) => ({ expected: row.label, predicted: evaluation.predicted[i] as string, row, score: evaluation.scores[i] ?? 0 }));
  return misclassified(paired).map(({ row }) => ({
    index: row.row.index,
    text: row.row.text,
    expected: row.expected,
    predicted: row.predicted,
    score: row.score,
  }));
}

export type ComparisonMetric =
  | { kind: 'accuracy' }
  | { kind: 'average'; average: 'macro' | 'weighted'; measure: 'precision' | 'recall' | 'f1' }
  | { kind: 'class-f1'; label: string }
  | { kind: 'seconds' };

export interface ComparisonRow {
  metric: ComparisonMetric;
  /** One value per model, in the evaluations' order. */
  values: number[];
  /** Index of the best model on this row; null on a tie or when lower is better is unclear. */
  best: number | null;
}

function bestOf(values: readonly number[], higherIsBetter: boolean): number | null {
  if (values.length < 2) return null;
  const target = higherIsBetter ? Math.max(...values) : Math.min(...values);
  const winners = values.filter((v) => v === target).length;
  return winners === 1 ? values.indexOf(target) : null;
}

/** The side-by-side table: accuracy, averages, F1 per class of the first report, time. */
export function comparisonRows(evaluations: readonly ModelEvaluation[]): ComparisonRow[] {
  const rows: ComparisonRow[] = [];
  const push = (metric: ComparisonMetric, pick: (e: ModelEvaluation) => number, higherIsBetter = true) => {
    const values = evaluations.map(pick);
    rows.push({ metric, values, best: bestOf(values, higherIsBetter) });
  };
  push({ kind: 'accuracy' }, (e) => e.report.accuracy);
  for (const average of ['macro', 'weighted'] as const) {
    for (const measure of ['precision', 'recall', 'f1'] as const) {
      push({ kind: 'average', average, measure }, (e) => e.report[average][measure]);
    }
  }
  const labels = evaluations[0]?.report.labels ?? [];
  for (const label of labels) {
    push({ kind: 'class-f1', label }, (e) => e.report.perClass.find((c) => c.label === label)?.f1 ?? 0);
  }
  push({ kind: 'seconds' }, (e) => e.seconds, false);
  return rows;
}

/** How many rows two models labelled the same way. */
export function agreement(a: ModelEvaluation, b: ModelEvaluation): { same: number; total: number } {
  let same = 0;
  a.predicted.forEach((label, i) => {
    if (label === b.predicted[i]) same++;
  });
  return { same, total: a.predicted.length };
}
