/**
 * Content suite (issue 4): the Write, Summarize and Ask apps' model work, in Chromium through
 * `window.llmaos` (the SDK the panels use) and, as the same-run baseline, in Node with
 * transformers.js on onnxruntime-node, on the same inputs and the same tiny models.
 *
 *   - generation: first-token latency and steady rate (tokens after the first, over the time from
 *     first to last token) on WASM and on WebGPU (SwiftShader here: reported, never asserted).
 *     With and without KV cache reuse, on a short and a ~400-token prompt, 64 greedy tokens,
 *     tiny/gpt2 q8, all in this run: "KV cache reused" is the text-generation pipeline
 *     (past_key_values fed back every step); "no KV cache reuse" is a greedy loop that re-runs
 *     the whole sequence at every step. Both runners are bench/generation.mjs, run by Node
 *     (onnxruntime-node, the baseline) and, in Chromium WASM, by a bench-only module worker
 *     (bundled here, started from the page with a Blob URL, set up like the app's inference
 *     worker: /ort/ files, threads when isolated, /models/). Each uncached row checks it wrote
 *     the cached run's tokens (`same_tokens_as_cached`) and gives `steady_speedup_from_cache`;
 *     browser rows give `ratio_vs_node` against the matching Node row. The SDK has no switch to
 *     turn the cache off (transformers.js v4 ignores `use_cache`), so the SDK rows (WASM and
 *     WebGPU) are with cache, as the Write app runs. On WebGPU the bench worker (device
 *     'webgpu', fp32) compares both on the short prompt with 16 tokens, one run each.
 *   - summarization: a ~3,000-word support text (TweetSumm dialogs) through the Summarize app's
 *     own runner (src/panels/summarize/summaryJob.ts): chunked by the model's tokenizer, parts
 *     summarised, then combined. Browser WASM; Node runs the same runner code.
 *   - retrieval: 5,000 passages cut from SQuAD v1.1 dev contexts with the Ask app's chunker,
 *     embedded once; then per question: embed the question + cosineTopK (k = 5).
 *
 * The app's TypeScript runs in the page from a small bundle (vite library build) injected into a
 * context with CSP bypassed (which also lets the page start the Blob URL bench worker); apart from
 * that worker's rows, everything goes through the SDK exactly as the panels call it.
 * Env: BENCH_OUT_DIR (default dist) picks the build to serve.
 */
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { greedyRunners } from './generation.mjs';
import { bundlePageWorker, startPageWorker, WORKER_RUNTIME } from './pageWorker.mjs';
import { startPreview } from './preview.mjs';
import { round } from './numbers.mjs';

const PORT = 4183;
const BASE_URL = `http://127.0.0.1:${PORT}`;
const GEN_MODEL = 'tiny/gpt2';
const SUM_MODEL = 'tiny/t5-summarizer';
const EMB_MODEL = 'tiny/minilm-embeddings';
const GEN_TOKENS = 64;
/** SwiftShader runs WebGPU in software: tens of seconds per token batch, so fewer tokens there. */
const GEN_TOKENS_WEBGPU = 16;
const GEN_PROMPT =
  'Product: Acme Buds\nAudience: commuters\nTone: friendly\nKey features:\n- Noise cancelling\n- 30 hour battery\n- Water resistant\n\nProduct description:\n';
const SUMMARY_WORDS = 3000;
const PASSAGES = 5000;
const QUERIES = 50;
const TOP_K = 5;

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];
const p95 = (values) => [...values].sort((a, b) => a - b)[Math.min(values.length - 1, Math.ceil(values.length * 0.95) - 1)];

export async function run(ctx) {
  const outDir = resolve(ctx.root, process.env.BENCH_OUT_DIR ?? 'dist');
  if (!existsSync(join(outDir, 'index.html'))) {
    throw new Error(`${outDir}/index.html is missing: run \`npm run build\` first (or set BENCH_OUT_DIR)`);
  }
  const inputs = await loadInputs(ctx);
  ctx.log(`inputs: ${inputs.summaryWords}-word support text, ${inputs.passages.length} SQuAD passages, ${inputs.queries.length} questions`);

  const node = await nodeSuite(ctx, inputs);
  const pageLib = await bundlePageLib(ctx);
  const kvWorker = await bundleKvWorker(ctx);
  const server = await startPreview({ root: ctx.root, port: PORT, outDir });
  try {
    await browserSuite(ctx, inputs, node, { pageLib, kvWorker }, 'wasm');
    await browserSuite(ctx, inputs, node, { pageLib, kvWorker }, 'webgpu');
  } finally {
    server.kill();
  }
}

// ---------------------------------------------------------------- inputs

async function loadInputs(ctx) {
  const { chunkDocument } = await ctx.importTs('src/content/passages.ts');
  const datasets = join(ctx.sharedDir, 'datasets');

  // ~3,000 words of real support dialogs, longest first, as the Summarize app imports them.
  const { normalizeConversation } = await ctx.importTs('src/panels/summarize/importText.ts');
  const dialogs = (await readFile(join(datasets, 'tweetsumm_customer_support', 'tweetsumm_train_valid.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => normalizeConversation(JSON.parse(line).text));
  const picked = [];
  let words = 0;
  for (const dialog of dialogs) {
    if (words >= SUMMARY_WORDS) break;
    picked.push(dialog);
    words += dialog.split(/\s+/).filter(Boolean).length;
  }
  const summaryText = picked.join('\n\n');
  // A ~400-token prompt in GPT-2 tokens (its window is 512, and 64 tokens are generated after it).
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  env.localModelPath = ctx.modelsDir + '/';
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  const gpt2 = await AutoTokenizer.from_pretrained(GEN_MODEL);
  const longPrompt = `${gpt2.decode(gpt2.encode(summaryText).slice(0, 380))}\nSummary:`;

  // SQuAD contexts cut by the Ask app's chunker, window shrunk until there are 5,000 passages.
  const squad = JSON.parse(await readFile(join(datasets, 'squad_v1.1_dev_half', 'dev-v1.1.first_half.json'), 'utf8'));
  const contexts = squad.data.flatMap((article) => article.paragraphs.map((p) => ({ title: article.title, text: p.context })));
  const questions = squad.data.flatMap((article) => article.paragraphs.flatMap((p) => p.qas.map((q) => q.question)));
  let passages = [];
  for (let maxTokens = 48; maxTokens >= 16 && passages.length < PASSAGES; maxTokens -= 4) {
    passages = contexts.flatMap((c, i) =>
      chunkDocument({ id: `squad-${i}`, text: c.text, title: c.title.replace(/_/g, ' ') }, { maxTokens, overlapTokens: 0 }),
    );
  }
  if (passages.length < PASSAGES) throw new Error(`only ${passages.length} SQuAD passages`);
  passages = passages.slice(0, PASSAGES).map((p) => ({ id: p.id, text: p.title ? `${p.title}\n${p.text}` : p.text }));
  // Questions spread over the articles, not the first article's 50.
  const step = Math.floor(questions.length / QUERIES);
  const queries = Array.from({ length: QUERIES }, (_, i) => questions[i * step]);
  const prompts = [
    { name: 'short prompt', text: GEN_PROMPT },
    { name: 'long prompt', text: longPrompt },
  ];
  return { summaryText, summaryWords: words, summaryDialogs: picked.length, passages, queries, prompts };
}

// ---------------------------------------------------------------- Node baseline

async function nodeSuite(ctx, inputs) {
  const { pipeline, env, TextStreamer, Tensor } = await import('@huggingface/transformers');
  env.localModelPath = ctx.modelsDir + '/';
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  const backend = 'onnxruntime-node (cpu)';
  const result = {};

  // Generation, with the pipeline (KV cache reused every step) and without reuse: the same
  // runners (bench/generation.mjs) run in the browser bench worker.
  const generator = await pipeline('text-generation', GEN_MODEL, { dtype: 'q8', device: 'cpu' });
  const runners = greedyRunners({ generator, TextStreamer, Tensor, tokens: GEN_TOKENS });
  result.generation = {};
  result.generationNoCache = {};
  for (const prompt of inputs.prompts) {
    const promptTokens = runners.promptTokens(prompt.text);
    await runners.cached(prompt.text); // warm-up: onnxruntime allocates per input shape
    const cachedRuns = await repeat(ctx, () => runners.cached(prompt.text));
    const cached = { ...summarizeGeneration(cachedRuns), text: cachedRuns.at(-1).text };
    await runners.uncached(prompt.text);
    const uncachedRuns = await repeat(ctx, () => runners.uncached(prompt.text));
    const uncached = { ...summarizeGeneration(uncachedRuns), text: uncachedRuns.at(-1).text };
    result.generation[prompt.name] = cached;
    result.generationNoCache[prompt.name] = uncached;
    const common = { backend, model: GEN_MODEL, dtype: 'q8', prompt_tokens: promptTokens };
    ctx.record({ case: `generation, ${prompt.name}, KV cache reused`, ...common, ...generationRow(cached) });
    ctx.record({
      case: `generation, ${prompt.name}, no KV cache reuse`,
      ...common,
      ...generationRow(uncached),
      // Greedy with and without the cache must write the same tokens, or the comparison is void.
      same_tokens_as_cached: uncached.text.trim() === cached.text.trim(),
      steady_speedup_from_cache: round(cached.steadyTokensPerSec / uncached.steadyTokensPerSec),
    });
  }
  await generator.dispose();

  // Summarization with the Summarize app's runner, on a Node "client" over the pipeline.
  const { chunkByTokens } = await ctx.importTs('src/content/chunking.ts');
  const { runSummaryJob } = await ctx.importTs('src/panels/summarize/summaryJob.ts');
  const summarizer = await pipeline('summarization', SUM_MODEL, { dtype: 'q8', device: 'cpu' });
  const prefix = summarizer.model.config.task_specific_params?.summarization?.prefix ?? '';
  const window = summarizer.model.config.n_positions ?? 512;
  const encode = (text) => summarizer.tokenizer.encode(text).length;
  const client = {
    async chunk(text) {
      const chunks = chunkByTokens(text, { countTokens: (piece) => encode(prefix + piece), maxTokens: window, overlapTokens: Math.floor(window / 8) });
      return { chunks, maxInputTokens: window };
    },
    async countTokens(texts) {
      return { counts: texts.map(encode), maxInputTokens: window };
    },
    async summarize(text, options) {
      const out = await summarizer(text, { max_new_tokens: options.maxNewTokens, min_new_tokens: options.minNewTokens });
      return out[0].summary_text;
    },
  };
  await client.summarize('Customer: my order is late. Agent: sorry, we will check.', { maxNewTokens: 16 });
  const summaries = await repeat(ctx, async () => {
    const started = performance.now();
    const job = await runSummaryJob(client, inputs.summaryText, { preset: 'medium' });
    return { ms: performance.now() - started, parts: job.chunks.length, steps: job.plan.totalSteps, inputTokens: job.inputTokens };
  });
  result.summarization = summarizeRuns(summaries);
  ctx.record({ case: `summarization, ${inputs.summaryWords} words`, backend, model: SUM_MODEL, dtype: 'q8', ...summaryRow(result.summarization) });
  await summarizer.dispose();

  // Retrieval: embed the passages once, then question embedding + cosine top-k per question.
  const { cosineTopK, packVectors } = await ctx.importTs('src/content/vectorSearch.ts');
  const embedder = await pipeline('feature-extraction', EMB_MODEL, { dtype: 'q8', device: 'cpu' });
  const embed = async (texts) => (await embedder(texts, { pooling: 'mean', normalize: true })).tolist();
  await embed(inputs.passages.slice(0, 32).map((p) => p.text));
  const indexStart = performance.now();
  const vectors = [];
  for (let i = 0; i < inputs.passages.length; i += 32) vectors.push(...(await embed(inputs.passages.slice(i, i + 32).map((p) => p.text))));
  const indexSeconds = (performance.now() - indexStart) / 1000;
  const matrix = packVectors(vectors);
  await embed([inputs.queries[0]]);
  const perQuery = [];
  const searchOnly = [];
  const tops = [];
  for (const query of inputs.queries) {
    const started = performance.now();
    const [q] = await embed([query]);
    const searchStart = performance.now();
    const top = cosineTopK(q, matrix, TOP_K);
    const done = performance.now();
    perQuery.push(done - started);
    searchOnly.push(done - searchStart);
    tops.push(top.map((t) => t.index));
  }
  result.retrieval = { medianMs: median(perQuery), p95Ms: p95(perQuery), searchMedianMs: median(searchOnly), indexSeconds, tops };
  ctx.record({ case: `retrieval, ${inputs.passages.length} passages`, backend, model: EMB_MODEL, dtype: 'q8', ...retrievalRow(result.retrieval, inputs) });
  await embedder.dispose();
  return result;
}

// ---------------------------------------------------------------- browser

async function browserSuite(ctx, inputs, node, { pageLib, kvWorker }, backend) {
  const { chromiumLaunchOptions } = await ctx.importTs('test/e2e/support/chromium.ts');
  const { chromium } = await import('playwright-core');
  // A persistent profile: in an off-the-record context Chromium fails the larger fp32 weight
  // downloads (net::ERR_CACHE_WRITE_FAILURE), which WebGPU needs. CSP is bypassed only so the
  // bench bundle can be injected; the app itself runs as shipped.
  const profile = await mkdtemp(join(os.tmpdir(), 'llmaos-bench-profile-'));
  const context = await chromium.launchPersistentContext(profile, { ...chromiumLaunchOptions({ webgpu: backend === 'webgpu' }), bypassCSP: true });
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => ctx.log(`[${backend}] page error:`, error.message));
    await page.goto(`${BASE_URL}/?preset=fixtures&backend=${backend}#/summarize`);
    await page.addScriptTag({ content: pageLib });
    const environment = await page.evaluate(() => window.llmaos.environment());
    if (backend === 'webgpu' && !environment.webgpuAvailable) {
      ctx.record({ case: 'generation (webgpu)', backend: 'chromium webgpu', skipped: 'no WebGPU adapter' });
      return;
    }
    const label = backend === 'webgpu' ? `chromium webgpu (${environment.webgpuAdapter ?? 'adapter'})` : `chromium wasm (${environment.wasmThreads} threads)`;
    ctx.log(`${label}, isolated: ${environment.crossOriginIsolated}`);

    // Generation (the SDK always reuses the KV cache; see the module comment).
    let load;
    try {
      load = await page.evaluate(async () => {
        const started = performance.now();
        const info = await window.llmaos.models.load('generation');
        return { seconds: (performance.now() - started) / 1000, backend: info.backend, dtype: info.dtype };
      });
    } catch (error) {
      ctx.record({ case: 'generation', backend: label, model: GEN_MODEL, failed: `model load: ${error.message.split('\n')[0]}` });
      return;
    }
    const tokens = backend === 'webgpu' ? GEN_TOKENS_WEBGPU : GEN_TOKENS;
    const prompts = backend === 'webgpu' ? inputs.prompts.slice(0, 1) : inputs.prompts;
    const generateOnce = (prompt, n) =>
      page.evaluate(async ({ prompt, n }) => window.llmaos.generate(prompt, { maxNewTokens: n, minNewTokens: n }).result, { prompt, n });
    for (const prompt of prompts) {
      // Warm-up: shaders, arenas. On WASM the first few runs after a load are several times slower
      // (measured 642 → 243 → 223 → 185 ms for 64 tokens before settling near 110 ms), so three.
      for (let i = 0; i < (backend === 'webgpu' ? 1 : 3); i++) await generateOnce(prompt.text, backend === 'webgpu' ? 4 : tokens);
      const runs = backend === 'webgpu' ? [await generateOnce(prompt.text, tokens)] : await repeat(ctx, () => generateOnce(prompt.text, tokens));
      const generation = summarizeGeneration(runs);
      const base = node.generation[prompt.name];
      ctx.record({
        case: `generation, ${prompt.name}, KV cache reused (SDK default)`,
        backend: label,
        model: GEN_MODEL,
        dtype: load.dtype,
        loadSeconds: round(load.seconds),
        ...generationRow(generation),
        ...vsNode(generation.steadyTokensPerSec, base.steadyTokensPerSec, 'steady tokens/s, browser ÷ node'),
        node_steady_tokens_per_sec: round(base.steadyTokensPerSec, 1),
        node_first_token_ms: round(base.firstTokenMs, 1),
        kv_cache_off:
          backend === 'webgpu'
            ? 'not expressible through the SDK; see the "(chromium webgpu, bench worker)" rows'
            : 'not expressible through the SDK; see the "(chromium wasm, bench worker)" rows',
      });
    }
    if (backend === 'webgpu') {
      await kvCacheOnWebGpu(ctx, page, inputs, kvWorker, load.dtype);
      return;
    }

    await kvCacheInBrowser(ctx, page, inputs, node, kvWorker);

    // Summarization through the Summarize app's runner and the SDK.
    const summaries = await repeat(ctx, () =>
      page.evaluate(async (text) => {
        const started = performance.now();
        const job = await window.BenchContent.runSummaryJob(window.llmaos, text, { preset: 'medium' });
        return { ms: performance.now() - started, parts: job.chunks.length, steps: job.plan.totalSteps, inputTokens: job.inputTokens };
      }, inputs.summaryText),
    );
    const summarization = summarizeRuns(summaries);
    ctx.record({
      case: `summarization, ${inputs.summaryWords} words`,
      backend: label,
      model: SUM_MODEL,
      ...summaryRow(summarization),
      ...vsNode(node.summarization.medianSeconds, summarization.medianSeconds, 'latency, node ÷ browser'),
      node_seconds: round(node.summarization.medianSeconds),
    });

    // Retrieval: index the passages once, then time question embedding + search per question.
    const index = await page.evaluate(
      async (texts) => {
        const started = performance.now();
        const vectors = await window.llmaos.embed(texts, { batchSize: 32 });
        window.__benchKb = window.BenchContent.packVectors(vectors);
        return { seconds: (performance.now() - started) / 1000 };
      },
      inputs.passages.map((p) => p.text),
    );
    const retrievalRuns = await page.evaluate(
      async ({ queries, k }) => {
        await window.llmaos.embed([queries[0]]);
        const perQuery = [];
        const searchOnly = [];
        const tops = [];
        for (const query of queries) {
          const started = performance.now();
          const [q] = await window.llmaos.embed([query]);
          const searchStart = performance.now();
          const top = window.BenchContent.cosineTopK(q, window.__benchKb, k);
          const done = performance.now();
          perQuery.push(done - started);
          searchOnly.push(done - searchStart);
          tops.push(top.map((t) => t.index));
        }
        return { perQuery, searchOnly, tops };
      },
      { queries: inputs.queries, k: TOP_K },
    );
    const retrieval = {
      medianMs: median(retrievalRuns.perQuery),
      p95Ms: p95(retrievalRuns.perQuery),
      searchMedianMs: median(retrievalRuns.searchOnly),
      indexSeconds: index.seconds,
    };
    // Same passages, same questions, q8 on both sides: the top-1 should agree almost always.
    const agree = retrievalRuns.tops.filter((top, i) => top[0] === node.retrieval.tops[i][0]).length / inputs.queries.length;
    ctx.record({
      case: `retrieval, ${inputs.passages.length} passages`,
      backend: label,
      model: EMB_MODEL,
      ...retrievalRow(retrieval, inputs),
      ...vsNode(node.retrieval.medianMs, retrieval.medianMs, 'per-question latency, node ÷ browser'),
      node_median_ms: round(node.retrieval.medianMs, 1),
      top1_agreement_vs_node: agree,
    });
  } finally {
    await context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

/**
 * Generation with and without KV cache reuse in Chromium (WASM), which the SDK cannot switch:
 * a bench-only module worker (bundleKvWorker) started from the page with a Blob URL loads the
 * same model with the app's onnxruntime-web settings (/ort/ files, threads when isolated,
 * /models/) and runs the Node baseline's own runners (bench/generation.mjs), in this run.
 */
async function kvCacheInBrowser(ctx, page, inputs, node, kvWorker) {
  const ortWorkers = () => page.workers().filter((w) => w.url().includes('/ort/')).length;
  const ortBefore = ortWorkers();
  const worker = await startPageWorker(page, 'kv', kvWorker);
  const call = worker.call;
  try {
    let load;
    try {
      load = await call('load', { origin: new URL(BASE_URL).origin, model: GEN_MODEL, dtype: 'q8', tokens: GEN_TOKENS });
    } catch (error) {
      ctx.record({
        case: 'generation, KV cache on/off (chromium wasm, bench worker)',
        model: GEN_MODEL,
        failed: `bench worker: ${error.message.split('\n')[0]}`,
      });
      return;
    }
    // onnxruntime-web's threads are workers started from /ort/ (numThreads - 1 of them; the
    // calling thread is the other): new ones since the load = the bench worker's threads run.
    const ortThreads = ortWorkers() - ortBefore;
    const label = `chromium wasm (${load.numThreads} threads), bench worker`;
    ctx.log(`${label}: isolated ${load.crossOriginIsolated}, SharedArrayBuffer ${load.sharedArrayBuffer}, onnxruntime thread workers started: ${ortThreads}`);
    for (const prompt of inputs.prompts) {
      const promptTokens = await call('promptTokens', { prompt: prompt.text });
      await call('cached', { prompt: prompt.text }); // warm-up, as on Node
      const cachedRuns = await repeat(ctx, () => call('cached', { prompt: prompt.text }));
      const cached = { ...summarizeGeneration(cachedRuns), text: cachedRuns.at(-1).text };
      await call('uncached', { prompt: prompt.text });
      const uncachedRuns = await repeat(ctx, () => call('uncached', { prompt: prompt.text }));
      const uncached = { ...summarizeGeneration(uncachedRuns), text: uncachedRuns.at(-1).text };
      const baseCached = node.generation[prompt.name];
      const baseUncached = node.generationNoCache[prompt.name];
      const common = {
        backend: label,
        model: GEN_MODEL,
        dtype: 'q8',
        prompt_tokens: promptTokens,
        loadSeconds: round(load.loadSeconds),
        cross_origin_isolated: load.crossOriginIsolated,
        ort_thread_workers: ortThreads,
      };
      ctx.record({
        case: `generation, ${prompt.name}, KV cache reused (chromium wasm, bench worker)`,
        ...common,
        ...generationRow(cached),
        ...vsNode(cached.steadyTokensPerSec, baseCached.steadyTokensPerSec, 'steady tokens/s, browser ÷ node (both with cache)'),
        node_steady_tokens_per_sec: round(baseCached.steadyTokensPerSec, 1),
        node_first_token_ms: round(baseCached.firstTokenMs, 1),
        // q8 kernels differ between onnxruntime-web and -node: a near-tie may pick another token.
        same_tokens_as_node: cached.text.trim() === baseCached.text.trim(),
      });
      ctx.record({
        case: `generation, ${prompt.name}, no KV cache reuse (chromium wasm, bench worker)`,
        ...common,
        ...generationRow(uncached),
        // Same worker, same model: greedy with and without the cache must write the same tokens.
        same_tokens_as_cached: uncached.text.trim() === cached.text.trim(),
        steady_speedup_from_cache: round(cached.steadyTokensPerSec / uncached.steadyTokensPerSec),
        ...vsNode(uncached.steadyTokensPerSec, baseUncached.steadyTokensPerSec, 'steady tokens/s, browser ÷ node (both without cache)'),
        node_steady_tokens_per_sec: round(baseUncached.steadyTokensPerSec, 1),
        node_first_token_ms: round(baseUncached.firstTokenMs, 1),
        node_steady_speedup_from_cache: round(baseCached.steadyTokensPerSec / baseUncached.steadyTokensPerSec),
      });
    }
  } finally {
    await worker.stop();
  }
}

/**
 * The same on/off comparison on WebGPU (SwiftShader here: software, so reported, never asserted):
 * the bench worker with device 'webgpu', the short prompt, GEN_TOKENS_WEBGPU tokens, one run each.
 * No node ratio: node runs 64 tokens on the CPU; the check is same tokens with and without cache.
 */
async function kvCacheOnWebGpu(ctx, page, inputs, kvWorker, dtype) {
  const worker = await startPageWorker(page, 'kv-webgpu', kvWorker);
  const prompt = inputs.prompts[0];
  const name = `generation, ${prompt.name}, KV cache on/off (chromium webgpu, bench worker)`;
  try {
    const load = await worker.call('load', { origin: new URL(BASE_URL).origin, model: GEN_MODEL, dtype, tokens: GEN_TOKENS_WEBGPU, device: 'webgpu' });
    await worker.call('cached', { prompt: prompt.text }); // warm-up: shaders
    const cached = await worker.call('cached', { prompt: prompt.text });
    const uncached = await worker.call('uncached', { prompt: prompt.text });
    const [c, u] = [summarizeGeneration([cached]), summarizeGeneration([uncached])];
    const common = { backend: 'chromium webgpu, bench worker', model: GEN_MODEL, dtype, loadSeconds: round(load.loadSeconds) };
    ctx.record({ case: `generation, ${prompt.name}, KV cache reused (chromium webgpu, bench worker)`, ...common, ...generationRow(c) });
    ctx.record({
      case: `generation, ${prompt.name}, no KV cache reuse (chromium webgpu, bench worker)`,
      ...common,
      ...generationRow(u),
      same_tokens_as_cached: uncached.text.trim() === cached.text.trim(),
      steady_speedup_from_cache: round(c.steadyTokensPerSec / u.steadyTokensPerSec),
    });
  } catch (error) {
    ctx.record({ case: name, model: GEN_MODEL, failed: `bench worker: ${error.message.split('\n')[0]}` });
  } finally {
    await worker.stop();
  }
}

// ---------------------------------------------------------------- figures

async function repeat(ctx, fn) {
  const runs = [];
  for (let i = 0; i < ctx.repeat; i++) runs.push(await fn());
  return runs;
}

function summarizeGeneration(runs) {
  const steady = runs.map((r) => (r.tokenCount - 1) / ((r.totalMs - r.firstTokenMs) / 1000));
  return {
    tokens: runs[0].tokenCount,
    firstTokenMs: median(runs.map((r) => r.firstTokenMs)),
    totalMs: median(runs.map((r) => r.totalMs)),
    steadyTokensPerSec: median(steady),
    runs: runs.map((r) => round(r.totalMs / 1000)),
  };
}

function generationRow(g) {
  return {
    rows: g.tokens,
    unit: 'tokens',
    seconds: round(g.totalMs / 1000),
    rowsPerSec: round(g.steadyTokensPerSec, 1),
    first_token_ms: round(g.firstTokenMs, 1),
    steady_tokens_per_sec: round(g.steadyTokensPerSec, 1),
    runs: g.runs,
  };
}

function summarizeRuns(runs) {
  return {
    medianSeconds: median(runs.map((r) => r.ms)) / 1000,
    parts: runs[0].parts,
    steps: runs[0].steps,
    inputTokens: runs[0].inputTokens,
    runs: runs.map((r) => round(r.ms / 1000)),
  };
}

function summaryRow(s) {
  return { rows: s.parts, unit: 'parts', seconds: round(s.medianSeconds), input_tokens: s.inputTokens, parts: s.parts, steps: s.steps, runs: s.runs };
}

function retrievalRow(r, inputs) {
  return {
    rows: inputs.queries.length,
    unit: 'questions',
    seconds: round((r.medianMs * inputs.queries.length) / 1000),
    passages: inputs.passages.length,
    top_k: TOP_K,
    median_ms_per_question: round(r.medianMs, 1),
    p95_ms_per_question: round(r.p95Ms, 1),
    cosine_topk_median_ms: round(r.searchMedianMs, 2),
    index_build_seconds: round(r.indexSeconds),
  };
}

/** ratio_vs_node as the harness means it: above 1 = the browser is faster than the Node baseline. */
function vsNode(numerator, denominator, what) {
  // Two significant digits: SwiftShader's ratios are far below 0.01.
  return { ratio_vs_node: Number((numerator / denominator).toPrecision(2)), ratio_means: what };
}

// ---------------------------------------------------------------- plumbing

/**
 * The app's own modules the page needs (the summary runner, vector search) as one IIFE,
 * `window.BenchContent`, built with the project's Vite so it is the same code the panels run.
 */
async function bundlePageLib(ctx) {
  const { build } = await import('vite');
  const dir = await mkdtemp(join(os.tmpdir(), 'llmaos-bench-'));
  const entry = join(dir, 'entry.ts');
  await writeFile(
    entry,
    `export { runSummaryJob } from ${JSON.stringify(join(ctx.root, 'src/panels/summarize/summaryJob.ts'))};\n` +
      `export { cosineTopK, packVectors } from ${JSON.stringify(join(ctx.root, 'src/content/vectorSearch.ts'))};\n`,
  );
  try {
    const output = await build({
      configFile: false,
      logLevel: 'silent',
      root: ctx.root,
      build: { write: false, minify: false, lib: { entry, formats: ['iife'], name: 'BenchContent', fileName: 'bench-content' } },
    });
    const chunk = (Array.isArray(output) ? output[0] : output).output.find((o) => o.type === 'chunk');
    return chunk.code;
  } finally {
    await rm(dir, { recursive: true, force: true });
  }
}

/**
 * The bench-only worker of kvCacheInBrowser (see bench/pageWorker.mjs): transformers.js set up
 * as the app's worker, and bench/generation.mjs's runners.
 */
function bundleKvWorker(ctx) {
  return bundlePageWorker(
    ctx,
    'kv',
    `import { pipeline, env, TextStreamer, Tensor } from '@huggingface/transformers';
import { greedyRunners } from ${JSON.stringify(join(ctx.root, 'bench/generation.mjs'))};
import { serveOps, useAppRuntime } from ${JSON.stringify(WORKER_RUNTIME)};

let runners = null;
serveOps({
  async load({ origin, model, dtype, tokens, device = 'wasm' }) {
    const runtime = useAppRuntime(env, origin);
    const started = performance.now();
    const generator = await pipeline('text-generation', model, { dtype, device });
    runners = greedyRunners({ generator, TextStreamer, Tensor, tokens });
    return { loadSeconds: (performance.now() - started) / 1000, ...runtime };
  },
  promptTokens: ({ prompt }) => runners.promptTokens(prompt),
  cached: ({ prompt }) => runners.cached(prompt),
  uncached: ({ prompt }) => runners.uncached(prompt),
});
`,
  );
}
