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
import { WorkbenchError } from '../core';
import type { ModelMetadata, SoftmaxModel } from './softmax';

export const CLASSIFIER_FORMAT = 'llmaos-workbench/softmax-classifier';
export const CLASSIFIER_VERSION = 1;

interface ClassifierFile {
  format: typeof CLASSIFIER_FORMAT;
  version: number;
  checksum: string;
  model: SoftmaxModel;
}

const bad = (message: string, detail?: string) => new WorkbenchError('bad-input', message, detail);

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
  return JSON.stringify([
    model.classes,
    model.dims,
    model.weights,
    model.bias,
    sortKeys(model.metadata as unknown as Record<string, unknown>),
  ]);
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
    throw bad('This file is not a classifier: it is not valid JSON (it may be truncated).', String(error));
  }
  if (!isRecord(parsed) || parsed.format !== CLASSIFIER_FORMAT) {
    throw bad('This file is not a classifier exported from the workbench.');
  }
  const version = parsed.version;
  if (typeof version !== 'number' || !Number.isInteger(version) || version < 1) {
    throw bad('The classifier file has no valid version number.');
  }
  if (version > CLASSIFIER_VERSION) {
    throw bad(`This classifier was saved by a newer version of the workbench (file format ${version}); update the workbench to open it.`);
  }
  const classes = isRecord(parsed.model) ? parsed.model.classes : undefined;
  if (Array.isArray(classes) && classes.length > MAX_CLASSIFIER_CATEGORIES) {
    throw bad(
      `The classifier file has ${classes.length.toLocaleString('en-US')} categories; a classifier can have at most ${MAX_CLASSIFIER_CATEGORIES.toLocaleString('en-US')}.`,
    );
  }
  const model = validateModel(parsed.model);
  if (typeof parsed.checksum !== 'string' || parsed.checksum !== cyrb53(canonical(model))) {
    throw bad('The classifier file was modified or is damaged: its checksum does not match its content.');
  }
  return model;
}

function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

function finiteNumber(value: unknown, where: string): number {
  if (typeof value !== 'number' || !Number.isFinite(value)) throw bad(`The classifier file is damaged: ${where} is not a number.`);
  return value;
}

function numberArray(value: unknown, length: number, where: string): number[] {
  if (!Array.isArray(value) || value.length !== length) {
    throw bad(`The classifier file is damaged: ${where} should have ${length} numbers.`);
  }
  return value.map((v, i) => finiteNumber(v, `${where}[${i}]`));
}

/** Checks a model's structure and returns a clean copy holding only known fields. */
function validateModel(value: unknown): SoftmaxModel {
  if (!isRecord(value)) throw bad('The classifier file is damaged: it holds no model.');
  const { classes, dims, weights, bias, metadata } = value;
  if (!Array.isArray(classes) || classes.length < 2 || classes.some((c) => typeof c !== 'string' || c.trim() === '')) {
    throw bad('The classifier file is damaged: it needs at least two named categories.');
  }
  if (new Set(classes).size !== classes.length) throw bad('The classifier file is damaged: two categories have the same name.');
  if (typeof dims !== 'number' || !Number.isInteger(dims) || dims < 1) {
    throw bad('The classifier file is damaged: the embedding size is missing or invalid.');
  }
  if (!Array.isArray(weights) || weights.length !== classes.length) {
    throw bad(`The classifier file is damaged: it should hold weights for ${classes.length} categories.`);
  }
  const cleanWeights = weights.map((row, c) => numberArray(row, dims, `weights of "${String(classes[c])}"`));
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
  if (!isRecord(value)) throw bad('The classifier file is damaged: its training details are missing.');
  const field = (name: string) => finiteNumber(value[name], `metadata.${name}`);
  if (typeof value.trainedAt !== 'string') throw bad('The classifier file is damaged: metadata.trainedAt is missing.');
  if (typeof value.standardized !== 'boolean') throw bad('The classifier file is damaged: metadata.standardized is missing.');
  const counts = value.classCounts;
  if (!isRecord(counts)) throw bad('The classifier file is damaged: metadata.classCounts is missing.');
  const classCounts = dict<number>();
  for (const name of classes) {
    if (!Object.hasOwn(counts, name)) {
      throw bad(`The classifier file was modified or is damaged: its training details do not mention the category "${name}".`);
    }
    classCounts[name] = finiteNumber(counts[name], `metadata.classCounts["${name}"]`);
  }
  const extraIn = value.extra ?? {};
  if (!isRecord(extraIn)) throw bad('The classifier file is damaged: metadata.extra is not an object.');
  const extra = dict<string | number | boolean>();
  for (const [key, v] of Object.entries(extraIn)) {
    if (typeof v !== 'string' && typeof v !== 'boolean' && !(typeof v === 'number' && Number.isFinite(v))) {
      throw bad(`The classifier file is damaged: metadata.extra.${key} is not text, a number or true/false.`);
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
