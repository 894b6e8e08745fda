/**
 * Classification metrics for the Evaluate app: accuracy, per-class precision / recall / F1 /
 * support, macro / weighted / micro averages and the confusion matrix.
 *
 * Definitions follow scikit-learn's `precision_recall_fscore_support` and
 * `classification_report` with `zero_division=0`, so the numbers a user sees here are the ones
 * they would get in a notebook:
 *   precision = tp / predicted,  recall = tp / support,
 *   F1 = 2·tp / (2·tp + fp + fn)  (sklearn's form; equals 2PR/(P+R) whenever that is defined),
 *   any 0/0 is 0.
 *   macro  = unweighted mean over the report's labels,
 *   weighted = mean weighted by support (0 when the total support is 0),
 *   micro  = tp / predicted and tp / support summed over the report's labels.
 */

export interface ClassMetrics {
  label: string;
  precision: number;
  recall: number;
  f1: number;
  /** Rows whose true label is this class. */
  support: number;
  /** Rows predicted as this class. */
  predicted: number;
  truePositives: number;
}

export interface AveragedMetrics {
  precision: number;
  recall: number;
  f1: number;
  /** Sum of the supports of the labels averaged over. */
  support: number;
}

export interface ConfusionMatrix {
  /** Row and column order. */
  labels: string[];
  /** `matrix[i][j]` = rows whose true label is `labels[i]` and predicted label is `labels[j]`. */
  matrix: number[][];
}

export interface ClassificationReport {
  labels: string[];
  perClass: ClassMetrics[];
  /** Fraction of all rows predicted exactly right. */
  accuracy: number;
  macro: AveragedMetrics;
  weighted: AveragedMetrics;
  micro: AveragedMetrics;
  /** Number of rows evaluated. */
  total: number;
  confusion: ConfusionMatrix;
}

export interface LabelOptions {
  /**
   * Preferred label order (e.g. the classes of a label mapping). Labels observed in the data but
   * missing here are appended in sorted order unless `extraLabels` is 'ignore'.
   */
  labels?: readonly string[];
  /**
   * 'append' (default): every label seen in the truth or the predictions gets a row, so a model
   * that invents a class ("neutral") is visible rather than silently ignored.
   * 'ignore': only `labels` are reported, like scikit-learn's `labels=` argument; rows involving
   * other labels still count towards accuracy and towards the listed labels' fp / fn.
   */
  extraLabels?: 'append' | 'ignore';
}

export interface PredictionRow {
  expected: string;
  predicted: string;
}

/** Code-unit order, like Python's `sorted` on str (and so like sklearn's `unique_labels`). */
function compareLabels(a: string, b: string): number {
  return a < b ? -1 : a > b ? 1 : 0;
}

function checkLengths(yTrue: readonly string[], yPred: readonly string[]): void {
  if (yTrue.length !== yPred.length) {
    throw new RangeError(`Expected as many predictions as true labels, got ${yPred.length} and ${yTrue.length}.`);
  }
}

/** The labels a report covers, in display order. */
export function reportLabels(yTrue: readonly string[], yPred: readonly string[], options: LabelOptions = {}): string[] {
  const preferred = options.labels ?? [];
  const ordered: string[] = [];
  const seen = new Set<string>();
  for (const label of preferred) {
    if (!seen.has(label)) {
      seen.add(label);
      ordered.push(label);
    }
  }
  if (options.extraLabels === 'ignore' && options.labels !== undefined) return ordered;
  const extra = new Set<string>();
  for (const label of yTrue) if (!seen.has(label)) extra.add(label);
  for (const label of yPred) if (!seen.has(label)) extra.add(label);
  return [...ordered, ...[...extra].sort(compareLabels)];
}

/** Fraction of positions where the prediction equals the truth; 0 for no rows. */
export function accuracy(yTrue: readonly string[], yPred: readonly string[]): number {
  checkLengths(yTrue, yPred);
  if (yTrue.length === 0) return 0;
  let correct = 0;
  for (let i = 0; i < yTrue.length; i++) if (yTrue[i] === yPred[i]) correct++;
  return correct / yTrue.length;
}

export function confusionMatrix(yTrue: readonly string[], yPred: readonly string[], options: LabelOptions = {}): ConfusionMatrix {
  checkLengths(yTrue, yPred);
  const labels = reportLabels(yTrue, yPred, options);
  const index = new Map(labels.map((label, i) => [label, i] as const));
  const matrix = labels.map(() => labels.map(() => 0));
  for (let i = 0; i < yTrue.length; i++) {
    const row = index.get(yTrue[i] as string);
    const column = index.get(yPred[i] as string);
    // With extraLabels 'ignore' a row outside the labels has no cell, as in sklearn.
    if (row === undefined || column === undefined) continue;
    (matrix[row] as number[])[column]! += 1;
  }
  return { labels, matrix };
}

const safeDivide = (numerator: number, denominator: number): number => (denominator === 0 ? 0 : numerator / denominator);

function metricsFor(label: string, truePositives: number, predicted: number, support: number): ClassMetrics {
  const falsePositives = predicted - truePositives;
  const falseNegatives = support - truePositives;
  return {
    label,
    precision: safeDivide(truePositives, predicted),
    recall: safeDivide(truePositives, support),
    f1: safeDivide(2 * truePositives, 2 * truePositives + falsePositives + falseNegatives),
    support,
    predicted,
    truePositives,
  };
}

export function classificationReport(yTrue: readonly string[], yPred: readonly string[], options: LabelOptions = {}): ClassificationReport {
  checkLengths(yTrue, yPred);
  const labels = reportLabels(yTrue, yPred, options);
  const support = new Map<string, number>();
  const predicted = new Map<string, number>();
  const truePositives = new Map<string, number>();
  const bump = (map: Map<string, number>, key: string) => map.set(key, (map.get(key) ?? 0) + 1);
  for (let i = 0; i < yTrue.length; i++) {
    const t = yTrue[i] as string;
    const p = yPred[i] as string;
    bump(support, t);
    bump(predicted, p);
    if (t === p) bump(truePositives, t);
  }

  const perClass = labels.map((label) => metricsFor(label, truePositives.get(label) ?? 0, predicted.get(label) ?? 0, support.get(label) ?? 0));

  const n = perClass.length;
  const totalSupport = perClass.reduce((sum, c) => sum + c.support, 0);
  const mean = (pick: (c: ClassMetrics) => number) => (n === 0 ? 0 : perClass.reduce((s, c) => s + pick(c), 0) / n);
  const weightedMean = (pick: (c: ClassMetrics) => number) =>
    safeDivide(
      perClass.reduce((s, c) => s + pick(c) * c.support, 0),
      totalSupport,
    );

  const tpSum = perClass.reduce((s, c) => s + c.truePositives, 0);
  const predSum = perClass.reduce((s, c) => s + c.predicted, 0);
  const micro = metricsFor('micro', tpSum, predSum, totalSupport);

  return {
    labels,
    perClass,
    accuracy: accuracy(yTrue, yPred),
    macro: { precision: mean((c) => c.precision), recall: mean((c) => c.recall), f1: mean((c) => c.f1), support: totalSupport },
    weighted: {
      precision: weightedMean((c) => c.precision),
      recall: weightedMean((c) => c.recall),
      f1: weightedMean((c) => c.f1),
      support: totalSupport,
    },
    micro: { precision: micro.precision, recall: micro.recall, f1: micro.f1, support: totalSupport },
    total: yTrue.length,
    confusion: confusionMatrix(yTrue, yPred, options),
  };
}

/** Macro-averaged F1 over the observed labels (sklearn `f1_score(average='macro')`). */
export function macroF1(yTrue: readonly string[], yPred: readonly string[], options: LabelOptions = {}): number {
  return classificationReport(yTrue, yPred, options).macro.f1;
}

/** Report straight from rows of `{ expected, predicted }`, the shape the Evaluate table holds. */
export function reportFromRows(rows: readonly PredictionRow[], options: LabelOptions = {}): ClassificationReport {
  return classificationReport(
    rows.map((r) => r.expected),
    rows.map((r) => r.predicted),
    options,
  );
}

/** The rows the model got wrong, each with its position in the input, for the review table. */
export function misclassified<R extends PredictionRow>(rows: readonly R[]): Array<{ index: number; row: R }> {
  const wrong: Array<{ index: number; row: R }> = [];
  rows.forEach((row, index) => {
    if (row.expected !== row.predicted) wrong.push({ index, row });
  });
  return wrong;
}
