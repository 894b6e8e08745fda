/**
 * Real-size suite (issue 13): the default models at their real size, through `window.llmaos` in
 * the production build (Chromium, WASM q8, cross-origin isolated), each figure beside
 * transformers.js on onnxruntime-node on the same model and inputs in the same run.
 *
 * Models: stand-ins with the default models' exact architectures, dimensions, tokenizers and ONNX
 * signatures and RANDOM weights (bench/realsizeModels.mjs makes them when missing; ~1.9 GB in a
 * git-ignored folder). Their outputs are meaningless, so every figure here is speed, memory or
 * load time, never quality. The bench serves them as self-hosted models under the default models'
 * Hub ids (`/models/Xenova/...`), so the app runs its `default` preset unchanged, except
 * summarization, assigned to flan-t5-small (distilbart-cnn-6-6 has no stand-in).
 *
 * Figures (the `ratio_vs_node` of every row says what it divides; above 1 = the browser is faster):
 *   - sentiment and embeddings: rows/s over the review mix (Alexa, then App Store; 5,000 by
 *     default), per batch cap (the SDK's `batchSize`; its token budget also applies), against the
 *     plain pipelines over length-sorted batches of the same size on Node, and against Node's
 *     fastest cap of those measured (`ratio_vs_node_best`);
 *   - generation through the SDK (what Write uses): first-token latency and steady tokens/s of the
 *     first draft after a load and of the fifth, for a ~40-token and a ~400-token prompt; and the
 *     first draft as a Write user has it (Write opened in a new page gets the stored model ready,
 *     Generate 5 s later);
 *   - summarization through the SDK: one ~500-token support dialog, and a ~5,000-word text in parts;
 *     and the dialog's first summary as a user has it, in a new page with nothing loaded and in
 *     Summarize (which gets the stored summarizer ready once a text is in), pressed 5 s after;
 *   - load: cold (from the server, into the IndexedDB weight cache) and warm (from IndexedDB after
 *     a reload, once onnxruntime has started with the page; and sentiment the moment the page is
 *     up, and again with the runtime running) for each model, against Node loading the same files
 *     from disk;
 *   - Insights at real size (bench/realsizeInsights.mjs): the panel run over the same rows, its
 *     main-thread long tasks, the honesty of its ETA, and input-to-paint while the table and
 *     charts are used during the run;
 *   - memory: the renderer's peak RSS (and `performance.measureUserAgentSpecificMemory()`) with one
 *     and with all five default models loaded, then with all five used once each, in a first
 *     session (downloading them) and in a returning one (from IndexedDB), against Node's peak RSS
 *     for the same loads and runs;
 *   - WebGPU (SwiftShader here: software, reported, never asserted): sentiment and generation,
 *     fp32, and fp16 when the adapter has `shader-f16` and the stand-ins have fp16 files.
 *
 * Options: `--quick` (fewer rows, one batch cap, fewer tokens; a smoke run of a few minutes);
 * BENCH_REALSIZE_ROWS (default 5000, quick 500); BENCH_REALSIZE_BATCHES (default "64,128", the
 * app's caps (sentiment 64, embeddings 128); quick "64"); BENCH_REALSIZE_PARTS (default "load,encoders,generation,summarization,insights,memory,webgpu"),
 * e.g. "generation" to measure a change quickly; BENCH_REALSIZE_GEN_DTYPES (default "q8"; e.g.
 * "q8,fp32" adds fp32 generation rows, an experiment); BENCH_REALSIZE_INSIGHTS_THREADS (default
 * "auto,leave-a-core": the Insights run once per thread policy, the trade-off between its speed
 * and the page's long tasks); BENCH_REALSIZE_WEBGPU=0 skips WebGPU;
 * BENCH_OUT_DIR the build to serve (dist).
 * The machine may be shared: read the ratios (both sides measured in the same run), not the
 * absolute figures.
 */
import { spawn } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { performance } from 'node:perf_hooks';
import { loadReviewMix } from './datasets.mjs';
import { insightsSuite } from './realsizeInsights.mjs';
import { ensureStandIns, STAND_INS, standInServer } from './realsizeModels.mjs';
import { round } from './numbers.mjs';

const PORT = Number(process.env.BENCH_REALSIZE_PORT ?? 4185);
const BASE_URL = `http://127.0.0.1:${PORT}`;
// The thread policy explicit: the Insights part's runs store theirs in the shared profile.
const APP_PATH = '/?preset=default&threads=auto';
const SUMMARIZER = 'Xenova/flan-t5-small';
const DRAFTS = 5;
/** How long the Write row's user types between opening Write and pressing Generate. */
const TYPING_MS = 5_000;
const SHORT_PROMPT_TOKENS = 40;
const LONG_PROMPT_TOKENS = 400;
const DIALOG_TOKENS = 500;
const LONG_TEXT_WORDS = 5000;
/** What BENCH_REALSIZE_PARTS may list (default: all), e.g. `generation` alone to measure a change. */
const PARTS = ['load', 'encoders', 'generation', 'summarization', 'insights', 'memory', 'webgpu'];
const byTask = Object.fromEntries(STAND_INS.map((s) => [s.task, s]));
/** How long after a reload the warm loads start: onnxruntime has started with the page by then. */
const RUNTIME_START_WAIT_MS = 10_000;
const nodeId = (standIn) => `realsize/${standIn.folder}`;

const MiB = 1024 * 1024;
/** What the memory part runs on each of the five models once they are loaded, in Node and the browser. */
const MEMORY_USE = {
  texts: Array.from(
    { length: 64 },
    (_, i) => `Review ${i}: the battery lasts two days, but the strap broke after a week and support never answered my emails.`,
  ),
  prompt: 'The battery life of these headphones is great, but the ear cushions started peeling after two months and',
  dialog:
    'Customer: My order arrived with a cracked screen and the box was crushed. Agent: I am sorry. Can you send a photo? ' +
    'Customer: Yes, I just sent it. Agent: Thanks, a replacement ships tomorrow and you can keep the broken one.',
  question: 'When does the replacement ship?',
  tokens: 64,
};

export async function run(ctx) {
  const quick = Boolean(ctx.options.quick);
  const settings = {
    quick,
    rows: Number(process.env.BENCH_REALSIZE_ROWS ?? (quick ? 500 : 5000)),
    batches: (process.env.BENCH_REALSIZE_BATCHES ?? (quick ? '64' : '64,128')).split(',').map(Number),
    genTokens: quick ? 32 : 64,
    longTextWords: quick ? 1000 : LONG_TEXT_WORDS,
    webgpu: process.env.BENCH_REALSIZE_WEBGPU !== '0',
    genDtypes: (process.env.BENCH_REALSIZE_GEN_DTYPES ?? 'q8').split(',').map((d) => d.trim()),
    insightsThreads: (process.env.BENCH_REALSIZE_INSIGHTS_THREADS ?? 'auto,leave-a-core').split(',').map((p) => p.trim()),
    parts: new Set((process.env.BENCH_REALSIZE_PARTS ?? PARTS.join(',')).split(',').map((p) => p.trim())),
    // SwiftShader runs WebGPU in software: 64 rows took over 12 minutes on the loaded 2-core box.
    webgpuRows: quick ? 8 : 16,
    webgpuTokens: quick ? 4 : 8,
  };
  const outDir = resolve(ctx.root, process.env.BENCH_OUT_DIR ?? 'dist');
  if (!existsSync(join(outDir, 'index.html'))) throw new Error(`${outDir}/index.html is missing: run \`npm run build\` first (or set BENCH_OUT_DIR)`);
  const modelsDir = await ensureStandIns({ root: ctx.root, sharedDir: ctx.sharedDir, log: ctx.log });
  const unknownParts = [...settings.parts].filter((p) => !PARTS.includes(p));
  if (unknownParts.length) throw new Error(`BENCH_REALSIZE_PARTS: unknown ${unknownParts.join(', ')} (known: ${PARTS.join(', ')})`);
  if (!settings.webgpu) settings.parts.delete('webgpu');
  const inputs = await loadInputs(ctx, modelsDir, settings);
  ctx.log(
    `${inputs.texts.length} reviews, batch caps ${settings.batches.join('/')}; prompts ${inputs.prompts.map((p) => `${p.tokens}`).join(' and ')} tokens, ` +
      `${settings.genTokens} generated; dialog ${inputs.dialog.tokens} tokens; long text ${inputs.longText.words} words`,
  );

  const rows = [];
  const record = (entry) => {
    // rows: null unless a figure counts rows (run.mjs would fill in its own review count).
    const row = { suite: 'realsize', rows: null, models: 'real-size stand-ins (random weights)', ...entry };
    rows.push(row);
    ctx.record(row);
    return row;
  };

  const node = await nodeBaseline(ctx, modelsDir, inputs, settings);
  const { preview } = await import('vite');
  const server = await preview({
    root: ctx.root,
    logLevel: 'warn',
    plugins: [standInServer(modelsDir)],
    build: { outDir },
    preview: { port: PORT, strictPort: true, host: '127.0.0.1' },
  });
  const { chromiumLaunchOptions } = await ctx.importTs('test/e2e/support/chromium.ts');
  const { chromium } = await import('playwright-core');
  const profile = await mkdtemp(join(os.tmpdir(), 'llmaos-realsize-profile-'));
  try {
    await wasmSuite(ctx, { chromium, chromiumLaunchOptions, profile, modelsDir, inputs, settings, node, record });
    // Each part on its own: one failing must not lose the others' figures or the table.
    for (const [name, part] of [
      [
        'insights',
        async () => {
          for (const threads of settings.insightsThreads) {
            await insightsSuite(ctx, {
              chromium,
              chromiumLaunchOptions,
              profile,
              baseUrl: BASE_URL,
              summarizer: SUMMARIZER,
              texts: inputs.texts,
              threads,
              record,
            });
          }
        },
      ],
      ['memory', () => memorySuite(ctx, { chromium, chromiumLaunchOptions, node, record })],
      ['webgpu', () => webgpuSuite(ctx, { chromium, chromiumLaunchOptions, inputs, settings, node, record })],
    ]) {
      if (!settings.parts.has(name)) continue;
      try {
        await part();
      } catch (error) {
        ctx.log(`${name} failed: ${error.stack ?? error}`);
        record({ case: name, failed: String(error.message ?? error).split('\n')[0] });
      }
    }
  } finally {
    await server.close();
    await rm(profile, { recursive: true, force: true });
  }
  printFigures(ctx, rows);
  return undefined;
}

// ---------------------------------------------------------------- inputs

async function loadInputs(ctx, modelsDir, settings) {
  const texts = (await loadReviewMix({ limit: settings.rows })).map((r) => r.text);
  const { AutoTokenizer, env } = await import('@huggingface/transformers');
  useLocalModels(env, modelsDir);
  const gpt2 = await AutoTokenizer.from_pretrained(nodeId(byTask.generation));
  const t5 = await AutoTokenizer.from_pretrained(nodeId(byTask.summarization));
  const { normalizeConversation } = await ctx.importTs('src/panels/summarize/importText.ts');
  const dialogs = (await readFile(join(ctx.sharedDir, 'datasets', 'tweetsumm_customer_support', 'tweetsumm_train_valid.jsonl'), 'utf8'))
    .split('\n')
    .filter((line) => line.trim() !== '')
    .map((line) => normalizeConversation(JSON.parse(line).text));
  // The dialog closest to 500 summarizer tokens; then ~5,000 words of dialogs, in file order.
  const counted = dialogs.map((text) => ({ text, tokens: t5.encode(text).length }));
  const dialog = counted.reduce((a, b) => (Math.abs(b.tokens - DIALOG_TOKENS) < Math.abs(a.tokens - DIALOG_TOKENS) ? b : a));
  const picked = [];
  let words = 0;
  for (const text of dialogs) {
    if (words >= settings.longTextWords) break;
    picked.push(text);
    words += text.split(/\s+/).filter(Boolean).length;
  }
  const longText = { text: picked.join('\n\n'), words, tokens: t5.encode(picked.join('\n\n')).length };
  // Prompts of exactly 40 and 400 GPT-2 tokens (as far as decode/encode round-trips) from a real
  // product brief followed by support text.
  const source = `Product: Acme Buds\nAudience: commuters\nTone: friendly\n\n${picked.join('\n\n')}`;
  const ids = gpt2.encode(source);
  const prompts = [SHORT_PROMPT_TOKENS, LONG_PROMPT_TOKENS].map((n) => {
    const text = gpt2.decode(ids.slice(0, n));
    return { name: `${n}-token prompt`, text, tokens: gpt2.encode(text).length };
  });
  return { texts, prompts, dialog, longText };
}

function useLocalModels(env, modelsDir) {
  env.localModelPath = modelsDir + '/';
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
}

// ---------------------------------------------------------------- Node baseline

async function nodeBaseline(ctx, modelsDir, inputs, settings) {
  const { pipeline, env, TextStreamer } = await import('@huggingface/transformers');
  useLocalModels(env, modelsDir);
  const result = { load: {}, sentiment: {}, embeddings: {}, generation: {}, webgpu: {} };
  const timedLoad = async (task, pipelineTask, dtype = 'q8') => {
    const started = performance.now();
    const pipe = await pipeline(pipelineTask, nodeId(byTask[task]), { dtype, device: 'cpu' });
    if (dtype === 'q8') result.load[task] = (performance.now() - started) / 1000;
    return pipe;
  };
  const sortedBatches = async (run, batch) => {
    const order = inputs.texts.map((_, i) => i).sort((a, b) => inputs.texts[a].length - inputs.texts[b].length || a - b);
    const started = performance.now();
    for (let i = 0; i < order.length; i += batch) await run(order.slice(i, i + batch).map((id) => inputs.texts[id]));
    return (performance.now() - started) / 1000;
  };

  // Encoders: the plain pipelines over length-sorted batches (tokenizing included), the native ceiling.
  for (const [task, pipelineTask, call] of [
    ['sentiment', 'sentiment-analysis', (pipe, texts) => pipe(texts)],
    ['embeddings', 'feature-extraction', (pipe, texts) => pipe(texts, { pooling: 'mean', normalize: true })],
  ]) {
    const pipe = await timedLoad(task, pipelineTask);
    await call(pipe, inputs.texts.slice(0, 64)); // warm-up: arenas per shape, tokenizer JIT
    for (const batch of settings.parts.has('encoders') ? settings.batches : []) {
      const seconds = await sortedBatches((texts) => call(pipe, texts), batch);
      result[task][batch] = { seconds, rowsPerSec: inputs.texts.length / seconds };
      ctx.log(`node ${task} batch ${batch}: ${(inputs.texts.length / seconds).toFixed(1)} rows/s`);
    }
    await pipe.dispose();
  }

  // Generation: a fresh pipeline per prompt, drafts 1 and 5 after the load, as in the browser.
  for (const prompt of settings.parts.has('generation') ? inputs.prompts : inputs.prompts.slice(0, 0)) {
    const generator = await timedLoad('generation', 'text-generation');
    const drafts = [];
    for (let i = 0; i < DRAFTS; i++) drafts.push(await nodeGenerate(generator, TextStreamer, prompt.text, settings.genTokens));
    result.generation[prompt.name] = { first: drafts[0], fifth: drafts[DRAFTS - 1] };
    ctx.log(
      `node generation ${prompt.name}: draft 1 ${drafts[0].steadyTokensPerSec.toFixed(1)} tok/s, draft 5 ${drafts[4].steadyTokensPerSec.toFixed(1)} tok/s`,
    );
    await generator.dispose();
  }

  // Its load time still counts when generation itself is not measured.
  if (!settings.parts.has('generation')) await (await timedLoad('generation', 'text-generation')).dispose();

  // Summarization: the SDK's own summary-in-parts code over the Node pipeline.
  const summarizer = await timedLoad('summarization', 'summarization');
  if (settings.parts.has('summarization')) {
    const nodeSummarize = await nodeSummarizer(ctx, summarizer);
    await nodeSummarize('Customer: my order is late. Agent: sorry, we will check.');
    result.summaryDialog = await timed(() => nodeSummarize(inputs.dialog.text));
    result.summaryLong = await timed(() => nodeSummarize(inputs.longText.text));
    ctx.log(
      `node summarization: dialog ${result.summaryDialog.seconds.toFixed(2)} s, long text ${result.summaryLong.seconds.toFixed(2)} s (${result.summaryLong.value.parts} parts)`,
    );
  }
  await summarizer.dispose();

  const qa = await timedLoad('question-answering', 'question-answering');
  await qa.dispose();

  // fp32 on the CPU: the baseline of the WebGPU rows (which run fp32).
  if (settings.parts.has('webgpu')) {
    const classifier = await pipeline('sentiment-analysis', nodeId(byTask.sentiment), { dtype: 'fp32', device: 'cpu' });
    const texts = inputs.texts.slice(0, settings.webgpuRows);
    await classifier(texts.slice(0, 8));
    result.webgpu.sentiment = await timed(() => classifier(texts));
    await classifier.dispose();
    const generator = await pipeline('text-generation', nodeId(byTask.generation), { dtype: 'fp32', device: 'cpu' });
    await nodeGenerate(generator, TextStreamer, inputs.prompts[0].text, settings.webgpuTokens);
    result.webgpu.generation = await nodeGenerate(generator, TextStreamer, inputs.prompts[0].text, settings.webgpuTokens);
    await generator.dispose();
  }

  if (!settings.parts.has('memory')) return result;
  result.memory = await nodeMemory(ctx, modelsDir);
  ctx.log(
    `node peak RSS: one model ${(result.memory.one.peak / MiB).toFixed(0)} MiB, five ${(result.memory.all.peak / MiB).toFixed(0)} MiB, five used ${(result.memory.used.peak / MiB).toFixed(0)} MiB`,
  );
  return result;
}

async function nodeGenerate(generator, TextStreamer, prompt, tokens) {
  const started = performance.now();
  let first = -1;
  let count = 0;
  const streamer = new TextStreamer(generator.tokenizer, {
    skip_prompt: true,
    callback_function: () => undefined,
    token_callback_function: () => {
      if (first < 0) first = performance.now() - started;
      count++;
    },
  });
  await generator(prompt, { max_new_tokens: tokens, min_new_tokens: tokens, do_sample: false, streamer, return_full_text: false });
  const totalMs = performance.now() - started;
  return { tokenCount: count, firstTokenMs: first, totalMs, steadyTokensPerSec: (count - 1) / ((totalMs - first) / 1000) };
}

/** `summarize(text)` as the SDK does it (chunk with the model's tokenizer, then summarizeInParts). */
async function nodeSummarizer(ctx, summarizer) {
  const { chunkByTokens } = await ctx.importTs('src/content/chunking.ts');
  const { summarizeInParts } = await ctx.importTs('src/sdk/summarizeInParts.ts');
  const prefix = summarizer.model.config.task_specific_params?.summarization?.prefix ?? '';
  const window = summarizer.model.config.n_positions ?? 512;
  const encode = (text) => summarizer.tokenizer.encode(text).length;
  const worker = {
    async summarizeOne(text, options) {
      const out = await summarizer(text, {
        max_new_tokens: options.maxNewTokens ?? 60,
        min_new_tokens: options.minNewTokens,
        repetition_penalty: options.repetitionPenalty,
        no_repeat_ngram_size: options.noRepeatNgramSize,
      });
      return out[0].summary_text;
    },
    countTokens: async (texts) => texts.map(encode),
  };
  return async (text) => {
    if (encode(prefix + text) <= window) return { parts: 1, summary: await worker.summarizeOne(text, {}, true) };
    // The worker's `chunk` op: the model's tokenizer, the window, an eighth of it as overlap.
    const chunks = chunkByTokens(text, { countTokens: (piece) => encode(prefix + piece), maxTokens: window, overlapTokens: Math.floor(window / 8) });
    return { parts: chunks.length, summary: await summarizeInParts({ chunks, maxInputTokens: window }, {}, worker) };
  };
}

async function timed(fn) {
  const started = performance.now();
  const value = await fn();
  return { seconds: (performance.now() - started) / 1000, value };
}

/**
 * Node's peak RSS loading the sentiment model, then all five (q8), then using each once
 * (MEMORY_USE), in a child process of its own, so this process's earlier work does not count.
 */
async function nodeMemory(ctx, modelsDir) {
  const script = `
    import { pipeline, env } from '@huggingface/transformers';
    env.localModelPath = ${JSON.stringify(modelsDir + '/')}; env.allowLocalModels = true; env.allowRemoteModels = false;
    const peak = () => process.resourceUsage().maxRSS * 1024;
    const models = ${JSON.stringify(STAND_INS.map((s) => [s.task, nodeId(s)]))};
    const pipes = [];
    const task = { sentiment: 'sentiment-analysis', embeddings: 'feature-extraction', generation: 'text-generation', summarization: 'summarization', 'question-answering': 'question-answering' };
    pipes.push(await pipeline(task[models[0][0]], models[0][1], { dtype: 'q8', device: 'cpu' }));
    await pipes[0]('warm up');
    const one = { peak: peak(), rss: process.memoryUsage().rss };
    for (const [t, id] of models.slice(1)) pipes.push(await pipeline(task[t], id, { dtype: 'q8', device: 'cpu' }));
    const all = { peak: peak(), rss: process.memoryUsage().rss };
    const use = ${JSON.stringify(MEMORY_USE)};
    const byTask = Object.fromEntries(models.map(([t], i) => [t, pipes[i]]));
    await byTask.sentiment(use.texts);
    await byTask.embeddings(use.texts, { pooling: 'mean', normalize: true });
    await byTask.generation(use.prompt, { max_new_tokens: use.tokens, min_new_tokens: use.tokens });
    await byTask.summarization(use.dialog, { max_new_tokens: use.tokens, min_new_tokens: use.tokens });
    await byTask['question-answering'](use.question, use.dialog);
    console.log(JSON.stringify({ one, all, used: { peak: peak(), rss: process.memoryUsage().rss } }));
  `;
  const output = await new Promise((resolvePromise, reject) => {
    const child = spawn(process.execPath, ['--input-type=module', '-e', script], { cwd: ctx.root, stdio: ['ignore', 'pipe', 'inherit'] });
    let out = '';
    child.stdout.on('data', (d) => (out += d));
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 ? resolvePromise(out) : reject(new Error(`node memory child exited with ${code}`))));
  });
  return JSON.parse(output.trim().split('\n').at(-1));
}

// ---------------------------------------------------------------- Chromium, WASM

async function openApp(ctx, { chromium, chromiumLaunchOptions, profile, backend = 'wasm', webgpu = false }) {
  // A persistent profile: off the record, Chromium fails large weight downloads
  // (net::ERR_CACHE_WRITE_FAILURE), and the warm loads need IndexedDB kept across reloads.
  const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions({ webgpu }));
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('pageerror', (error) => ctx.log(`[${backend}] page error:`, error.message));
  const goto = async (reload = false) => {
    // Not Write: it loads the stored generator when it opens (models.prepare), which would run
    // beside every load and draft measured here. The Write row below opens it on purpose.
    await (reload ? page.reload() : page.goto(`${BASE_URL}${APP_PATH}&backend=${backend}#/classify`));
    await page.waitForFunction(() => Boolean(window.llmaos));
    await page.evaluate((id) => window.llmaos.models.assign('summarization', id), SUMMARIZER);
  };
  await goto();
  return { context, page, goto };
}

async function wasmSuite(ctx, { chromium, chromiumLaunchOptions, profile, modelsDir, inputs, settings, node, record }) {
  const { context, page, goto } = await openApp(ctx, { chromium, chromiumLaunchOptions, profile });
  try {
    const environment = await page.evaluate(() => window.llmaos.environment());
    if (!environment.crossOriginIsolated) throw new Error('the page is not cross-origin isolated: WASM would run on one thread');
    const backend = `chromium wasm (${environment.wasmThreads} threads)`;
    ctx.log(`${backend}, cross-origin isolated`);
    const loadModel = (task) =>
      page.evaluate(async (task) => {
        const started = performance.now();
        const info = await window.llmaos.models.load(task);
        return { seconds: (performance.now() - started) / 1000, dtype: info.dtype, modelId: info.modelId };
      }, task);

    const recordLoad = (kind, standIn, load) =>
      record({
        case: `${kind}: ${standIn.task}`,
        backend,
        model: standIn.hubId,
        dtype: load.dtype,
        download_mib: round(onnxBytes(modelsDir, standIn) / MiB, 1),
        seconds: round(load.seconds),
        node_seconds: round(node.load[standIn.task]),
        ...vsNode(node.load[standIn.task] / load.seconds, 'load time, node (from disk) ÷ browser'),
      });

    // Loads: cold (server → IndexedDB), then warm (IndexedDB) after a reload, per model.
    const cold = {};
    for (const standIn of settings.parts.has('load') ? STAND_INS : []) cold[standIn.task] = await loadModel(standIn.task);
    if (settings.parts.has('load')) {
      // The worker starts onnxruntime when the page opens (src/workers/runtimeStart.ts). A load
      // the moment the page is up waits for the rest of that start…
      await goto(true);
      const standIn = byTask.sentiment;
      const rushed = await loadModel('sentiment');
      recordLoad('warm load (IndexedDB), the moment the page is up (runtime still starting)', standIn, rushed);
      ctx.log(`sentiment the moment the page is up: ${rushed.seconds.toFixed(2)} s`);
      // …the loads below come RUNTIME_START_WAIT_MS after the page opened, as when a user picks
      // a model after a moment (the start takes ~2-3 s here: its thread workers appear at once,
      // but its static constructors run for 1.5 s after, so there is no earlier signal to wait for).
      await goto(true);
      await page.waitForTimeout(RUNTIME_START_WAIT_MS);
    }
    for (const standIn of settings.parts.has('load') ? STAND_INS : []) {
      const warm = await loadModel(standIn.task);
      const base = node.load[standIn.task];
      recordLoad('cold load (server)', standIn, cold[standIn.task]);
      recordLoad(`warm load (IndexedDB, ${RUNTIME_START_WAIT_MS / 1000} s after a reload: runtime started with the page)`, standIn, warm);
      ctx.log(`${standIn.task}: cold ${cold[standIn.task].seconds.toFixed(2)} s, warm ${warm.seconds.toFixed(2)} s, node ${base.toFixed(2)} s`);
    }
    // The first model after a reload also starts onnxruntime in the new worker (its WASM, its
    // threads, its first session): the sentiment model loaded again, with the runtime running,
    // separates that from the model's own load.
    if (settings.parts.has('load')) {
      const standIn = byTask.sentiment;
      await page.evaluate((id) => window.llmaos.models.unload(id), standIn.hubId);
      const again = await loadModel('sentiment');
      recordLoad('warm load (IndexedDB, runtime already running)', standIn, again);
      ctx.log(`sentiment again, runtime running: warm ${again.seconds.toFixed(2)} s`);
    }

    // Encoders: one SDK call with every row per batch cap (the Insights path).
    for (const task of settings.parts.has('encoders') ? ['sentiment', 'embeddings'] : []) {
      const op = task === 'sentiment' ? 'classify' : 'embed';
      await page.evaluate(({ op, texts }) => window.llmaos[op](texts, { batchSize: 32 }), { op, texts: inputs.texts.slice(0, 64) }); // warm-up
      // Node's fastest cap too: past its best cap Node slows (it pads every row of a batch to
      // the longest; the engine's token budget splits such a batch), which flatters the same-cap ratio.
      const nodeBest = Object.entries(node[task]).reduce((best, [cap, r]) => (r.rowsPerSec > best.rowsPerSec ? { cap: Number(cap), ...r } : best), {
        rowsPerSec: 0,
      });
      for (const batch of settings.batches) {
        const seconds = await page.evaluate(
          async ({ op, texts, batch }) => {
            const started = performance.now();
            const out = await window.llmaos[op](texts, { batchSize: batch });
            if (out.length !== texts.length) throw new Error(`${op}: ${out.length} results for ${texts.length} rows`);
            return (performance.now() - started) / 1000;
          },
          { op, texts: inputs.texts, batch },
        );
        const base = node[task][batch];
        const rowsPerSec = inputs.texts.length / seconds;
        record({
          case: `${task}, batch cap ${batch}`,
          backend,
          model: byTask[task].hubId,
          dtype: 'q8',
          batch,
          rows: inputs.texts.length,
          seconds: round(seconds),
          rowsPerSec: round(rowsPerSec, 1),
          node_rows_per_sec: round(base.rowsPerSec, 1),
          ...vsNode(rowsPerSec / base.rowsPerSec, 'rows/s, browser ÷ node (plain pipeline, length-sorted batches of the same size)'),
          node_best_batch: nodeBest.cap,
          node_best_rows_per_sec: round(nodeBest.rowsPerSec, 1),
          ratio_vs_node_best: round(rowsPerSec / nodeBest.rowsPerSec, 2),
        });
        ctx.log(
          `${task} batch ${batch}: ${rowsPerSec.toFixed(1)} rows/s (node ${base.rowsPerSec.toFixed(1)}; ` +
            `node's best, batch ${nodeBest.cap}: ${nodeBest.rowsPerSec.toFixed(1)}, ratio ${(rowsPerSec / nodeBest.rowsPerSec).toFixed(2)})`,
        );
      }
    }

    // Generation through the SDK: unload, load (warm), then DRAFTS drafts per prompt. An
    // experiment dtype (BENCH_REALSIZE_GEN_DTYPES, e.g. "q8,fp32") is chosen the way a user's
    // model entry would: the catalog entry re-added with that dtype; node stays on q8 (shipped).
    for (const [dtype, prompt] of settings.parts.has('generation') ? settings.genDtypes.flatMap((d) => inputs.prompts.map((p) => [d, p])) : []) {
      await page.evaluate(
        ({ id, dtype }) => {
          const entry = window.llmaos.models.list().find((m) => m.id === id);
          if (entry.dtype.wasm !== dtype) window.llmaos.models.add({ ...entry, dtype: { ...entry.dtype, wasm: dtype } });
        },
        { id: byTask.generation.hubId, dtype },
      );
      await page.evaluate((id) => window.llmaos.models.unload(id), byTask.generation.hubId);
      const loaded = await loadModel('generation');
      if (loaded.dtype !== dtype) throw new Error(`generation loaded as ${loaded.dtype}, ${dtype} wanted`);
      const experiment = dtype === 'q8' ? '' : `, ${dtype} (experiment)`;
      const drafts = [];
      for (let i = 0; i < DRAFTS; i++) drafts.push(await sdkGenerate(page, prompt.text, settings.genTokens));
      for (const [which, draft, base] of [
        ['first draft after load', drafts[0], node.generation[prompt.name].first],
        [`draft ${DRAFTS}`, drafts[DRAFTS - 1], node.generation[prompt.name].fifth],
      ]) {
        record(draftRow(`generation, ${prompt.name}, ${which}${experiment}`, { backend, dtype, prompt, draft, base }));
      }
      ctx.log(
        `generation ${prompt.name}${experiment}: ${drafts.map((d) => d.steadyTokensPerSec.toFixed(1)).join(', ')} tok/s; first token ${drafts.map((d) => d.firstTokenMs.toFixed(0)).join(', ')} ms`,
      );
    }

    // The first draft as a Write user has it: Write opens in a new page (a new worker, so none of
    // the drafts above has warmed it), gets the stored generator ready (models.prepare: its load
    // and a few short drafts), the user types for TYPING_MS, then presses Generate.
    for (const prompt of settings.parts.has('generation') ? inputs.prompts : []) {
      const writer = await context.newPage();
      try {
        const opened = performance.now();
        await writer.goto(`${BASE_URL}${APP_PATH}&backend=${backend}#/write`);
        await writer.getByTestId('write-readiness').and(writer.locator('[data-state="loaded"]')).waitFor({ timeout: 180_000 });
        const readySeconds = (performance.now() - opened) / 1000;
        await writer.waitForTimeout(TYPING_MS);
        const draft = await sdkGenerate(writer, prompt.text, settings.genTokens);
        const base = node.generation[prompt.name].first;
        record({
          ...draftRow(`generation, ${prompt.name}, first draft in Write (model got ready when Write opened; Generate ${TYPING_MS / 1000} s after)`, {
            backend,
            dtype: 'q8',
            prompt,
            draft,
            base,
          }),
          ready_after_open_seconds: round(readySeconds),
        });
        ctx.log(
          `generation ${prompt.name}, first draft in Write: ready ${readySeconds.toFixed(1)} s after it opened; ${draft.steadyTokensPerSec.toFixed(1)} tok/s ` +
            `(node ${base.steadyTokensPerSec.toFixed(1)}), first token ${draft.firstTokenMs.toFixed(0)} ms`,
        );
      } finally {
        await writer.close();
      }
    }

    if (settings.genDtypes.some((d) => d !== 'q8')) {
      // Back to the catalog's own entry (the profile is reused by the memory part).
      await page.evaluate((id) => {
        window.llmaos.models.remove(id);
        return window.llmaos.models.unload(id);
      }, byTask.generation.hubId);
    }

    // Summarization through the SDK.
    if (!settings.parts.has('summarization')) return;
    await page.evaluate((text) => window.llmaos.summarize(text), 'Customer: my order is late. Agent: sorry, we will check.');
    for (const [name, input, base] of [
      [`one support dialog (${inputs.dialog.tokens} tokens)`, inputs.dialog.text, node.summaryDialog],
      [`${inputs.longText.words}-word text in parts`, inputs.longText.text, node.summaryLong],
    ]) {
      const seconds = await timedSummary(page, input);
      record(summaryRow(`summarization, ${name}`, { backend, seconds, base }));
      ctx.log(`summarization ${name}: ${seconds.toFixed(2)} s (node ${base.seconds.toFixed(2)} s)`);
    }

    // The first summary as a user has it, each in a new page (a new worker, nothing loaded):
    // without help, the summary's own call loads the stored model; in Summarize, the dialog goes
    // into its box, which gets the stored summarizer ready (models.prepare: its load and a few
    // short warm-up runs). Either way the user presses Summarize TYPING_MS after the text is in
    // (in Summarize, after it is ready).
    for (const inPanel of [false, true]) {
      const user = await context.newPage();
      try {
        await user.goto(`${BASE_URL}${APP_PATH}&backend=${backend}#/${inPanel ? 'summarize' : 'classify'}`);
        await user.waitForFunction(() => Boolean(window.llmaos));
        let readySeconds = null;
        if (inPanel) {
          const pasted = performance.now();
          await user.getByTestId('summarize-input').fill(inputs.dialog.text);
          await user.getByTestId('summarize-readiness').and(user.locator('[data-state="loaded"]')).waitFor({ timeout: 180_000 });
          readySeconds = (performance.now() - pasted) / 1000;
        }
        await user.waitForTimeout(TYPING_MS);
        const seconds = await timedSummary(user, inputs.dialog.text);
        const how = inPanel ? 'in Summarize (model got ready once the text was in)' : 'in a new page (the summary loads the model)';
        record({
          ...summaryRow(`summarization, one support dialog (${inputs.dialog.tokens} tokens), first summary ${how}; pressed ${TYPING_MS / 1000} s after`, {
            backend,
            seconds,
            base: node.summaryDialog,
          }),
          ...(readySeconds === null ? {} : { ready_after_text_seconds: round(readySeconds) }),
        });
        ctx.log(
          `summarization, first summary ${how}: ${seconds.toFixed(2)} s${readySeconds === null ? '' : `; ready ${readySeconds.toFixed(1)} s after the text`}`,
        );
      } finally {
        await user.close();
      }
    }
  } finally {
    await context.close();
  }
}

/** Seconds one `summarize(text)` through the SDK takes, timed in the page. */
function timedSummary(page, text) {
  return page.evaluate(async (text) => {
    const started = performance.now();
    await window.llmaos.summarize(text);
    return (performance.now() - started) / 1000;
  }, text);
}

/** A summarization figure beside Node's time for the same text (its model loaded). */
function summaryRow(name, { backend, seconds, base }) {
  return {
    case: name,
    backend,
    model: SUMMARIZER,
    dtype: 'q8',
    rows: base.value.parts,
    unit: 'parts',
    seconds: round(seconds),
    node_seconds: round(base.seconds),
    ...vsNode(base.seconds / seconds, 'time, node ÷ browser'),
  };
}

/** A generation figure: one draft through the SDK beside Node's draft `base` on the same prompt. */
function draftRow(name, { backend, dtype, prompt, draft, base }) {
  return {
    case: name,
    backend,
    model: byTask.generation.hubId,
    dtype,
    node_dtype: 'q8',
    prompt_tokens: prompt.tokens,
    rows: draft.tokenCount,
    unit: 'tokens',
    seconds: round(draft.totalMs / 1000),
    rowsPerSec: round(draft.steadyTokensPerSec, 1),
    first_token_ms: round(draft.firstTokenMs, 1),
    steady_tokens_per_sec: round(draft.steadyTokensPerSec, 1),
    worker_first_token_ms: round(draft.worker.firstTokenMs, 1),
    worker_total_ms: round(draft.worker.totalMs, 1),
    node_first_token_ms: round(base.firstTokenMs, 1),
    node_steady_tokens_per_sec: round(base.steadyTokensPerSec, 1),
    first_token_ratio_vs_node: round(base.firstTokenMs / draft.firstTokenMs),
    ...vsNode(draft.steadyTokensPerSec / base.steadyTokensPerSec, 'steady tokens/s, browser ÷ node'),
  };
}

/** One draft through the SDK's stream, timed in the page: first streamed text, then the rest. */
function sdkGenerate(page, prompt, tokens) {
  return page.evaluate(
    async ({ prompt, tokens }) => {
      const started = performance.now();
      let first = -1;
      const stream = window.llmaos.generate(prompt, { maxNewTokens: tokens, minNewTokens: tokens });
      for await (const _text of stream) if (first < 0) first = performance.now() - started;
      const result = await stream.result;
      const totalMs = performance.now() - started;
      return {
        tokenCount: result.tokenCount,
        firstTokenMs: first,
        totalMs,
        steadyTokensPerSec: (result.tokenCount - 1) / ((totalMs - first) / 1000),
        worker: { firstTokenMs: result.firstTokenMs, totalMs: result.totalMs },
      };
    },
    { prompt, tokens },
  );
}

/** Bytes of the q8 ONNX files a model downloads (what the cold load moves). */
function onnxBytes(modelsDir, standIn) {
  return standIn.files.filter((f) => f.endsWith('_quantized.onnx')).reduce((sum, f) => sum + statSync(join(modelsDir, 'realsize', standIn.folder, f)).size, 0);
}

// ---------------------------------------------------------------- memory

/**
 * The renderer's peak RSS with the five default models, twice, on a profile of its own: a first
 * session, which downloads them, then a returning one, which loads them from IndexedDB. Whatever
 * other parts ran before, the two figures mean the same.
 */
async function memorySuite(ctx, { chromium, chromiumLaunchOptions, node, record }) {
  const profile = await mkdtemp(join(os.tmpdir(), 'llmaos-realsize-memory-'));
  try {
    for (const session of ['first session, downloading', 'returning, from IndexedDB']) {
      await sessionMemory(ctx, { chromium, chromiumLaunchOptions, profile, node, record, session });
    }
  } finally {
    await rm(profile, { recursive: true, force: true });
  }
}

/**
 * One fresh browser: the renderer's peak RSS after loading and using the sentiment model, after
 * loading the other four, and after using all five (MEMORY_USE). The page and its workers share
 * one renderer process, so its VmHWM is the page's peak, WASM memory included.
 */
async function sessionMemory(ctx, { chromium, chromiumLaunchOptions, profile, node, record, session }) {
  const { context, page } = await openApp(ctx, { chromium, chromiumLaunchOptions, profile });
  let sampler;
  try {
    const renderers = rendererPids(profile);
    // RSS sampled every 100 ms while models load: the real peak, which VmHWM may miss.
    const sampled = new Map();
    sampler = setInterval(() => {
      for (const pid of renderers) {
        try {
          const rss = Number(/^VmRSS:\s+(\d+) kB/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
          if (rss > (sampled.get(pid) ?? 0)) sampled.set(pid, rss);
        } catch {
          // exited
        }
      }
    }, 100);
    const measure = async () => {
      const uasm = await page.evaluate(async () => {
        if (typeof performance.measureUserAgentSpecificMemory !== 'function') return null;
        try {
          // It resolves at the next garbage collection, which an idle page may not have soon.
          const timeout = new Promise((_, reject) => setTimeout(() => reject(new Error('no answer within 60 s')), 60_000));
          return (await Promise.race([performance.measureUserAgentSpecificMemory(), timeout])).bytes;
        } catch (error) {
          return `unavailable: ${error.message}`;
        }
      });
      const kib = (pid, field) => {
        try {
          return Number(new RegExp(`^${field}:\\s+(\\d+) kB`, 'm').exec(readFileSync(`/proc/${pid}/status`, 'utf8'))?.[1] ?? NaN) * 1024;
        } catch {
          return NaN; // exited
        }
      };
      // The page's renderer holds the models (its workers run in it): the one with the highest peak.
      // (A renderer that has exited reads NaN: left out, or it would scramble the sort.)
      const byPeak = renderers
        .map((pid) => ({ pid, peak: kib(pid, 'VmHWM'), rss: kib(pid, 'VmRSS') }))
        .filter((r) => Number.isFinite(r.peak))
        .sort((a, b) => b.peak - a.peak);
      const renderer = byPeak[0] ?? { pid: null, peak: NaN, rss: NaN };
      // Linux updates VmHWM lazily (it can read below VmRSS): the sampled maximum counts too.
      if (renderer.pid !== null) renderer.peak = Math.max(renderer.peak, sampled.get(renderer.pid) ?? 0, renderer.rss);
      const allRss = byPeak.reduce((sum, r) => sum + (r.rss || 0), 0);
      return {
        pid: renderer.pid,
        peakRss: renderer.peak,
        rss: renderer.rss,
        allRenderersRss: allRss,
        renderers: byPeak.length,
        peaks: byPeak.map((r) => [r.pid, r.peak]),
        uasm,
      };
    };
    const backend = 'chromium wasm (renderer process)';
    await page.evaluate(async () => {
      await window.llmaos.models.load('sentiment');
      await window.llmaos.classify(['warm up']);
    });
    const one = await measure();
    await page.evaluate(async () => {
      for (const task of ['embeddings', 'generation', 'summarization', 'question-answering']) await window.llmaos.models.load(task);
    });
    const all = await measure();
    // Loaded is not used: a run adds its activations (and the KV cache while decoding).
    await page.evaluate(async (use) => {
      await window.llmaos.classify(use.texts);
      await window.llmaos.embed(use.texts);
      await window.llmaos.generate(use.prompt, { maxNewTokens: use.tokens, minNewTokens: use.tokens }).result;
      await window.llmaos.summarize(use.dialog, { maxNewTokens: use.tokens, minNewTokens: use.tokens });
      await window.llmaos.answer(use.question, use.dialog);
    }, MEMORY_USE);
    const used = await measure();
    for (const [name, m, base] of [
      [`memory peak (${session}), one model loaded (sentiment)`, one, node.memory.one],
      [`memory peak (${session}), all five default models loaded`, all, node.memory.all],
      [
        `memory peak (${session}), all five used (${MEMORY_USE.texts.length} rows classified and embedded, ${MEMORY_USE.tokens}-token draft and summary, one answer)`,
        used,
        node.memory.used,
      ],
    ]) {
      record({
        case: name,
        session,
        backend,
        renderer_pid: m.pid,
        renderer_processes: m.renderers,
        renderer_peaks_mib: Object.fromEntries(m.peaks.map(([pid, peak]) => [pid, round(peak / MiB, 0)])),
        all_renderers_rss_mib: round(m.allRenderersRss / MiB, 0),
        peak_rss_mib: round(m.peakRss / MiB, 0),
        rss_mib: round(m.rss / MiB, 0),
        measure_user_agent_specific_memory_mib: typeof m.uasm === 'number' ? round(m.uasm / MiB, 0) : m.uasm,
        node_peak_rss_mib: round(base.peak / MiB, 0),
        node_rss_mib: round(base.rss / MiB, 0),
        ...vsNode(base.peak / m.peakRss, 'peak RSS, node ÷ browser renderer'),
      });
      ctx.log(
        `${name}: renderer peak ${(m.peakRss / MiB).toFixed(0)} MiB, measureUserAgentSpecificMemory ${typeof m.uasm === 'number' ? (m.uasm / MiB).toFixed(0) + ' MiB' : m.uasm}, node ${(base.peak / MiB).toFixed(0)} MiB`,
      );
    }
  } finally {
    clearInterval(sampler);
    await context.close();
  }
}

/**
 * The renderer processes of this browser: Chromium processes with `--type=renderer` descended
 * from the browser process started with this profile (`--user-data-dir=<profile>`). Besides the
 * page's there may be a spare renderer and the service worker's. Linux /proc; [] elsewhere (the
 * memory rows then hold only the in-page figure).
 */
function rendererPids(profile) {
  if (!existsSync('/proc/self/status')) return [];
  const info = (pid) => {
    try {
      return { ppid: Number(/^PPid:\s+(\d+)/m.exec(readFileSync(`/proc/${pid}/status`, 'utf8'))[1]), cmd: readFileSync(`/proc/${pid}/cmdline`, 'utf8') };
    } catch {
      return null; // gone meanwhile
    }
  };
  const procs = new Map(
    readdirSync('/proc')
      .filter((d) => /^\d+$/.test(d))
      .map((pid) => [Number(pid), info(pid)])
      .filter(([, i]) => i),
  );
  const browsers = [...procs].filter(([, i]) => !i.cmd.includes('--type=') && i.cmd.includes(profile)).map(([pid]) => pid);
  const descends = (pid) => {
    for (let p = pid, n = 0; p > 1 && n < 20; p = procs.get(p)?.ppid ?? 0, n++) if (browsers.includes(p)) return true;
    return false;
  };
  const renderers = [...procs].filter(([pid, i]) => i.cmd.includes('--type=renderer') && descends(pid)).map(([pid]) => pid);
  return renderers;
}

// ---------------------------------------------------------------- WebGPU

async function webgpuSuite(ctx, { chromium, chromiumLaunchOptions, inputs, settings, node, record }) {
  const profile = await mkdtemp(join(os.tmpdir(), 'llmaos-realsize-webgpu-'));
  let app;
  try {
    app = await openApp(ctx, { chromium, chromiumLaunchOptions, profile, backend: 'webgpu', webgpu: true });
    const { page } = app;
    const environment = await page.evaluate(() => window.llmaos.environment());
    const adapter = await page.evaluate(async () => {
      const a = await navigator.gpu?.requestAdapter();
      return a ? { features: [...a.features], info: a.info ? { vendor: a.info.vendor, architecture: a.info.architecture } : null } : null;
    });
    if (!environment.webgpuAvailable || !adapter) {
      record({ case: 'webgpu', backend: 'chromium webgpu', skipped: 'no WebGPU adapter' });
      return;
    }
    const backend = `chromium webgpu (${adapter.info?.architecture || environment.webgpuAdapter || 'adapter'})`;
    const f16 = adapter.features.includes('shader-f16');
    ctx.log(`${backend}: shader-f16 ${f16 ? 'yes' : 'no'}`);
    const texts = inputs.texts.slice(0, settings.webgpuRows);
    try {
      const load = await page.evaluate(async () => {
        const started = performance.now();
        const info = await window.llmaos.models.load('sentiment');
        return { seconds: (performance.now() - started) / 1000, dtype: info.dtype, backend: info.backend };
      });
      await page.evaluate((t) => window.llmaos.classify(t, { batchSize: 8 }), texts.slice(0, 8));
      const seconds = await page.evaluate(async (t) => {
        const started = performance.now();
        await window.llmaos.classify(t, { batchSize: 32 });
        return (performance.now() - started) / 1000;
      }, texts);
      const base = node.webgpu.sentiment;
      record({
        case: `webgpu sentiment, ${texts.length} rows, batch cap 32`,
        backend,
        model: byTask.sentiment.hubId,
        dtype: load.dtype,
        loadSeconds: round(load.seconds),
        rows: texts.length,
        seconds: round(seconds),
        rowsPerSec: round(texts.length / seconds, 1),
        node_fp32_rows_per_sec: round(texts.length / base.seconds, 1),
        ...vsNode(base.seconds / seconds, 'rows/s, browser ÷ node fp32 (software GPU: reported, not asserted)'),
      });
    } catch (error) {
      record({ case: 'webgpu sentiment', backend, failed: error.message.split('\n')[0] });
    }
    try {
      await page.evaluate(() => window.llmaos.models.load('generation'));
      await sdkGenerate(page, inputs.prompts[0].text, 2);
      const draft = await sdkGenerate(page, inputs.prompts[0].text, settings.webgpuTokens);
      const base = node.webgpu.generation;
      record({
        case: `webgpu generation, ${inputs.prompts[0].name}, ${settings.webgpuTokens} tokens`,
        backend,
        model: byTask.generation.hubId,
        dtype: 'fp32',
        rows: draft.tokenCount,
        unit: 'tokens',
        seconds: round(draft.totalMs / 1000),
        rowsPerSec: round(draft.steadyTokensPerSec, 2),
        first_token_ms: round(draft.firstTokenMs, 1),
        node_fp32_steady_tokens_per_sec: round(base.steadyTokensPerSec, 1),
        ...vsNode(draft.steadyTokensPerSec / base.steadyTokensPerSec, 'steady tokens/s, browser ÷ node fp32 (software GPU: reported, not asserted)'),
      });
    } catch (error) {
      record({ case: 'webgpu generation', backend, failed: error.message.split('\n')[0] });
    }
    record({
      case: 'webgpu fp16',
      backend,
      skipped: f16
        ? 'the adapter has shader-f16, but the stand-ins have no fp16 files (make_realsize.py writes fp32 and int8)'
        : 'the adapter has no shader-f16',
    });
  } finally {
    await app?.context.close();
    await rm(profile, { recursive: true, force: true });
  }
}

// ---------------------------------------------------------------- report

/** ratio_vs_node: above 1 = the browser is better (faster, or less memory). */
function vsNode(ratio, what) {
  return { ratio_vs_node: Number(ratio.toPrecision(2)), ratio_means: what };
}

function printFigures(ctx, rows) {
  const cells = rows.map((r) => {
    const browser = r.skipped
      ? `skipped: ${r.skipped}`
      : r.failed
        ? `failed: ${r.failed}`
        : r.longest_task_ms !== undefined
          ? `${r.seconds} s, longest task ${r.longest_task_ms} ms${r.input_to_paint_max_ms === undefined ? '' : `, input to paint ≤ ${r.input_to_paint_max_ms} ms`}`
          : r.steady_tokens_per_sec !== undefined
            ? `${r.steady_tokens_per_sec} tok/s, first ${r.first_token_ms} ms`
            : r.peak_rss_mib !== undefined
              ? `${r.peak_rss_mib} MiB peak (UASM ${r.measure_user_agent_specific_memory_mib})`
              : r.batch !== undefined || r.rowsPerSec !== undefined
                ? `${r.rowsPerSec} ${r.unit === 'tokens' ? 'tok/s' : 'rows/s'}`
                : `${r.seconds} s`;
    const native =
      r.node_steady_tokens_per_sec !== undefined
        ? `${r.node_steady_tokens_per_sec} tok/s, first ${r.node_first_token_ms} ms`
        : r.node_peak_rss_mib !== undefined
          ? `${r.node_peak_rss_mib} MiB peak`
          : r.node_rows_per_sec !== undefined
            ? `${r.node_rows_per_sec} rows/s`
            : r.node_fp32_rows_per_sec !== undefined
              ? `${r.node_fp32_rows_per_sec} rows/s fp32`
              : r.node_fp32_steady_tokens_per_sec !== undefined
                ? `${r.node_fp32_steady_tokens_per_sec} tok/s fp32`
                : r.node_seconds !== undefined
                  ? `${r.node_seconds} s`
                  : '';
    return [r.case, browser, native, r.ratio_vs_node === undefined ? '' : String(r.ratio_vs_node)];
  });
  const head = ['figure', 'chromium (SDK)', 'node (onnxruntime-node)', 'ratio'];
  const widths = head.map((h, i) => Math.max(h.length, ...cells.map((c) => c[i].length)));
  const line = (c) => c.map((v, i) => v.padEnd(widths[i])).join('  ');
  console.log(
    `\n[realsize] figures (ratio > 1: the browser is better)\n${line(head)}\n${widths.map((w) => '-'.repeat(w)).join('  ')}\n${cells.map(line).join('\n')}\n`,
  );
}
