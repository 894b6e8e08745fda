/**
 * What a saved classifier is: the workspace record (name, label set, embedding model, the trained
 * model) plus its cross-validated metrics and a reference to the data it was trained on.
 *
 * The same facts also go into the model's `metadata.extra`, because that is what an exported
 * file carries (serialize.ts keeps only text, number and true/false there): a classifier
 * imported on another machine still knows its name, its embedding model and how good it was.
 */
import { dict } from './dict';
import type { CrossValidationResult } from './crossValidation';
import type { SoftmaxModel } from './softmax';
import { parseClassifier, validateModel } from './serialize';
import type { ClassifierHead } from '../core';

export const MAX_NAME_LENGTH = 80;

export interface ClassifierMetrics {
  /** k of k-fold cross-validation; 0 when it was skipped (too few examples). */
  folds: number;
  meanAccuracy: number | null;
  meanMacroF1: number | null;
  stdAccuracy: number | null;
  perFold: Array<{ fold: number; accuracy: number; macroF1: number; testSize: number }>;
  trainingAccuracy: number;
}

export interface TrainingDataRef {
  /** The file the examples came from, when known. */
  fileName?: string;
  textColumn?: string;
  /** Rows in that file, and how many were labelled examples. */
  rows?: number;
  examples: number;
  classCounts: Record<string, number>;
}

/** A classifier as the workspace stores it (the `classifiers` store): the model not yet checked. */
export interface StoredClassifier {
  id: string;
  name: string;
  labels: string[];
  embeddingModel?: string;
  model: unknown;
  createdAt: number;
  updatedAt: number;
}

export interface SavedClassifier extends StoredClassifier {
  model: SoftmaxModel;
  metrics: ClassifierMetrics;
  trainingData: TrainingDataRef;
}

/** A name the user typed, tidied; '' when unusable. */
export function tidyName(name: string): string {
  return name.normalize('NFKC').trim().replace(/\s+/gu, ' ').slice(0, MAX_NAME_LENGTH);
}

/** `name`, or `name (2)`, `name (3)`, ... when taken (case-insensitively). */
export function uniqueName(name: string, taken: readonly string[]): string {
  const used = new Set(taken.map((t) => t.toLowerCase()));
  if (!used.has(name.toLowerCase())) return name;
  for (let n = 2; ; n++) {
    const candidate = `${name} (${n})`;
    if (!used.has(candidate.toLowerCase())) return candidate;
  }
}

export function metricsOf(crossValidation: CrossValidationResult | null, model: SoftmaxModel): ClassifierMetrics {
  return {
    folds: crossValidation?.folds.length ?? 0,
    meanAccuracy: crossValidation?.meanAccuracy ?? null,
    meanMacroF1: crossValidation?.meanMacroF1 ?? null,
    stdAccuracy: crossValidation?.stdAccuracy ?? null,
    perFold: (crossValidation?.folds ?? []).map((f) => ({ fold: f.fold, accuracy: f.accuracy, macroF1: f.macroF1, testSize: f.testSize })),
    trainingAccuracy: model.metadata.trainingAccuracy,
  };
}

/** The model with the name, embedding model and headline metrics written into metadata.extra. */
export function withFacts(
  model: SoftmaxModel,
  facts: { name: string; embeddingModel?: string; metrics: ClassifierMetrics; trainingData: TrainingDataRef },
): SoftmaxModel {
  const extra = dict<string | number | boolean>(Object.entries(model.metadata.extra));
  extra.name = facts.name;
  extra.cvFolds = facts.metrics.folds;
  if (facts.embeddingModel) extra.embeddingModel = facts.embeddingModel;
  if (facts.metrics.meanAccuracy !== null) extra.cvAccuracy = facts.metrics.meanAccuracy;
  if (facts.metrics.meanMacroF1 !== null) extra.cvMacroF1 = facts.metrics.meanMacroF1;
  if (facts.trainingData.fileName) extra.trainingFile = facts.trainingData.fileName;
  if (facts.trainingData.textColumn) extra.trainingTextColumn = facts.trainingData.textColumn;
  return { ...model, metadata: { ...model.metadata, extra } };
}

export function buildRecord(input: {
  id: string;
  name: string;
  model: SoftmaxModel;
  embeddingModel?: string;
  metrics: ClassifierMetrics;
  trainingData: TrainingDataRef;
  createdAt?: number;
  now?: number;
}): SavedClassifier {
  const now = input.now ?? Date.now();
  const model = withFacts(input.model, input);
  return {
    id: input.id,
    name: input.name,
    labels: [...model.classes],
    embeddingModel: input.embeddingModel,
    model,
    metrics: input.metrics,
    trainingData: input.trainingData,
    createdAt: input.createdAt ?? now,
    updatedAt: now,
  };
}

const numberOr = (value: unknown, fallback: number | null): number | null => (typeof value === 'number' && Number.isFinite(value) ? value : fallback);
const stringOr = (value: unknown): string | undefined => (typeof value === 'string' && value.trim() !== '' ? value : undefined);

/**
 * A record from an exported file: the facts come from metadata.extra (per-fold scores are not in
 * the file). `fallbackName` (usually the file name) is used when the file names no classifier.
 */
export function recordFromFile(text: string, options: RecordOptions): SavedClassifier {
  return recordFromModel(parseClassifier(text), options);
}

interface RecordOptions {
  id: string;
  fallbackName: string;
  taken: readonly string[];
  now?: number;
  /** The embedding model the user chose over the one the file names. */
  embeddingModel?: string;
}

/** recordFromFile for a model already parsed (the app parses the file in the import worker). */
export function recordFromModel(model: SoftmaxModel, options: RecordOptions): SavedClassifier {
  const extra = model.metadata.extra;
  const name = uniqueName(tidyName(stringOr(extra.name) ?? options.fallbackName) || 'classifier', options.taken);
  const folds = numberOr(extra.cvFolds, 0) ?? 0;
  const metrics: ClassifierMetrics = {
    folds,
    meanAccuracy: numberOr(extra.cvAccuracy, null),
    meanMacroF1: numberOr(extra.cvMacroF1, null),
    stdAccuracy: null,
    perFold: [],
    trainingAccuracy: model.metadata.trainingAccuracy,
  };
  return buildRecord({
    id: options.id,
    name,
    model,
    embeddingModel: options.embeddingModel ?? stringOr(extra.embeddingModel),
    metrics,
    trainingData: {
      fileName: stringOr(extra.trainingFile),
      textColumn: stringOr(extra.trainingTextColumn),
      examples: model.metadata.examples,
      classCounts: dict(Object.entries(model.metadata.classCounts)),
    },
    now: options.now,
  });
}

/**
 * A workspace record checked before use: the model must still be a valid classifier (a damaged
 * record, or one written by an older build, must not break the list or a classify call).
 * Returns null for a record that cannot be used.
 */
export function checkRecord(record: StoredClassifier): SavedClassifier | null {
  try {
    // The stored shape is checked as readers need it (see validateModel): the record is ours, so no checksum.
    const model = validateModel(record.model);
    const saved = record as Partial<SavedClassifier>;
    return {
      ...record,
      model,
      labels: [...model.classes],
      metrics: saved.metrics ?? metricsOf(null, model),
      trainingData: saved.trainingData ?? { examples: model.metadata.examples, classCounts: dict(Object.entries(model.metadata.classCounts)) },
    };
  } catch {
    return null;
  }
}

export function headOf(model: SoftmaxModel): ClassifierHead {
  return { classes: model.classes, dims: model.dims, weights: model.weights, bias: model.bias };
}

/** What the SDK needs to run a saved classifier (its CustomClassifier): its head and the embedding model it was trained on. */
export function toCustomClassifier(saved: SavedClassifier): { head: ClassifierHead; embeddingModel?: string } {
  const embeddingModel = saved.embeddingModel ?? stringOr(saved.model.metadata.extra.embeddingModel);
  return embeddingModel ? { head: headOf(saved.model), embeddingModel } : { head: headOf(saved.model) };
}

/** A safe download name: `bug-triage.classifier.json`. */
export function exportFileName(name: string): string {
  const slug = name
    .normalize('NFKC')
    .toLowerCase()
    .replace(/[^\p{L}\p{N}]+/gu, '-')
    .replace(/^-+|-+$/g, '')
    .slice(0, 60);
  return `${slug || 'classifier'}.classifier.json`;
}

/** The name a file suggests: `bug-triage.classifier.json` → `bug-triage`. */
export function nameFromFileName(fileName: string): string {
  return fileName.replace(/\.json$/i, '').replace(/\.classifier$/i, '');
}
