/**
 * Export / import of trained classifiers as a versioned JSON file, so a user can keep a
 * classifier, share it with a colleague, or load it in the Classify app.
 *
 * The file carries a format tag, a version and a checksum of its content. The checksum is
 * cyrb53 (bryc, public domain), a fast non-cryptographic hash: it catches truncated downloads,
 * hand edits and mangled copies, not a deliberate forgery — nothing here is a security boundary,
 * since a classifier only turns embeddings into probabilities.
 *
 * Every rejection is a WorkbenchError('bad-input') whose message tells the user what is wrong
 * with the file in plain words.
 */
import { dict } from './dict';
import { reason, refusal, type Reason, type ReasonParam } from '../core';
import type { ModelMetadata, SoftmaxModel } from './softmax';

export const CLASSIFIER_FORMAT = 'llmaos-workbench/softmax-classifier';
export const CLASSIFIER_VERSION = 1;

interface ClassifierFile {
  format: typeof CLASSIFIER_FORMAT;
  version: number;
  checksum: string;
  model: SoftmaxModel;
}

const bad = (why: Reason, detail?: string) => refusal(why, { detail });
const damaged = (problem: Reason) => bad(reason('classifierDamaged', { problem }));

/**
 * The most categories an imported file may have: far more than anyone labels examples for (the
 * Customize app allows 30). A file with more is not a real classifier, and checking and hashing
 * it would freeze the page for seconds.
 */
export const MAX_CLASSIFIER_CATEGORIES = 1000;

/** cyrb53: 53-bit string hash, as 14 hex digits. */
export function cyrb53(text: string, seed = 0): string {
  let h1 = 0xdeadbeef ^ seed;
  let h2 = 0x41c6ce57 ^ seed;
  for (let i = 0; i < text.length; i++) {
    const ch = text.charCodeAt(i);
    h1 = Math.imul(h1 ^ ch, 2654435761);
    h2 = Math.imul(h2 ^ ch, 1597334677);
  }
  h1 = Math.imul(h1 ^ (h1 >>> 16), 2246822507);
  h1 ^= Math.imul(h2 ^ (h2 >>> 13), 3266489909);
  h2 = Math.imul(h2 ^ (h2 >>> 16), 2246822507);
  h2 ^= Math.imul(h1 ^ (h1 >>> 13), 3266489909);
  return (4294967296 * (2097151 & h2) + (h1 >>> 0)).toString(16).padStart(14, '0');
}

function sortKeys(value: Record<string, unknown>): Record<string, unknown> {
  const sorted = dict<unknown>();
  for (const key of Object.keys(value).sort()) {
    const inner = value[key];
    sorted[key] = inner !== null && typeof inner === 'object' && !Array.isArray(inner) ? sortKeys(inner as Record<string, unknown>) : inner;
  }
  return sorted;
}

/** The model in a fixed key order, so the checksum does not depend on how a file orders keys. */
function canonical(model: SoftmaxModel): string {
  return JSON.stringify([model.classes, model.dims, model.weights, model.bias, sortKeys(model.metadata as unknown as Record<string, unknown>)]);
}

export function serializeClassifier(model: SoftmaxModel): string {
  const checked = validateModel(model);
  const file: ClassifierFile = {
    format: CLASSIFIER_FORMAT,
    version: CLASSIFIER_VERSION,
    checksum: cyrb53(canonical(checked)),
    model: checked,
  };
  return JSON.stringify(file);
}

export function parseClassifier(text: string): SoftmaxModel {
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    throw bad(reason('classifierNotJson'), String(error));
  }
  if (!isRecord(parsed) || parsed.format !== CLASSIFIER_FORMAT) {
    throw bad(reason('classifierWrongFormat'));
  }
  const version = parsed.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw bad(reason('classifierNoVersion'));
  }
  if (version > CLASSIFIER_VERSION) {
    throw bad(reason('classifierNewer', { version }));
  }
  const classes = isRecord(parsed.model) ? parsed.model.classes : undefined;
  if (Array.isArray(classes) && classes.length > MAX_CLASSIFIER_CATEGORIES) {
    throw bad(
      reason('classifierTooManyCategories', {
        count: classes.length.toLocaleString('en-US'),
        max: MAX_CLASSIFIER_CATEGORIES.toLocaleString('en-US'),
      }),
    );
  }
  const model = validateModel(parsed.model);
  if (typeof parsed.checksum !== 'string' || parsed.checksum !== cyrb53(canonical(model))) {
    throw bad(reason('classifierChecksum'));
  }
  return model;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finiteNumber(value: unknown, where: ReasonParam): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw damaged(reason('classifierNotNumber', { where }));
  return value;
}

function numberArray(value: unknown, length: number, where: ReasonParam): number[] {
  if (!Array.isArray(value) || value.length !== length) throw damaged(reason('classifierWrongLength', { where, length }));
  return value.map((v, i) => finiteNumber(v, typeof where === 'object' ? where : `${where}[${i}]`));
}

/**
 * Checks a model's structure and returns a clean copy holding only known fields; throws
 * bad-input naming what is wrong. For a model already in hand (a stored record): linear in its
 * numbers, with no JSON round trip and no checksum, which for a 1,000-category model cost the page
 * seconds on every listing.
 */
export function validateModel(value: unknown): SoftmaxModel {
  if (!isRecord(value)) throw damaged(reason('classifierNoModel'));
  const { classes, dims, weights, bias, metadata } = value;
  if (!Array.isArray(classes) || classes.length < 2 || classes.some((c) => typeof c !== 'string' || c.trim() === '')) {
    throw damaged(reason('classifierTwoCategories'));
  }
  if (new Set(classes).size !== classes.length) throw damaged(reason('classifierSameName'));
  if (typeof dims !== 'number' || !Number.isInteger(dims) || dims < 1) {
    throw damaged(reason('classifierDims'));
  }
  if (!Array.isArray(weights) || weights.length !== classes.length) {
    throw damaged(reason('classifierWeightRows', { count: classes.length }));
  }
  const cleanWeights = weights.map((row, c) => numberArray(row, dims, reason('classifierWeightsOf', { name: String(classes[c]) })));
  const cleanBias = numberArray(bias, classes.length, 'bias');
  return {
    classes: [...(classes as string[])],
    dims,
    weights: cleanWeights,
    bias: cleanBias,
    metadata: validateMetadata(metadata, classes as string[]),
  };
}

function validateMetadata(value: unknown, classes: readonly string[]): ModelMetadata {
  if (!isRecord(value)) throw damaged(reason('classifierNoMetadata'));
  const field = (name: string) => finiteNumber(value[name], `metadata.${name}`);
  if (typeof value.trainedAt !== 'string') throw damaged(reason('classifierMissingField', { field: 'metadata.trainedAt' }));
  if (typeof value.standardized !== 'boolean') throw damaged(reason('classifierMissingField', { field: 'metadata.standardized' }));
  const counts = value.classCounts;
  if (!isRecord(counts)) throw damaged(reason('classifierMissingField', { field: 'metadata.classCounts' }));
  const classCounts = dict<number>();
  for (const name of classes) {
    if (!Object.hasOwn(counts, name)) {
      throw bad(reason('classifierMissingCategory', { name }));
    }
    classCounts[name] = finiteNumber(counts[name], `metadata.classCounts["${name}"]`);
  }
  const extraIn = value.extra ?? {};
  if (!isRecord(extraIn)) throw damaged(reason('classifierExtraNotObject'));
  const extra = dict<string | number | boolean>();
  for (const [key, v] of Object.entries(extraIn)) {
    if (typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) {
      throw damaged(reason('classifierExtraValue', { key }));
    }
    extra[key] = v;
  }
  return {
    trainedAt: value.trainedAt,
    examples: field('examples'),
    classCounts,
    epochs: field('epochs'),
    learningRate: field('learningRate'),
    l2: field('l2'),
    batchSize: field('batchSize'),
    seed: field('seed'),
    standardized: value.standardized,
    finalLoss: field('finalLoss'),
    trainingAccuracy: field('trainingAccuracy'),
    extra,
  };
}
