/** What a saved classifier is, and its export file round trip. */
import { describe, expect, it } from 'vitest';
import { kFoldCrossValidate } from '../../../src/customize/crossValidation';
import { parseClassifier, serializeClassifier } from '../../../src/customize/serialize';
import { trainSoftmaxSync } from '../../../src/customize/softmax';
import {
  buildRecord,
  checkRecord,
  exportFileName,
  metricsOf,
  nameFromFileName,
  recordFromFile,
  tidyName,
  toCustomClassifier,
  uniqueName,
} from '../../../src/customize/classifierRecord';
import { WorkbenchError } from '../../../src/core';
import { separableSet } from '../evaluate/customize/fixtures';

const classes = ['bug report', 'feature request', 'pricing'];
const { X, y } = separableSet(3, 10, 4);
const model = trainSoftmaxSync(X, y, { classes, epochs: 20, metadata: { embeddingModel: 'tiny/minilm-embeddings' } });

async function trainedRecord() {
  const cv = await kFoldCrossValidate(X, y, 5, { classes, epochs: 20 });
  const metrics = metricsOf(cv, model);
  return buildRecord({
    id: 'id-1',
    name: 'Feedback triage',
    model,
    embeddingModel: 'tiny/minilm-embeddings',
    metrics,
    trainingData: { fileName: 'reviews.csv', textColumn: 'review', rows: 100, examples: 30, classCounts: { ...model.metadata.classCounts } },
    now: 1000,
  });
}

describe('names', () => {
  it('tidies and de-duplicates case-insensitively', () => {
    expect(tidyName('  Feedback   triage ')).toBe('Feedback triage');
    expect(uniqueName('triage', ['Triage', 'triage (2)'])).toBe('triage (3)');
    expect(uniqueName('new', ['old'])).toBe('new');
  });

  it('makes safe download names and reads names back from them', () => {
    expect(exportFileName('Feedback triage / v2')).toBe('feedback-triage-v2.classifier.json');
    expect(exportFileName('反馈 分类')).toBe('反馈-分类.classifier.json');
    expect(exportFileName('***')).toBe('classifier.classifier.json');
    expect(nameFromFileName('feedback-triage.classifier.json')).toBe('feedback-triage');
  });
});

describe('records', () => {
  it('carries the label set, metrics and training data, and writes the facts into metadata.extra', async () => {
    const record = await trainedRecord();
    expect(record.labels).toEqual(classes);
    expect(record.metrics.folds).toBe(5);
    expect(record.metrics.perFold).toHaveLength(5);
    expect(record.metrics.meanAccuracy).toBe(1); // a separable set
    expect(record.model.metadata.extra).toMatchObject({
      name: 'Feedback triage',
      embeddingModel: 'tiny/minilm-embeddings',
      cvAccuracy: 1,
      cvFolds: 5,
      trainingFile: 'reviews.csv',
    });
    expect(record.createdAt).toBe(1000);
  });

  it('an exported file imports with its name, embedding model and headline metrics', async () => {
    const record = await trainedRecord();
    const text = serializeClassifier(record.model);
    const imported = recordFromFile(text, { id: 'id-2', fallbackName: 'file', taken: ['Feedback triage'] });
    expect(imported.name).toBe('Feedback triage (2)');
    expect(imported.embeddingModel).toBe('tiny/minilm-embeddings');
    expect(imported.metrics.meanAccuracy).toBe(record.metrics.meanAccuracy);
    expect(imported.metrics.meanMacroF1).toBe(record.metrics.meanMacroF1);
    expect(imported.trainingData.fileName).toBe('reviews.csv');
    expect(imported.model.weights).toEqual(record.model.weights);
    // Re-exporting the import gives a file that parses to the same model (name aside).
    expect(parseClassifier(serializeClassifier(imported.model)).weights).toEqual(model.weights);
  });

  it('a file without a name is named after the file', () => {
    const imported = recordFromFile(serializeClassifier(model), { id: 'x', fallbackName: 'my-file', taken: [] });
    expect(imported.name).toBe('my-file');
    expect(imported.metrics.meanAccuracy).toBeNull();
  });

  it('a damaged file is rejected with a bad-input error', () => {
    expect(() => recordFromFile('{"format":"something else"}', { id: 'x', fallbackName: 'f', taken: [] })).toThrow(WorkbenchError);
  });

  it('checkRecord keeps good records and drops damaged ones', async () => {
    const record = await trainedRecord();
    expect(checkRecord(record)?.metrics).toEqual(record.metrics);
    expect(checkRecord({ ...record, model: { ...record.model, weights: [[1, 2]] } })).toBeNull();
    // An older record without metrics still works, with metrics from the model.
    const bare = { id: 'b', name: 'bare', labels: classes, model, createdAt: 1, updatedAt: 1 };
    expect(checkRecord(bare)?.metrics.folds).toBe(0);
  });

  it('gives the SDK the head and the embedding model', async () => {
    const record = await trainedRecord();
    const custom = toCustomClassifier(record);
    expect(custom.embeddingModel).toBe('tiny/minilm-embeddings');
    expect(custom.head).toEqual({ classes, dims: 4, weights: record.model.weights, bias: record.model.bias });
  });
});
