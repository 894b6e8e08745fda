/**
 * The model library's catalog: which models exist for each task, and the presets that choose
 * one per task. Pure data and functions; the Models panel and the SDK both read it.
 */
import { TASKS, type Backend, type Dtype, type ModelRef, type Task } from '../core';

export type ModelOrigin = 'hub' | 'fixture' | 'custom' | 'imported';

export interface CatalogModel {
  /** Hub id (`org/name`); also the folder under public/models/ and the IndexedDB cache key part. */
  id: string;
  task: Task;
  /** ISO 639-1 codes of the languages the model was trained on, as its model card states them. */
  languages: string[];
  origin: ModelOrigin;
  /** dtype per backend. WebGPU has no int8 MatMul kernels, so it runs fp32. */
  dtype: { wasm: Dtype; webgpu: Dtype };
  /** Approximate download size of the chosen WASM dtype, shown before download; the real figure
   * comes from the cache once downloaded. */
  approxBytes?: number;
}

const MB = 1024 * 1024;
const Q8_ON_WASM = { wasm: 'q8', webgpu: 'fp32' } as const satisfies CatalogModel['dtype'];

/** The real Hub models users' browsers download by default. */
export const HUB_MODELS: readonly CatalogModel[] = [
  {
    id: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english',
    task: 'sentiment',
    languages: ['en'],
    origin: 'hub',
    dtype: Q8_ON_WASM,
    approxBytes: 67 * MB,
  },
  // nlptown's card: product reviews in six languages (no Chinese, despite the multilingual base).
  {
    id: 'Xenova/bert-base-multilingual-uncased-sentiment',
    task: 'sentiment',
    languages: ['en', 'nl', 'de', 'fr', 'es', 'it'],
    origin: 'hub',
    dtype: Q8_ON_WASM,
    approxBytes: 168 * MB,
  },
  // lxyuan's card lists these twelve; labels positive / neutral / negative. The sentiment model
  // for Chinese and mixed-language text (LANGUAGE_ROUTES).
  {
    id: 'Xenova/distilbert-base-multilingual-cased-sentiments-student',
    task: 'sentiment',
    languages: ['en', 'zh', 'ja', 'ar', 'de', 'es', 'fr', 'hi', 'id', 'it', 'ms', 'pt'],
    origin: 'hub',
    dtype: Q8_ON_WASM,
    approxBytes: 136 * MB,
  },
  { id: 'Xenova/distilgpt2', task: 'generation', languages: ['en'], origin: 'hub', dtype: Q8_ON_WASM, approxBytes: 84 * MB },
  { id: 'Xenova/gpt2', task: 'generation', languages: ['en'], origin: 'hub', dtype: Q8_ON_WASM, approxBytes: 126 * MB },
  { id: 'Xenova/distilbart-cnn-6-6', task: 'summarization', languages: ['en'], origin: 'hub', dtype: Q8_ON_WASM, approxBytes: 284 * MB },
  { id: 'Xenova/flan-t5-small', task: 'summarization', languages: ['en'], origin: 'hub', dtype: Q8_ON_WASM, approxBytes: 110 * MB },
  { id: 'Xenova/all-MiniLM-L6-v2', task: 'embeddings', languages: ['en'], origin: 'hub', dtype: Q8_ON_WASM, approxBytes: 23 * MB },
  // sentence-transformers' card: trained on parallel data for 50+ languages, Chinese (zh-cn, zh-tw) among them.
  {
    id: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2',
    task: 'embeddings',
    languages: ['multilingual', 'en', 'zh', 'de', 'fr', 'es', 'ja', 'ko'],
    origin: 'hub',
    dtype: Q8_ON_WASM,
    approxBytes: 118 * MB,
  },
  // BAAI's Chinese-only embedding model: a fifth of the multilingual one's download.
  { id: 'Xenova/bge-small-zh-v1.5', task: 'embeddings', languages: ['zh'], origin: 'hub', dtype: Q8_ON_WASM, approxBytes: 24 * MB },
  { id: 'Xenova/distilbert-base-cased-distilled-squad', task: 'question-answering', languages: ['en'], origin: 'hub', dtype: Q8_ON_WASM, approxBytes: 65 * MB },
];

/** Tiny stand-ins with the real models' inputs, outputs and tokenizers (../shared/models/tiny). */
export const FIXTURE_MODELS: readonly CatalogModel[] = [
  { id: 'tiny/distilbert-sentiment', task: 'sentiment', languages: ['en'], origin: 'fixture', dtype: Q8_ON_WASM, approxBytes: 3 * MB },
  // bert-base-chinese's tokenizer, labels negative / positive; stands in for the multilingual student.
  { id: 'tiny/zh-sentiment', task: 'sentiment', languages: ['zh'], origin: 'fixture', dtype: Q8_ON_WASM, approxBytes: 3 * MB },
  { id: 'tiny/gpt2', task: 'generation', languages: ['en'], origin: 'fixture', dtype: Q8_ON_WASM, approxBytes: 8 * MB },
  { id: 'tiny/t5-summarizer', task: 'summarization', languages: ['en'], origin: 'fixture', dtype: Q8_ON_WASM, approxBytes: 7 * MB },
  { id: 'tiny/minilm-embeddings', task: 'embeddings', languages: ['en'], origin: 'fixture', dtype: Q8_ON_WASM, approxBytes: 3 * MB },
  { id: 'tiny/distilbert-squad', task: 'question-answering', languages: ['en'], origin: 'fixture', dtype: Q8_ON_WASM, approxBytes: 3 * MB },
];

export const PRESET_NAMES = ['default', 'fixtures'] as const;
export type PresetName = (typeof PRESET_NAMES)[number];
export type TaskAssignment = Record<Task, string>;

export const PRESETS: Record<PresetName, TaskAssignment> = {
  default: {
    sentiment: 'Xenova/distilbert-base-uncased-finetuned-sst-2-english',
    generation: 'Xenova/distilgpt2',
    summarization: 'Xenova/distilbart-cnn-6-6',
    embeddings: 'Xenova/all-MiniLM-L6-v2',
    'question-answering': 'Xenova/distilbert-base-cased-distilled-squad',
  },
  fixtures: {
    sentiment: 'tiny/distilbert-sentiment',
    generation: 'tiny/gpt2',
    summarization: 'tiny/t5-summarizer',
    embeddings: 'tiny/minilm-embeddings',
    'question-answering': 'tiny/distilbert-squad',
  },
};

/**
 * Per preset, the model a task switches to when the text is mostly in a language its assigned
 * model does not cover (see src/models/routing.ts). Chinese only, for now: the product's users
 * write Chinese and English. Summarization has no Chinese model: Chinese text is summarized
 * extractively with the embeddings model (src/content/extractive.ts).
 */
export type LanguageRoutes = Partial<Record<Task, Partial<Record<'zh' | 'en', string>>>>;

export const LANGUAGE_ROUTES: Record<PresetName, LanguageRoutes> = {
  default: {
    sentiment: { zh: 'Xenova/distilbert-base-multilingual-cased-sentiments-student' },
    embeddings: { zh: 'Xenova/paraphrase-multilingual-MiniLM-L12-v2' },
  },
  fixtures: {
    sentiment: { zh: 'tiny/zh-sentiment' },
  },
};

export function isPresetName(value: unknown): value is PresetName {
  return typeof value === 'string' && (PRESET_NAMES as readonly string[]).includes(value);
}

/** The built-in catalog plus the models the user added or imported, without duplicate ids. */
export function buildCatalog(userModels: readonly CatalogModel[] = []): CatalogModel[] {
  const byId = new Map<string, CatalogModel>();
  for (const model of [...HUB_MODELS, ...FIXTURE_MODELS, ...userModels]) byId.set(model.id, model);
  return [...byId.values()];
}

export function modelsForTask(catalog: readonly CatalogModel[], task: Task): CatalogModel[] {
  return catalog.filter((model) => model.task === task);
}

/**
 * Which model serves each task: the preset, overridden per task by the user's choices.
 * A choice that names a model of another task, or one missing from the catalog, is ignored.
 */
export function resolveAssignment(preset: PresetName, overrides: Partial<TaskAssignment>, catalog: readonly CatalogModel[]): TaskAssignment {
  const assignment = { ...PRESETS[preset] };
  for (const task of TASKS) {
    const chosen = overrides[task];
    if (chosen && catalog.some((model) => model.id === chosen && model.task === task)) assignment[task] = chosen;
  }
  return assignment;
}

export function toModelRef(model: CatalogModel, backend: Backend): ModelRef {
  return { id: model.id, task: model.task, dtype: backend === 'webgpu' ? model.dtype.webgpu : model.dtype.wasm };
}

/** Hub ids are `org/name` with the Hub's allowed characters; `tiny/x` fixtures fit the same shape. */
const HUB_ID = /^[A-Za-z0-9][\w.-]{0,95}\/[A-Za-z0-9][\w.-]{0,95}$/;

export function isValidModelId(id: string): boolean {
  return HUB_ID.test(id) && !id.includes('..');
}

/** The model id that runs a classifier saved in Customize through the SDK: `classify(texts, { model: customModelId(name) })`. */
export function customModelId(name: string): string {
  return `custom:${name}`;
}

/** A user-added Hub model; unknown languages stay empty rather than guessed. */
export function customModel(id: string, task: Task, languages: string[] = []): CatalogModel {
  return { id, task, languages, origin: 'custom', dtype: Q8_ON_WASM };
}
