/**
 * `createClient()`: the workbench SDK. It resolves which model serves a call, makes sure the
 * worker is configured, and runs everything in the inference worker, never on the main thread.
 */
import { extractiveSummary } from '../content/extractive';
import { detectLanguageMix } from '../insights/language';
import { eligibleFor, routeModel, summaryMethodFor } from '../models/routing';
import {
  buildCatalog,
  isValidModelId,
  LANGUAGE_ROUTES,
  resolveAssignment,
  toModelRef,
  type CatalogModel,
  type PresetName,
  type TaskAssignment,
} from '../models/catalog';
import {
  TASKS,
  WorkbenchError,
  type Answer,
  type BackendPreference,
  type EnvironmentInfo,
  type GenerationOptions,
  type LoadedModelInfo,
  type LoadProgress,
  type ModelRef,
  type SummarizeOptions,
  type Task,
  type ThreadPolicy,
  type WorkProgress,
} from '../core';
import type { InferenceOperations, ParamsOf, ResultOf, WorkerConfig } from '../workers/inferenceProtocol';
import { createAnalysisClient } from './analysis';
import { createAppsApi } from './apps';
import { answerFromKnowledgeBase, workspaceKnowledgeBase } from './knowledgeAnswer';
import { DEFAULT_RESIDENCY, ModelResidency, type ResidencyOptions } from './residency';
import { summarizeInParts } from './summarizeInParts';
import { TokenStream } from './tokenStream';
import { trainClassifier } from './training';
import { WorkerTransport, type RequestHandlers as TransportHandlers } from './transport';
import type {
  CallOptions,
  ClientOptions,
  GenerationStream,
  KnowledgeAnswer,
  KnowledgeAnswerOptions,
  ModelsApi,
  SummaryMethodOptions,
  WorkbenchClient,
  WorkerLike,
} from './types';

function createInferenceWorker(): WorkerLike {
  return new Worker(new URL('../workers/inference.worker.ts', import.meta.url), {
    type: 'module',
    name: 'llmaos-inference',
  });
}

/** Operations that run on a model (as opposed to configure/unload). */
type ModelOperation =
  'load' | 'prepare' | 'warmUp' | 'classify' | 'embed' | 'summarize' | 'generate' | 'answer' | 'tokenize' | 'chunk' | 'perplexity' | 'classifyWithHead';

const CUSTOM_PREFIX = 'custom:';

/** Listeners of any model operation: every one reports work progress; generate and summarize stream tokens. */
type RequestHandlers = TransportHandlers<InferenceOperations[ModelOperation]>;

function generationOptionsOf(options: GenerationOptions): GenerationOptions {
  const { maxNewTokens, minNewTokens, temperature, topK, topP, repetitionPenalty, doSample, seed } = options;
  return { maxNewTokens, minNewTokens, temperature, topK, topP, repetitionPenalty, doSample, seed };
}

function isTask(value: string): value is Task {
  return (TASKS as readonly string[]).includes(value);
}

function notInLibrary(modelId: string): WorkbenchError {
  return new WorkbenchError('model-not-found', `${modelId} is not in the model library. Add it in Models (by Hub id or from a folder) first.`);
}

export function createClient(options: ClientOptions = {}): WorkbenchClient {
  const preset: PresetName = options.preset ?? 'default';
  let overrides: Partial<TaskAssignment> = { ...options.assignment };
  let userModels: CatalogModel[] = [...(options.userModels ?? [])];
  let config: WorkerConfig = {
    backend: options.backend ?? 'auto',
    localModelPath: options.localModelPath ?? '/models/',
    allowRemoteModels: options.allowRemoteModels ?? true,
    threads: options.threads ?? 'auto',
  };
  const loaded = new Map<string, LoadedModelInfo>();
  let limits: ResidencyOptions = { ...DEFAULT_RESIDENCY, ...options.memory };
  const residency = new ModelResidency(limits);
  let expiryTimer: ReturnType<typeof setTimeout> | null = null;
  const loadedChanged = () => {
    try {
      options.onLoadedChange?.([...loaded.values()]);
    } catch (error) {
      console.warn('[llmaos] onLoadedChange threw', error);
    }
  };
  const progressListeners = new Set<(progress: LoadProgress) => void>();
  let configured: Promise<EnvironmentInfo> | null = null;

  const transport = new WorkerTransport<InferenceOperations>(options.createWorker ?? createInferenceWorker, {
    name: 'inference',
    onAnyLoadProgress: (progress) => progressListeners.forEach((listener) => listener(progress)),
    // Every warning, including those the worker broadcasts while no call is waiting (a model file
    // the weight cache could not store because storage is full).
    onAnyWarning: (warning) => {
      try {
        options.onWarning?.(warning);
      } catch (error) {
        console.warn('[llmaos] onWarning threw', error);
      }
    },
    // The next worker starts with no models and no configuration.
    onWorkerLost: () => {
      loaded.clear();
      residency.clear();
      configured = null;
      loadedChanged();
    },
  });

  const catalog = () => buildCatalog(userModels);

  const analysis = createAnalysisClient(options.createAnalysisWorker);
  /** Aborts the training jobs still running when the client is disposed (each has its own worker). */
  const disposed = new AbortController();

  /** Configures the worker once per worker; a failed or crashed configuration is retried. */
  function environment(): Promise<EnvironmentInfo> {
    if (!configured) {
      const attempt = transport.request('configure', config);
      configured = attempt;
      attempt.catch(() => {
        if (configured === attempt) configured = null;
      });
    }
    return configured;
  }

  async function call<K extends ModelOperation>(op: K, params: ParamsOf<K>, handlers: RequestHandlers): Promise<ResultOf<K>> {
    await environment();
    return transport.request(op, params, handlers);
  }

  async function modelFor(task: Task, modelId?: string): Promise<ModelRef> {
    const { backend } = await environment();
    const id = modelId ?? resolveAssignment(preset, overrides, catalog())[task];
    const known = catalog().find((model) => model.id === id);
    if (known && known.task !== task) {
      throw new WorkbenchError('bad-input', `The model ${id} is for ${known.task}, not ${task}.`);
    }
    if (!known && !isValidModelId(id)) {
      throw new WorkbenchError('bad-input', `"${id}" is not a model id of the form org/name.`);
    }
    // The same answer as models.load(): a model must be in the library (a default, added by Hub
    // id, or imported from a folder) before anything runs on it, so nothing reaches the network
    // for an id that was only typed or read from a file.
    if (!known) throw notInLibrary(id);
    return toModelRef(known, backend);
  }

  function handlersOf(callOptions: CallOptions = {}): RequestHandlers {
    return {
      signal: callOptions.signal,
      onLoadProgress: callOptions.onLoadProgress,
      onProgress: callOptions.onProgress,
      onWarning: callOptions.onWarning,
      onToken: callOptions.onToken,
    };
  }

  const expectedBytesOf = (model: ModelRef) => catalog().find((known) => known.id === model.id)?.approxBytes ?? 0;

  async function loadModel(model: ModelRef, callOptions: CallOptions): Promise<LoadedModelInfo> {
    const expectedBytes = expectedBytesOf(model);
    for (const modelId of residency.toMakeRoom(model.id, expectedBytes)) await release(modelId);
    return registerLoaded(await call('load', { model }, handlersOf(callOptions)), expectedBytes);
  }

  /** Counts a model the worker has loaded against the memory limits. */
  async function registerLoaded(info: LoadedModelInfo, expectedBytes: number): Promise<LoadedModelInfo> {
    loaded.set(info.modelId, info);
    const weightBytes = info.weightBytes || expectedBytes;
    residency.loaded(info.modelId, weightBytes, Date.now());
    loadedChanged();
    // The catalog's size is an estimate (and user models have none): check again with the real one.
    for (const modelId of residency.toMakeRoom(info.modelId, weightBytes)) await release(modelId);
    scheduleExpiry();
    return info;
  }

  /**
   * Loads a model ahead of its first call when that costs the user nothing they did not ask for:
   * its files are stored (no download) and, by the catalog's size of it, it fits the memory budget
   * beside the loaded models (no other model is unloaded for it). Null when it is not loaded for
   * either reason.
   */
  async function prepareModel(model: ModelRef, callOptions: CallOptions): Promise<LoadedModelInfo | null> {
    const already = loaded.get(model.id);
    if (already?.dtype === model.dtype) return already;
    const expectedBytes = expectedBytesOf(model);
    if (residency.toMakeRoom(model.id, expectedBytes).length > 0) return null;
    const info = await call('prepare', { model }, handlersOf(callOptions));
    if (!info) return null;
    // Counted as soon as it is loaded: a cancel during the drafts leaves it loaded, and counted.
    await registerLoaded(info, expectedBytes);
    await call('warmUp', { model }, { signal: callOptions.signal });
    return info;
  }

  /** Unloads a model the limits chose (see residency.ts); its next call loads it again. */
  async function release(modelId: string): Promise<void> {
    loaded.delete(modelId);
    residency.unloaded(modelId);
    loadedChanged();
    if (configured) await transport.request('unload', { modelId });
  }

  function scheduleExpiry(): void {
    if (expiryTimer !== null) clearTimeout(expiryTimer);
    expiryTimer = null;
    const next = residency.nextExpiry();
    if (next === null) return;
    expiryTimer = setTimeout(
      () => {
        expiryTimer = null;
        const expired = residency.expired(Date.now());
        void Promise.all(expired.map(release)).then(scheduleExpiry, (error: unknown) => {
          console.warn('[llmaos] unloading an idle model failed', error);
          scheduleExpiry();
        });
      },
      Math.max(0, next - Date.now()) + 50,
    );
  }

  const models: ModelsApi = {
    list: () => catalog(),
    assignment: () => resolveAssignment(preset, overrides, catalog()),
    assign(task, modelId) {
      overrides = { ...overrides, [task]: modelId };
    },
    add(model) {
      userModels = [...userModels.filter((m) => m.id !== model.id), model];
    },
    remove(modelId) {
      userModels = userModels.filter((m) => m.id !== modelId);
      overrides = Object.fromEntries(Object.entries(overrides).filter(([, id]) => id !== modelId));
    },
    load: async (taskOrModelId, callOptions = {}) => loadModel(await modelNamed(taskOrModelId), callOptions),
    prepare: async (taskOrModelId, callOptions = {}) => prepareModel(await modelNamed(taskOrModelId), callOptions),
    unload: release,
    loaded: () => [...loaded.values()],
    memory(changes = {}) {
      limits = { ...limits, ...changes };
      residency.setOptions(limits);
      scheduleExpiry();
      return { ...limits, loadedBytes: residency.totalBytes() };
    },
    onProgress(listener) {
      progressListeners.add(listener);
      return () => progressListeners.delete(listener);
    },
  };

  async function customClassifier(name: string) {
    const found = (await options.customClassifiers?.(name)) ?? null;
    if (!found) throw new WorkbenchError('model-not-found', `There is no custom classifier named "${name}". Train one in Customize.`);
    return found;
  }

  /** The model a task is assigned, or the library's model of that id. */
  async function modelNamed(taskOrModelId: Task | string): Promise<ModelRef> {
    return isTask(taskOrModelId) ? modelFor(taskOrModelId) : modelFor(catalogTaskOf(taskOrModelId), taskOrModelId);
  }

  function catalogTaskOf(modelId: string): Task {
    const known = catalog().find((model) => model.id === modelId);
    if (!known) throw notInLibrary(modelId);
    return known.task;
  }

  /** Loads the task's model (a no-op when it is loaded), then runs the operation on it. */
  async function run<K extends Exclude<ModelOperation, 'load' | 'prepare' | 'warmUp'>>(
    op: K,
    task: Task,
    callOptions: CallOptions,
    params: (model: ModelRef) => ParamsOf<K>,
    extra: Partial<RequestHandlers> = {},
  ): Promise<ResultOf<K>> {
    const model = await modelFor(task, callOptions.model);
    residency.use(model.id, Date.now());
    try {
      // A loaded model needs no load round trip: per-call overhead is what one-row calls pay.
      if (loaded.get(model.id)?.dtype !== model.dtype) await loadModel(model, callOptions);
      return await call(op, params(model), { ...handlersOf(callOptions), ...extra });
    } finally {
      residency.release(model.id, Date.now());
      scheduleExpiry();
    }
  }

  /**
   * The text's own central sentences, embedded with the embeddings model for its language (the
   * preset's language route, e.g. the multilingual MiniLM for Chinese), or compared word by word
   * when no embedding model knows it. Streams the result once.
   */
  async function summarizeExtractively(
    text: string,
    mix: ReturnType<typeof detectLanguageMix>,
    callOptions: CallOptions & SummaryMethodOptions,
  ): Promise<string> {
    const assigned = resolveAssignment(preset, overrides, catalog()).embeddings;
    // Routed among the preset's own kind of models: the fixtures preset never switches to a Hub download.
    const route = routeModel({ task: 'embeddings', mix, catalog: catalog(), assigned, routes: LANGUAGE_ROUTES[preset], eligible: eligibleFor(preset) });
    const embedOptions: CallOptions = {
      signal: callOptions.signal,
      onLoadProgress: callOptions.onLoadProgress,
      onWarning: callOptions.onWarning,
      model: route.modelId,
    };
    const summary = await extractiveSummary(text, {
      maxSentences: callOptions.maxSentences,
      maxChars: callOptions.maxChars,
      signal: callOptions.signal,
      // An embedding model that does not know the language sees mostly unknown tokens: every
      // sentence gets nearly the same vector and all but one look like duplicates. Word and
      // character-bigram overlap (the summarizer's lexical vectors) rank such text better.
      embed: route.mismatch ? undefined : (sentences) => run('embed', 'embeddings', embedOptions, (model) => ({ model, texts: sentences })),
    });
    callOptions.onProgress?.({ done: 1, total: 1, stage: 'summarizing' });
    if (summary.text) callOptions.onToken?.(summary.text);
    return summary.text;
  }

  function answerSpan(question: string, context: string, callOptions: CallOptions = {}): Promise<Answer> {
    return run('answer', 'question-answering', callOptions, (model) => ({ model, question, context }));
  }

  function answer(question: string, context: string, callOptions?: CallOptions): Promise<Answer>;
  function answer(question: string, callOptions?: CallOptions & KnowledgeAnswerOptions): Promise<KnowledgeAnswer>;
  function answer(
    question: string,
    contextOrOptions?: string | (CallOptions & KnowledgeAnswerOptions),
    callOptions?: CallOptions,
  ): Promise<Answer | KnowledgeAnswer> {
    if (typeof contextOrOptions === 'string') return answerSpan(question, contextOrOptions, callOptions);
    const { knowledgeBase, threshold, onProgress, ...common } = contextOrOptions ?? {};
    return answerFromKnowledgeBase(
      question,
      options.knowledgeBases ?? workspaceKnowledgeBase,
      {
        // Vectors of different embedding models do not compare: the question gets the knowledge base's.
        embed:
          (embeddingModel) =>
          (texts, { signal }) =>
            run('embed', 'embeddings', { ...common, model: embeddingModel, signal, onProgress: undefined }, (model) => ({ model, texts })),
        answer: (q, context, { signal }) => answerSpan(q, context, { ...common, signal }),
      },
      { knowledgeBase, threshold, signal: common.signal, onProgress },
    );
  }

  // Apps run their steps through this very client (its model choices, its worker).
  const apps = createAppsApi(
    {
      classify: (texts, callOptions) => client.classify(texts, callOptions),
      embed: (texts, callOptions) => client.embed(texts, callOptions),
      summarize: (text, callOptions) => client.summarize(text, callOptions),
      generate: (prompt, callOptions) => client.generate(prompt, callOptions),
      answer: (question, context, callOptions) => client.answer(question, context, callOptions),
    },
    () => models.list(),
    options.apps,
  );

  const client: WorkbenchClient = {
    async classify(texts, callOptions = {}) {
      const { batchSize } = callOptions;
      if (callOptions.model?.startsWith(CUSTOM_PREFIX)) {
        const custom = await customClassifier(callOptions.model.slice(CUSTOM_PREFIX.length));
        const embedOptions = { ...callOptions, model: custom.embeddingModel };
        return run('classifyWithHead', 'embeddings', embedOptions, (model) => ({ model, texts, head: custom.head, batchSize }));
      }
      return run('classify', 'sentiment', callOptions, (model) => ({ model, texts, batchSize }));
    },
    embed(texts, callOptions = {}) {
      return run('embed', 'embeddings', callOptions, (model) => ({ model, texts, batchSize: callOptions.batchSize }));
    },
    countTokens(texts, callOptions = {}) {
      return run('tokenize', callOptions.task ?? 'summarization', callOptions, (model) => ({ model, texts }));
    },
    chunk(text, callOptions = {}) {
      const { maxTokens, overlapTokens } = callOptions;
      return run('chunk', callOptions.task ?? 'summarization', callOptions, (model) => ({ model, text, maxTokens, overlapTokens }));
    },
    perplexity(text, callOptions = {}) {
      return run('perplexity', 'generation', callOptions, (model) => ({ model, text, stride: callOptions.stride }));
    },
    /**
     * One window: one summarization. Longer: split with the model's tokenizer and summarized in
     * parts (a summary of summaries), never cut; see summarizeInParts.ts.
     */
    async summarize(text, callOptions = {}) {
      const mix = detectLanguageMix([text]);
      const summarizerId = callOptions.model ?? resolveAssignment(preset, overrides, catalog()).summarization;
      const summarizer = catalog().find((model) => model.id === summarizerId);
      if (summaryMethodFor(mix, summarizer, callOptions.method).method === 'extractive') return summarizeExtractively(text, mix, callOptions);
      const { maxNewTokens, minNewTokens, repetitionPenalty, noRepeatNgramSize, onProgress, onToken } = callOptions;
      const staged = (stage: WorkProgress['stage']) => (onProgress ? (progress: WorkProgress) => onProgress({ ...progress, stage }) : undefined);
      const summarizeOne = async (input: string, options: SummarizeOptions, extra: Partial<RequestHandlers>) =>
        (await run('summarize', 'summarization', callOptions, (model) => ({ model, text: input, options }), extra)).text;
      const generation = { maxNewTokens, minNewTokens, repetitionPenalty, noRepeatNgramSize };

      const chunked = await run('chunk', 'summarization', callOptions, (model) => ({ model, text }), { onProgress: staged('chunking'), onToken: undefined });
      const only = chunked.chunks.length === 1 ? chunked.chunks[0] : undefined;
      if (only) return summarizeOne(only.text, generation, { onProgress: staged('summarizing') });
      return summarizeInParts(
        chunked,
        { ...generation, signal: callOptions.signal, onProgress },
        {
          // Only the final summary streams to onToken; partial summaries are steps of onProgress.
          summarizeOne: (input, options, final) => summarizeOne(input, options, { onProgress: undefined, onToken: final ? onToken : undefined }),
          countTokens: async (texts) =>
            (await run('tokenize', 'summarization', callOptions, (model) => ({ model, texts }), { onProgress: undefined, onToken: undefined })).counts,
        },
      );
    },
    answer,
    generate(prompt, callOptions = {}): GenerationStream {
      const stream = new TokenStream<ResultOf<'generate'>>();
      run('generate', 'generation', callOptions, (model) => ({ model, prompt, options: generationOptionsOf(callOptions) }), {
        onToken: (text) => stream.push(text),
      }).then(
        (result) => stream.end(result),
        (error: unknown) => stream.fail(error),
      );
      return stream;
    },
    environment,
    async setBackend(preference: BackendPreference) {
      if (preference === config.backend) return environment();
      config = { ...config, backend: preference };
      // Each backend has its own onnxruntime build, fixed when the worker's runtime starts
      // (src/workers/ortBuilds.ts): only a new worker takes the new one.
      transport.replaceWorker();
      configured = null;
      loaded.clear();
      residency.clear();
      loadedChanged();
      return environment();
    },
    async setThreads(policy: ThreadPolicy) {
      if (policy === config.threads) return environment();
      config = { ...config, threads: policy };
      // onnxruntime-web fixes its thread count when it starts: only a new worker takes the policy.
      transport.replaceWorker();
      configured = null;
      return environment();
    },
    models,
    analysis,
    apps,
    trainClassifier(request, callOptions = {}) {
      const signal = callOptions.signal ? AbortSignal.any([callOptions.signal, disposed.signal]) : disposed.signal;
      return trainClassifier(request, { ...callOptions, signal, createWorker: options.createTrainingWorker });
    },
    dispose() {
      if (expiryTimer !== null) clearTimeout(expiryTimer);
      expiryTimer = null;
      progressListeners.clear();
      transport.dispose();
      analysis.dispose();
      disposed.abort();
    },
  };
  return client;
}
