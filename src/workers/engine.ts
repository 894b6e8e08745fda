/**
 * The inference engine: owns the transformers.js pipelines, one per model, and runs requests on
 * them. It is platform-neutral: the browser worker and the Node tests/benchmarks both drive it,
 * so the Node integration tests exercise this exact code on onnxruntime-node.
 *
 * Cancellation is cooperative at three levels: a request still queued never starts; a model
 * download whose every requester gave up is aborted (through the fetch signal); a running request
 * stops at its next checkpoint (between batches, before the prompt is encoded, after each token).
 */
import { InterruptableStoppingCriteria, Tensor, TextStreamer, pipeline, random } from '@huggingface/transformers';
import { planWindows, windowNegLogLikelihoods } from '../evaluate/perplexity';
import { predict } from '../customize/softmax';
import { answerFromContext } from '../content/answerSpan';
import { chunkByTokensAsync } from '../content/chunking';
import { modelIdFromKey } from '../storage/weightCache';
import {
  toSerializedError,
  WorkbenchError,
  type Backend,
  type BackendPreference,
  type EnvironmentInfo,
  type LoadedModelInfo,
  type LoadProgress,
  type ModelRef,
  type SerializedError,
  type Task,
  type WorkProgress,
  cancelledError,
  raceAbort,
} from '../core';
import type { InferenceOperations, InferenceRequest, OperationName, ParamsOf, ResultOf, WorkerConfig } from './inferenceProtocol';
import type { OperationHandlers, RequestContext, WorkerService } from './serve';
import { SerialQueue } from './requestQueue';
import type { RequestCancellation } from './cancellation';
import { padBatch, paddedTokens, tokenBudgetBatches, type PaddedBatch, type TokenBudget } from './batching';
import { predictBatchesMs, type RunBatch } from './batchTimes';
import { bestLabels, meanPooledUnitVectors } from './encoderOutputs';
import { LoadProgressTracker } from './loadProgress';
import { OutputBufferPool, releaseDecoderCache } from './outputBuffers';
import { countTokensSliced, requireChunkableSize, requireFitsWindow } from './longText';

/** What differs between the browser worker and Node. */
export interface EnginePlatform {
  /** Points transformers.js at the model sources and cache for this config. */
  applyConfig(config: WorkerConfig): void;
  /** What the platform offers and which backend a preference resolves to. */
  describe(preference: BackendPreference): Promise<EnvironmentInfo>;
  /**
   * Starts the model runtime before any model needs it (called once, after the first
   * configuration). Where starting it is slow, this takes that time off the first load.
   */
  startRuntime?(): Promise<void>;
  /**
   * Every file the pipeline will read, with its size, when this device holds them all intact;
   * undefined when any must be downloaded (never rejects). Such a load runs without
   * transformers.js's progress callback, because with one it copies each file into a fresh buffer
   * as it counts the bytes (66 MB for the sentiment model).
   */
  cachedFiles?(task: string, modelId: string, options: PipelineFileOptions): Promise<StoredFiles | undefined>;
}

/** What decides which files a pipeline reads: its weights' precision, and the device's. */
export interface PipelineFileOptions {
  device: 'webgpu' | 'wasm' | 'cpu';
  dtype: ModelRef['dtype'];
}

/**
 * One request as the operations see it (src/workers/serve.ts): where to report, and how to notice
 * a cancel. The engine never sees the messages.
 */
type Context = RequestContext<InferenceOperations[OperationName]>;

const PIPELINE_TASK: Record<Task, string> = {
  sentiment: 'text-classification',
  generation: 'text-generation',
  summarization: 'summarization',
  embeddings: 'feature-extraction',
  'question-answering': 'question-answering',
};

/** The tasks whose models write token by token: warmed up at load, cache memory reused (outputBuffers.ts). */
const DECODING_TASKS: ReadonlySet<Task> = new Set<Task>(['generation', 'summarization']);
/** What `warmUp` runs on a decoding model, in drafts a real job can cut short. */
const WARM_UP_DRAFTS = 4;
const WARM_UP_DRAFT_TOKENS = 4;

type StoredFiles = ReadonlyArray<{ file: string; bytes: number }>;

/** One pipeline per model, dtype and backend: another dtype or backend is a new load. */
function pipelineKey(model: ModelRef, backend: Backend): string {
  return `${model.id}|${model.dtype}|${backend}`;
}

function pipelineFileOptions(model: ModelRef, backend: Backend): PipelineFileOptions {
  return { device: backend === 'webgpu' ? 'webgpu' : backend === 'wasm' ? 'wasm' : 'cpu', dtype: model.dtype };
}

function loadedInfo(loaded: LoadedPipeline): LoadedModelInfo {
  return { modelId: loaded.modelId, backend: loaded.backend, dtype: loaded.dtype, loadMs: loaded.loadMs, weightBytes: loaded.weightBytes };
}

/** transformers.js pipelines are loosely typed callables; this is the part the engine uses. */
type AnyPipeline = ((...args: unknown[]) => Promise<unknown>) & {
  tokenizer: ConstructorParameters<typeof TextStreamer>[0] & TokenizerLike;
  model: CausalModelLike;
  dispose(): Promise<void>;
};

interface TokenizerLike {
  encode(text: string): number[];
  (texts: string[], options: { truncation: boolean; return_tensor: false }): { input_ids: number[][]; token_type_ids?: number[][] };
  model_max_length?: number;
  pad_token_id?: number;
  padding_side?: 'left' | 'right';
}

interface TensorLike {
  dims: number[];
  data: ArrayLike<number>;
}

/** The forward pass of a causal LM, used for perplexity. */
interface CausalModelLike {
  config: {
    n_positions?: number;
    max_position_embeddings?: number;
    task_specific_params?: { summarization?: { prefix?: string } };
    id2label?: Record<string, string>;
    problem_type?: string;
  };
  (inputs: Record<string, unknown>): Promise<{ logits: TensorLike }>;
}

/** What an encoder returns; which field holds the token vectors depends on the export. */
interface EncoderOutputs {
  last_hidden_state?: TensorLike;
  logits?: TensorLike;
  token_embeddings?: TensorLike;
}

interface LoadedPipeline {
  key: string;
  modelId: string;
  backend: Backend;
  dtype: ModelRef['dtype'];
  /** Settles when the pipeline is ready; rejects if the load fails or is abandoned. */
  ready: Promise<AnyPipeline>;
  loadMs: number;
  weightBytes: number;
  queue: SerialQueue;
  settled: boolean;
  /** Aborts the download; fired when every request waiting for this load is cancelled. */
  loadAbort: AbortController;
  /** Requests waiting for the load, by request id, each with its own progress channel. */
  waiters: Map<number, (progress: LoadProgress) => void>;
  progress: LoadProgressTracker;
  /** Jobs started on the pipeline: a warm-up stops once a real job has run. */
  jobs: number;
}

/** Rows per encoder batch when the caller does not say; the token budget caps long rows. */
export const DEFAULT_BATCH_SIZE = 64;
const DEFAULT_CONFIG: WorkerConfig = { backend: 'auto', localModelPath: '/models/', allowRemoteModels: true, threads: 'auto' };

export class InferenceEngine implements WorkerService<InferenceOperations> {
  private readonly pipelines = new Map<string, LoadedPipeline>();
  private config: WorkerConfig = DEFAULT_CONFIG;
  private environment: EnvironmentInfo | null = null;
  private runtimeStarted = false;
  /** onnxruntime-web's output memory, reused while a model decodes (the inference worker installs it). */
  readonly outputBuffers = new OutputBufferPool();

  constructor(private readonly platform: EnginePlatform) {}

  /** What the serve loop (src/workers/serve.ts) runs for each request. */
  readonly operations: OperationHandlers<InferenceOperations> = {
    configure: (config) => this.configure(config),
    load: (params, context) => this.load(params.model, context),
    prepare: (params, context) => this.prepare(params.model, context),
    warmUp: (params, context) => this.warmUp(params.model, context),
    unload: (params) => this.unload(params.modelId),
    classify: (params, context) => this.classify(params, context),
    embed: (params, context) => this.embed(params, context),
    summarize: (params, context) => this.summarize(params, context),
    generate: (params, context) => this.generate(params, context),
    answer: (params, context) => this.answer(params, context),
    tokenize: (params, context) => this.tokenize(params, context),
    chunk: (params, context) => this.chunk(params, context),
    perplexity: (params, context) => this.perplexity(params, context),
    classifyWithHead: (params, context) => this.classifyWithHead(params, context),
  };

  /**
   * Describes a failure, and makes sure it does not outlive its request: a model that failed
   * while running is dropped, so the next call loads it fresh instead of reusing a session in an
   * unknown state (a WebAssembly fault additionally tells the client to replace the worker).
   */
  describeFailure(error: unknown, request: InferenceRequest): SerializedError {
    const described = describeError(error, request.op);
    const model = 'model' in request.params ? request.params.model : undefined;
    if (model && request.op !== 'load' && (described.code === 'internal' || described.code === 'out-of-memory')) {
      this.drop(model.id);
    }
    return described;
  }

  /** Forgets a pipeline now; disposes it once the jobs already in its queue are done. */
  private drop(modelId: string): void {
    const loaded = this.pipelines.get(modelId);
    if (!loaded) return;
    this.pipelines.delete(modelId);
    void loaded.queue
      .run(() => disposeWhenSettled(loaded), new AbortController().signal)
      .catch((error: unknown) => {
        console.warn('[llmaos] disposing a failed pipeline failed', error);
      });
  }

  /** The abort signal of the download of whichever model `url` belongs to (for env.fetch). */
  abortSignalForUrl(url: string): AbortSignal | undefined {
    const parsed = modelIdFromKey(url, this.config.localModelPath, this.config.remoteHost ?? 'https://huggingface.co/');
    if (!parsed) return undefined;
    for (const loaded of this.pipelines.values()) {
      if (loaded.modelId === parsed.modelId) return loaded.loadAbort.signal;
    }
    return undefined;
  }

  // -------------------------------------------------------------------------------------------
  // Configuration and model lifecycle

  async configure(config: WorkerConfig): Promise<EnvironmentInfo> {
    // Applied first: the environment reports the thread count the configuration sets.
    this.platform.applyConfig(config);
    const environment = await this.platform.describe(config.backend);
    if (!this.runtimeStarted && this.platform.startRuntime) {
      this.runtimeStarted = true;
      // In a task of its own, after this answer is posted: onnxruntime's start holds the worker's
      // thread for seconds, and the page needs its environment at once. A runtime that cannot
      // start fails the first load with the same error (transformers.js chains every session
      // after this one).
      const platform = this.platform;
      setTimeout(() => platform.startRuntime?.().catch((error: unknown) => console.warn('The model runtime did not start ahead of the first load:', error)), 0);
    }
    const backendChanged = this.environment !== null && this.environment.backend !== environment.backend;
    const sourcesChanged =
      config.localModelPath !== this.config.localModelPath ||
      config.allowRemoteModels !== this.config.allowRemoteModels ||
      config.remoteHost !== this.config.remoteHost;
    this.config = config;
    this.environment = environment;
    if (backendChanged || sourcesChanged) await this.unloadAll();
    return environment;
  }

  private async currentBackend(): Promise<Backend> {
    this.environment ??= await this.platform.describe(this.config.backend);
    return this.environment.backend;
  }

  async load(model: ModelRef, context: Context): Promise<ResultOf<'load'>> {
    return loadedInfo(await this.acquire(model, context));
  }

  /**
   * Loads the model only when every file of it is already on this device: a guess at what the
   * user runs next must never start a download. Null when a file is missing.
   */
  async prepare(model: ModelRef, context: Context): Promise<ResultOf<'prepare'>> {
    const backend = await this.currentBackend();
    let entry = await this.joinable(model, backend);
    if (!entry) {
      const stored = await this.storedFiles(model, backend);
      if (context.signal.aborted) throw cancelledError();
      if (!stored) return null;
      // Another request may have started the load while the files were checked.
      entry = (await this.joinable(model, backend)) ?? this.startLoad(model, backend, Promise.resolve(stored));
    }
    return loadedInfo(await this.waitFor(entry, context));
  }

  /**
   * Runs a few short drafts on a loaded decoding model, stopping as soon as a real job waits for
   * it. The browser compiles onnxruntime's WebAssembly in its optimising tier only for code that
   * has run a while; without these drafts the user's first draft pays for that, at about half the
   * speed of the next ones (real-size GPT-2: 30–37 tok/s straight after a load, 48–60 after these
   * drafts and 5 s). Never loads: a model that is not loaded gets no draft.
   */
  async warmUp(model: ModelRef, context: Context): Promise<ResultOf<'warmUp'>> {
    const loaded = this.pipelines.get(model.id);
    if (!loaded?.settled || !DECODING_TASKS.has(model.task) || loaded.key !== pipelineKey(model, await this.currentBackend())) return { drafts: 0 };
    const jobsBefore = loaded.jobs;
    let drafts = 0;
    while (drafts < WARM_UP_DRAFTS && this.pipelines.get(model.id) === loaded && loaded.queue.size === 0) {
      const ran = await this.withPipeline(model, context, async (pipe) => {
        // A real job got in first: it has warmed the model, and its user needs no more drafts.
        if (loaded.jobs !== jobsBefore + drafts + 1) return false;
        await pipe('Hello', { max_new_tokens: WARM_UP_DRAFT_TOKENS, min_new_tokens: WARM_UP_DRAFT_TOKENS });
        return true;
      });
      if (!ran) break;
      drafts += 1;
    }
    return { drafts };
  }

  async unload(modelId: string): Promise<ResultOf<'unload'>> {
    const loaded = this.pipelines.get(modelId);
    if (!loaded) return { unloaded: false };
    this.pipelines.delete(modelId);
    await disposeWhenSettled(loaded);
    return { unloaded: true };
  }

  private async unloadAll(): Promise<void> {
    const all = [...this.pipelines.values()];
    this.pipelines.clear();
    await Promise.all(all.map(disposeWhenSettled));
  }

  /**
   * The ready pipeline for `model`, loading it if needed. Concurrent requests share one load;
   * each may give up alone, and the download stops only when nobody is left waiting for it.
   */
  private async acquire(model: ModelRef, context: Context): Promise<LoadedPipeline> {
    const backend = await this.currentBackend();
    const joined = await this.joinable(model, backend);
    // Cancelled while an abandoned load ended (see joinable): no load of its own to start.
    if (context.signal.aborted) throw cancelledError();
    return this.waitFor(joined ?? this.startLoad(model, backend), context);
  }

  /** The model's pipeline, loaded or loading, when a request may join it (a stale one is dropped). */
  private async joinable(model: ModelRef, backend: Backend): Promise<LoadedPipeline | undefined> {
    const loaded = this.pipelines.get(model.id);
    if (!loaded) return undefined;
    if (loaded.key !== pipelineKey(model, backend)) {
      this.pipelines.delete(model.id);
      await disposeWhenSettled(loaded);
      return undefined;
    }
    if (!loaded.settled && loaded.loadAbort.signal.aborted) {
      // Abandoned by everyone who wanted it: its download is being aborted, but once its files
      // are in, no abort stops onnxruntime building its session (nor a decoder's warm-up run).
      // A second load started now would work in onnxruntime beside it, two loads of one model at
      // once. So it is waited for, then looked at again: built after all, it serves this request;
      // cancelled, it is gone and this request starts its own load.
      await loaded.ready.catch(() => undefined);
      return this.joinable(model, backend);
    }
    return loaded;
  }

  /** Waits for the pipeline's load as one of its waiters: the load stops when the last one gives up. */
  private async waitFor(entry: LoadedPipeline, { id: requestId, signal, loadProgress }: Context): Promise<LoadedPipeline> {
    entry.waiters.set(requestId, loadProgress);
    const onAbort = () => {
      entry.waiters.delete(requestId);
      if (entry.waiters.size === 0 && !entry.settled) entry.loadAbort.abort();
    };
    signal.addEventListener('abort', onAbort, { once: true });
    try {
      await raceAbort(entry.ready, signal);
      return entry;
    } finally {
      signal.removeEventListener('abort', onAbort);
      entry.waiters.delete(requestId);
    }
  }

  /** The model's files when every one is stored on this device (the platform knows), else undefined. */
  private storedFiles(model: ModelRef, backend: Backend): Promise<StoredFiles | undefined> {
    return this.platform.cachedFiles?.(PIPELINE_TASK[model.task], model.id, pipelineFileOptions(model, backend)) ?? Promise.resolve(undefined);
  }

  private startLoad(model: ModelRef, backend: Backend, stored = this.storedFiles(model, backend)): LoadedPipeline {
    const started = performance.now();
    const entry: LoadedPipeline = {
      key: pipelineKey(model, backend),
      modelId: model.id,
      backend,
      dtype: model.dtype,
      ready: Promise.resolve(undefined as never),
      loadMs: -1,
      weightBytes: 0,
      settled: false,
      queue: new SerialQueue(),
      loadAbort: new AbortController(),
      waiters: new Map(),
      progress: new LoadProgressTracker(model.id),
      jobs: 0,
    };
    const broadcast = (progress: LoadProgress) => {
      for (const report of entry.waiters.values()) report(progress);
    };
    const create = pipeline as unknown as (task: string, id: string, options: object) => Promise<AnyPipeline>;
    const task = PIPELINE_TASK[model.task];
    const options = pipelineFileOptions(model, backend);
    const progressCallback = (info: unknown) => {
      const progress = entry.progress.update(info);
      if (progress) broadcast(progress);
    };
    entry.ready = stored
      .then((cached) => {
        if (!cached) return create(task, model.id, { ...options, progress_callback: progressCallback });
        // Every byte is on this device: what the user waits for now is the session.
        broadcast(entry.progress.stored(cached));
        return create(task, model.id, options);
      })
      .then(async (pipe) => {
        if (DECODING_TASKS.has(model.task)) await warmUpDecoder(pipe);
        return pipe;
      })
      .then(
        (pipe) => {
          entry.settled = true;
          entry.loadMs = performance.now() - started;
          const ready = entry.progress.ready();
          entry.weightBytes = ready.totalBytes;
          broadcast(ready);
          return pipe;
        },
        (error: unknown) => {
          entry.settled = true;
          if (this.pipelines.get(model.id) === entry) this.pipelines.delete(model.id);
          throw entry.loadAbort.signal.aborted ? cancelledError() : WorkbenchError.from(toSerializedError(error, 'load'));
        },
      );
    // Nobody may be awaiting a load that was abandoned; keep its rejection from being "unhandled".
    entry.ready.catch(() => undefined);
    this.pipelines.set(model.id, entry);
    return entry;
  }

  /**
   * Loads the model, then runs `job` in the model's queue. While the job runs, every forward pass
   * of the model is a cancellation checkpoint: one per batch, per generated token, per step.
   */
  private async withPipeline<T>(model: ModelRef, context: Context, job: (pipe: AnyPipeline) => Promise<T>): Promise<T> {
    const loaded = await this.acquire(model, context);
    const pipe = await loaded.ready;
    const outputBuffers = DECODING_TASKS.has(model.task) ? this.outputBuffers : undefined;
    return loaded.queue.run(async () => {
      loaded.jobs += 1;
      const restore = checkpointEveryForwardPass(pipe.model, context.cancellation, outputBuffers);
      try {
        return await job(pipe);
      } finally {
        restore();
      }
    }, context.signal);
  }

  // -------------------------------------------------------------------------------------------
  // Operations

  private classify(params: ParamsOf<'classify'>, context: Context): Promise<ResultOf<'classify'>> {
    const texts = requireTexts(params.texts);
    const budget = batchBudget(params.batchSize);
    return this.withPipeline(params.model, context, (pipe) => {
      const { id2label, problem_type } = pipe.model.config;
      return runEncoderBatches(pipe, texts, budget, context, async (inputs, batch) => {
        const { logits } = await pipe.model(inputs);
        return bestLabels(logits.data, batch.rows, id2label, problem_type === 'multi_label_classification');
      });
    });
  }

  private embed(params: ParamsOf<'embed'>, context: Context): Promise<ResultOf<'embed'>> {
    const texts = requireTexts(params.texts);
    const budget = batchBudget(params.batchSize);
    return this.withPipeline(params.model, context, (pipe) =>
      runEncoderBatches(pipe, texts, budget, context, async (inputs, batch) => {
        const outputs = (await pipe.model(inputs)) as unknown as EncoderOutputs;
        const hidden = outputs.last_hidden_state ?? outputs.logits ?? outputs.token_embeddings;
        if (!hidden)
          throw new WorkbenchError('internal', 'The embedding model returned no token vectors (no last_hidden_state, logits or token_embeddings output).');
        return meanPooledUnitVectors(hidden.data, batch.attentionMask, batch.rows, batch.width);
      }),
    );
  }

  private summarize(params: ParamsOf<'summarize'>, context: Context): Promise<ResultOf<'summarize'>> {
    const text = requireText(params.text, 'text');
    const options = params.options ?? {};
    const maxNewTokens = requireTokenCount(options.maxNewTokens ?? 60, 'maxNewTokens');
    return this.withPipeline(params.model, context, async (pipe) => {
      // One window, never cut: a longer text is the caller's to split (the SDK's summarize does).
      const prefix = taskPrefix(pipe, params.model.task);
      const window = maxInputTokens(pipe);
      requireFitsWindow(text, window, (piece) => pipe.tokenizer.encode(prefix + piece).length);
      if (maxNewTokens > window) {
        throw new WorkbenchError(
          'bad-input',
          `A summary of ${tokens(maxNewTokens)} is longer than this model can write (${tokens(window)}). Lower the summary length.`,
        );
      }
      const control = streamingControl(pipe, context, maxNewTokens);
      const output = (await pipe(text, {
        max_new_tokens: maxNewTokens,
        min_new_tokens: options.minNewTokens,
        repetition_penalty: options.repetitionPenalty,
        no_repeat_ngram_size: options.noRepeatNgramSize,
        streamer: control.streamer,
        stopping_criteria: control.stopping,
      })) as Array<{ summary_text: string }>;
      control.throwIfCancelled();
      return { text: output[0]?.summary_text ?? '' };
    });
  }

  private generate(params: ParamsOf<'generate'>, context: Context): Promise<ResultOf<'generate'>> {
    const prompt = requireText(params.prompt, 'prompt');
    const options = params.options ?? {};
    const maxNewTokens = requireTokenCount(options.maxNewTokens ?? 50, 'maxNewTokens');
    return this.withPipeline(params.model, context, async (pipe) => {
      requirePromptFits(pipe.tokenizer.encode(prompt).length, maxNewTokens, maxInputTokens(pipe));
      const control = streamingControl(pipe, context, maxNewTokens);
      const sampling = options.doSample ?? (options.temperature !== undefined && options.temperature > 0);
      // transformers.js samples from its own Mersenne Twister; seeding it makes drafts repeatable.
      if (sampling && options.seed !== undefined) random.seed(options.seed);
      const output = (await pipe(prompt, {
        max_new_tokens: maxNewTokens,
        min_new_tokens: options.minNewTokens,
        do_sample: sampling,
        temperature: sampling ? (options.temperature ?? 1) : undefined,
        top_k: options.topK,
        top_p: options.topP,
        repetition_penalty: options.repetitionPenalty,
        return_full_text: false,
        streamer: control.streamer,
        stopping_criteria: control.stopping,
      })) as Array<{ generated_text: string }>;
      control.throwIfCancelled();
      return {
        text: output[0]?.generated_text ?? '',
        tokenCount: control.tokenCount,
        firstTokenMs: control.firstTokenMs,
        totalMs: performance.now() - control.started,
      };
    });
  }

  private answer(params: ParamsOf<'answer'>, request: Context): Promise<ResultOf<'answer'>> {
    const question = requireText(params.question, 'question');
    const context = requireText(params.context, 'context');
    return this.withPipeline(params.model, request, async (pipe) => {
      const output = (await pipe(question, context)) as { answer: string; score: number };
      // The pipeline gives the answer decoded from tokens (case, accents and spacing may differ)
      // and no offsets: the context's own span is located and returned instead.
      return { ...answerFromContext(context, output.answer), score: output.score };
    });
  }

  private tokenize(params: ParamsOf<'tokenize'>, context: Context): Promise<ResultOf<'tokenize'>> {
    const { signal } = context;
    const texts = requireTexts(params.texts);
    return this.withPipeline(params.model, context, async (pipe) => ({
      counts: await countTokensSliced(texts, (text) => pipe.tokenizer.encode(text).length, {
        signal,
        onProgress: (progress) => context.progress(progress),
      }),
      maxInputTokens: maxInputTokens(pipe),
    }));
  }

  private chunk(params: ParamsOf<'chunk'>, context: Context): Promise<ResultOf<'chunk'>> {
    const { signal } = context;
    const text = requireText(params.text, 'text');
    requireChunkableSize(text);
    return this.withPipeline(params.model, context, async (pipe) => {
      const window = maxInputTokens(pipe);
      const prefix = taskPrefix(pipe, params.model.task);
      const maxTokens = Math.min(window, params.maxTokens ?? window);
      // In slices: progress in characters, and a cancel stops it within a slice.
      const { chunks, inputTokens } = await chunkByTokensAsync(text, {
        // What the model will see: the pipeline's task prefix, the text and the special tokens.
        countTokens: (piece) => pipe.tokenizer.encode(prefix + piece).length,
        maxTokens,
        overlapTokens: params.overlapTokens ?? Math.floor(maxTokens / 8),
        signal,
        onProgress: (progress) => context.progress(progress),
      });
      return { chunks, maxInputTokens: window, inputTokens };
    });
  }

  private perplexity(params: ParamsOf<'perplexity'>, context: Context): Promise<ResultOf<'perplexity'>> {
    const text = requireText(params.text, 'text');
    return this.withPipeline(params.model, context, async (pipe) => {
      const ids = pipe.tokenizer.encode(text);
      if (ids.length < 2) throw new WorkbenchError('bad-input', 'Perplexity needs a text of at least two tokens.');
      const maxLength = maxInputTokens(pipe);
      const stride = Math.min(maxLength, Math.max(1, Math.floor(params.stride ?? maxLength / 2)));
      const plan = planWindows(ids.length, { maxLength, stride });
      const nlls: number[] = [];
      for (const [index, window] of plan.windows.entries()) {
        await context.cancellation.checkpoint();
        const windowIds = ids.slice(window.begin, window.end);
        const { logits } = await pipe.model({
          input_ids: int64Tensor(windowIds),
          attention_mask: int64Tensor(windowIds.map(() => 1)),
        });
        const vocab = logits.dims.at(-1) ?? 0;
        const logitsAt = (position: number) => {
          const offset = (position - window.begin) * vocab;
          return Array.prototype.slice.call(logits.data, offset, offset + vocab) as number[];
        };
        nlls.push(...windowNegLogLikelihoods(window, ids, logitsAt));
        context.progress({ done: index + 1, total: plan.windows.length });
      }
      const meanNll = nlls.reduce((sum, value) => sum + value, 0) / nlls.length;
      return { perplexity: Math.exp(meanNll), meanNll, tokens: ids.length, scoredTokens: plan.scoredTokens, windows: plan.windows.length };
    });
  }

  private classifyWithHead(params: ParamsOf<'classifyWithHead'>, context: Context): Promise<ResultOf<'classifyWithHead'>> {
    const head = params.head;
    return this.embed({ model: params.model, texts: params.texts, batchSize: params.batchSize }, context).then((vectors) =>
      predict(head, vectors).map((prediction) => ({
        label: prediction.label,
        score: prediction.probabilities[prediction.index] ?? 0,
        probabilities: prediction.probabilities,
      })),
    );
  }
}

/**
 * Streams tokens out and stops generation on cancel. The streamer is told about the prompt
 * before the first forward pass, which is the earliest point at which a cancel can cut in.
 */
class GenerationControl {
  readonly stopping = new InterruptableStoppingCriteria();
  readonly streamer: TextStreamer;
  readonly started = performance.now();
  tokenCount = 0;
  firstTokenMs = -1;

  constructor(
    pipe: AnyPipeline,
    private readonly cancellation: RequestCancellation,
    onText: (text: string) => void,
    /** Called with the count after every generated token, cancelled or not, so a caller can see
     * where generation really stopped. */
    onTokenCount: (count: number) => void,
  ) {
    cancellation.signal.addEventListener('abort', () => this.stopping.interrupt(), { once: true });
    this.streamer = new TextStreamer(pipe.tokenizer, {
      skip_prompt: true,
      callback_function: (text: string) => {
        if (!cancellation.cancelled) onText(text);
      },
      token_callback_function: () => {
        if (this.firstTokenMs < 0) this.firstTokenMs = performance.now() - this.started;
        this.tokenCount += 1;
        onTokenCount(this.tokenCount);
      },
    });
    const put = this.streamer.put.bind(this.streamer);
    this.streamer.put = (value: bigint[][]) => {
      this.throwIfCancelled();
      put(value);
    };
  }

  throwIfCancelled(): void {
    this.cancellation.throwIfCancelled();
  }
}

/**
 * Runs an encoder over `texts` in token-budget batches and returns the outputs in the order of
 * `texts`. Every text is tokenized once (truncated to the model's window, as the transformers.js
 * pipelines do), in slices so a cancel is seen between them; batches are padded tensors built
 * straight from the token ids. Cancellation is checked before every batch.
 */
async function runEncoderBatches<R>(
  pipe: AnyPipeline,
  texts: string[],
  budget: TokenBudget,
  { progress, cancellation }: Context,
  runBatch: (inputs: Record<string, Tensor>, batch: PaddedBatch) => Promise<R[]>,
): Promise<R[]> {
  const results: R[] = new Array(texts.length);
  if (texts.length === 0) return results;
  const onDone = progressEvery(texts.length, progress);
  // Tokenizing 100,000 rows takes seconds before the first batch runs: report it as a stage with
  // no row done yet, so a caller sees the job alive (not hung) and can say what it is doing.
  const onTokenized = progressEvery(texts.length, (p) => progress({ done: 0, total: p.total, stage: 'tokenizing', prepared: p.done }));
  const inputIds: number[][] = [];
  const tokenTypeIds: number[][] = [];
  for (let start = 0; start < texts.length; start += TOKENIZE_SLICE) {
    await cancellation.checkpoint();
    if (start > 0) onTokenized(start);
    const encoded = pipe.tokenizer(texts.slice(start, start + TOKENIZE_SLICE), { truncation: true, return_tensor: false });
    inputIds.push(...encoded.input_ids);
    if (encoded.token_type_ids) tokenTypeIds.push(...encoded.token_type_ids);
  }
  const tokenized = { inputIds, tokenTypeIds: tokenTypeIds.length === inputIds.length ? tokenTypeIds : undefined };
  const padTokenId = pipe.tokenizer.pad_token_id ?? 0;
  const lengths = inputIds.map((ids) => ids.length);
  const batches = tokenBudgetBatches(lengths, budget);
  const shapes = batches.map((indices) => ({ rows: indices.length, tokens: paddedTokens(lengths, indices) }));
  const runs: RunBatch[] = [];
  let spent = 0;
  let done = 0;
  for (const [position, indices] of batches.entries()) {
    const started = performance.now();
    // (Every forward pass is a checkpoint too: see checkpointEveryForwardPass.)
    const batch = padBatch(tokenized, indices, padTokenId, pipe.tokenizer.padding_side);
    const dims = [batch.rows, batch.width];
    const inputs: Record<string, Tensor> = {
      input_ids: new Tensor('int64', batch.inputIds, dims),
      attention_mask: new Tensor('int64', batch.attentionMask, dims),
    };
    if (batch.tokenTypeIds) inputs.token_type_ids = new Tensor('int64', batch.tokenTypeIds, dims);
    const output = await runBatch(inputs, batch);
    // A cancel that came during the batch: no result and no progress after it.
    cancellation.throwIfCancelled();
    output.forEach((value, position) => (results[indices[position]!] = value));
    done += indices.length;
    const ms = performance.now() - started;
    runs.push({ ...shapes[position]!, ms });
    spent += ms;
    onDone(done, { done: spent, total: spent + predictBatchesMs(runs, shapes.slice(position + 1)) });
  }
  return results;
}

/** Reports work progress at most every PROGRESS_INTERVAL_MS, and always the last step. */
function progressEvery(total: number, report: Context['progress']): (done: number, work?: WorkProgress['work']) => void {
  let last = -Infinity;
  return (done, work) => {
    const now = performance.now();
    if (done < total && now - last < PROGRESS_INTERVAL_MS) return;
    last = now;
    report(work ? { done, total, work } : { done, total });
  };
}

function streamingControl(pipe: AnyPipeline, { token, progress, cancellation }: Context, maxNewTokens: number) {
  return new GenerationControl(
    pipe,
    cancellation,
    (text) => token(text),
    (count) => progress({ done: count, total: maxNewTokens }),
  );
}

async function disposeWhenSettled(loaded: LoadedPipeline): Promise<void> {
  loaded.loadAbort.abort();
  const pipe = await loaded.ready.catch(() => null);
  await pipe?.dispose().catch(() => undefined);
}

function describeError(error: unknown, op: OperationName): SerializedError {
  return toSerializedError(error, op === 'load' || op === 'prepare' ? 'load' : 'run');
}

const MAX_BATCH_SIZE = 256;
/**
 * Padded tokens per encoder batch. Short reviews go many at a time, long ones a few. In Chromium
 * on the review mix (bench: insights suite) 4,096 beat 8,192 and 16,384; one ORT thread and
 * fp32 weights were measured no faster.
 */
export const BATCH_TOKEN_BUDGET = 4096;
const TOKENIZE_SLICE = 256;
const PROGRESS_INTERVAL_MS = 100;

/** `batchSize` caps the rows per batch; the token budget keeps long rows from padding a big batch. */
function batchBudget(size: number | undefined): TokenBudget {
  const rows = size === undefined || !Number.isFinite(size) ? DEFAULT_BATCH_SIZE : Math.min(MAX_BATCH_SIZE, Math.max(1, Math.floor(size)));
  return { maxRows: rows, maxTokens: BATCH_TOKEN_BUDGET };
}

function requireTexts(texts: unknown): string[] {
  if (!Array.isArray(texts) || texts.some((text) => typeof text !== 'string')) {
    throw new WorkbenchError('bad-input', 'Expected a list of texts.');
  }
  return texts as string[];
}

function requireText(text: unknown, name: string): string {
  if (typeof text !== 'string') throw new WorkbenchError('bad-input', `Expected the ${name} as text.`);
  if (text.trim() === '') throw new WorkbenchError('bad-input', `The ${name} is empty.`);
  return text;
}

/** The prefix a pipeline puts before the input, e.g. T5's "summarize: ". */
function taskPrefix(pipe: AnyPipeline, task: Task): string {
  const params = pipe.model.config.task_specific_params;
  return (task === 'summarization' ? params?.summarization?.prefix : undefined) ?? '';
}

/**
 * A decoder's first draft in a new worker ran at half its later speed (real-size GPT-2: 24-31
 * against 46-64 tokens/s, first token after 0.9-1.1 s): the browser first runs onnxruntime's WASM
 * as quickly compiled code, and optimises the busy parts in the background. Two tokens right
 * after the load start that work before the user's first draft (measured: 29-35 tokens/s, first
 * token after 0.3-0.4 s; issue 13). A model that cannot decode fails its load here.
 */
async function warmUpDecoder(pipe: AnyPipeline): Promise<void> {
  await pipe('Hello', { max_new_tokens: 2, min_new_tokens: 2 });
}

/** The longest input the model takes, from its config or its tokenizer. */
function maxInputTokens(pipe: AnyPipeline): number {
  const config = pipe.model.config;
  const fromConfig = config.n_positions ?? config.max_position_embeddings;
  const fromTokenizer = pipe.tokenizer.model_max_length;
  const limit = fromConfig ?? (fromTokenizer && fromTokenizer < 1e6 ? fromTokenizer : undefined);
  return limit ?? 512;
}

/**
 * Makes every forward pass of `model` a cancellation checkpoint until the returned function is
 * called: transformers.js's generate() calls `model.forward` once per token (and encoders once per
 * batch), so a cancel stops generation within one token and a summary within one decoding step.
 * With `outputBuffers` (a decoding model), a decode is open in them until then, and each pass
 * gives back the cache it has read.
 */
function checkpointEveryForwardPass(model: CausalModelLike, cancellation: RequestCancellation, outputBuffers?: OutputBufferPool): () => void {
  const target = model as unknown as { forward: (...args: unknown[]) => Promise<unknown> };
  const hadOwn = Object.prototype.hasOwnProperty.call(target, 'forward');
  const original = target.forward;
  const closeDecode = outputBuffers?.openDecode();
  target.forward = async function checkpointedForward(this: unknown, ...args: unknown[]) {
    await cancellation.checkpoint();
    const outputs = await original.apply(this, args);
    // The pass has read its cache, and its outputs hold the next one: the old one is free.
    if (outputBuffers) releaseDecoderCache(outputBuffers, (args[0] as { past_key_values?: unknown } | undefined)?.past_key_values);
    return outputs;
  };
  return () => {
    if (hadOwn) target.forward = original;
    else delete (target as { forward?: unknown }).forward;
    closeDecode?.();
  };
}

const format = (n: number) => n.toLocaleString('en-US');
const tokens = (n: number) => `${format(n)} ${n === 1 ? 'token' : 'tokens'}`;

function requireTokenCount(value: unknown, name: string): number {
  if (typeof value !== 'number' || !Number.isInteger(value) || value < 1) {
    throw new WorkbenchError('bad-input', `${name} must be a whole number of at least 1 (got ${String(value)}).`);
  }
  return value;
}

/**
 * A causal LM has a fixed number of positions (GPT-2: 1,024; the tiny test GPT-2: 512): a prompt
 * and its continuation must fit in them, or onnxruntime fails mid-generation with an index error.
 * Refused up front, naming the numbers, rather than silently cutting the prompt or the draft.
 */
export function requirePromptFits(promptTokens: number, maxNewTokens: number, positions: number): void {
  if (promptTokens >= positions) {
    throw new WorkbenchError(
      'bad-input',
      `The prompt is ${tokens(promptTokens)}; this model reads at most ${tokens(positions)}, prompt and draft together. Shorten the prompt.`,
    );
  }
  if (promptTokens + maxNewTokens > positions) {
    throw new WorkbenchError(
      'bad-input',
      `The prompt (${tokens(promptTokens)}) plus ${format(maxNewTokens)} new ${maxNewTokens === 1 ? 'token' : 'tokens'} is more than the ${tokens(positions)} this model can hold. Lower the length to at most ${tokens(positions - promptTokens)} or shorten the prompt.`,
    );
  }
}

function int64Tensor(values: number[]): Tensor {
  return new Tensor('int64', BigInt64Array.from(values.map(BigInt)), [1, values.length]);
}
