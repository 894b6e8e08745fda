#!/usr/bin/env node
/**
 * Throughput benchmark (`npm run bench`): sentiment on real reviews, per runtime ("suite").
 *
 * Every suite measures the same 1,000 reviews (bench/datasets.mjs). The `node` suite
 * (transformers.js on onnxruntime-node) is the baseline measured in the same run: every result
 * gets `ratio_vs_node` = its rows/s ÷ the node rows/s at the same batch size, so figures from
 * different machines stay comparable.
 *
 * Adding a suite: a module exporting `async function run(ctx)` (see `makeContext` for ctx), and
 * an entry in SUITES. It reports with `ctx.record({...})` or by returning an array of results.
 */
import { existsSync } from 'node:fs';
import { mkdir, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, relative } from 'node:path';
import { performance } from 'node:perf_hooks';
import { pathToFileURL } from 'node:url';
import { loadAlexaReviews, MODELS_DIR, ROOT, SHARED_DIR } from './datasets.mjs';

const SENTIMENT_MODEL = 'tiny/distilbert-sentiment';
const RESULTS_DIR = join(ROOT, 'bench', 'results');

const USAGE = `Usage: npm run bench -- [options]

  --suites a,b     suites to run (default: node, browser, insights, customize, content;
                   realsize (issue 13) runs only when named: it makes ~1.9 GB of models)
  --rows N         reviews to classify (default 1000)
  --batch N        batch size of the batched runs (default 32)
  --repeat N       measure each case N times and keep the median (default 3)
  --quick          fewer rows and cases where a suite supports it (realsize: a smoke run)
  -h, --help       this text

Results: bench/results/latest.json (and a timestamped copy).`;

// ---------------------------------------------------------------- suites

/** Node: transformers.js's Node build on onnxruntime-node (CPU), the baseline of every ratio. */
const nodeSuite = {
  name: 'node',
  async run(ctx) {
    const { pipeline, env } = await import('@huggingface/transformers');
    // The tiny test models straight from the shared folder; never the Hub.
    env.localModelPath = ctx.modelsDir + '/';
    env.allowLocalModels = true;
    env.allowRemoteModels = false;

    const loadStart = performance.now();
    const classifier = await pipeline('sentiment-analysis', SENTIMENT_MODEL, { dtype: 'q8', device: 'cpu' });
    const loadSeconds = (performance.now() - loadStart) / 1000;
    ctx.log(`loaded ${SENTIMENT_MODEL} (q8) in ${loadSeconds.toFixed(2)} s`);

    // Warm-up, not timed: onnxruntime allocates its arenas for each new input shape and V8
    // compiles the tokenizer; measured here, the first pass over the data is ~2x slower.
    for (const text of ctx.texts.slice(0, 100)) await classifier(text);
    for (let i = 0; i < 128; i += ctx.batchSize) await classifier(ctx.texts.slice(i, i + ctx.batchSize));
    const common = { backend: 'onnxruntime-node (cpu)', model: SENTIMENT_MODEL, dtype: 'q8', loadSeconds };

    const single = await ctx.measure(async () => {
      const labels = [];
      for (const text of ctx.texts) labels.push((await classifier(text))[0].label);
      return labels;
    });
    ctx.record({ ...common, case: 'one-by-one', batchSize: 1, ...single.timing, accuracy: ctx.accuracy(single.value) });

    const batched = await ctx.measure(async () => {
      const labels = [];
      for (let i = 0; i < ctx.texts.length; i += ctx.batchSize) {
        const out = await classifier(ctx.texts.slice(i, i + ctx.batchSize));
        labels.push(...out.map((r) => r.label));
      }
      return labels;
    });
    // Padding to the longest text of a batch may shift a borderline score; more than a few
    // disagreements would mean the batching itself is wrong.
    const agreement = batched.value.filter((label, i) => label === single.value[i]).length / single.value.length;
    ctx.record({
      ...common,
      case: `batch ${ctx.batchSize}`,
      batchSize: ctx.batchSize,
      ...batched.timing,
      accuracy: ctx.accuracy(batched.value),
      agreement_vs_one_by_one: agreement,
    });

    // Same batches, but of similar lengths: padding to the longest text of a batch is what
    // makes unsorted batches slow on reviews (2 to 500+ tokens). Results go back in input order.
    const order = ctx.texts.map((_, i) => i).sort((a, b) => ctx.texts[a].length - ctx.texts[b].length);
    const sorted = await ctx.measure(async () => {
      const labels = new Array(ctx.texts.length);
      for (let i = 0; i < order.length; i += ctx.batchSize) {
        const ids = order.slice(i, i + ctx.batchSize);
        const out = await classifier(ids.map((id) => ctx.texts[id]));
        out.forEach((r, j) => (labels[ids[j]] = r.label));
      }
      return labels;
    });
    const sortedAgreement = sorted.value.filter((label, i) => label === single.value[i]).length / single.value.length;
    ctx.record({
      ...common,
      case: `batch ${ctx.batchSize} by length`,
      batchSize: ctx.batchSize,
      ...sorted.timing,
      accuracy: ctx.accuracy(sorted.value),
      agreement_vs_one_by_one: sortedAgreement,
    });

    await classifier.dispose();
  },
};

/** In order: node first, since every other suite's ratios need its figures. */
const SUITES = [
  { name: 'node', load: async () => nodeSuite },
  // Written separately; drives the app in Chromium through `window.llmaos`.
  { name: 'browser', file: join(ROOT, 'bench', 'browser.mjs') },
  { name: 'insights', file: join(ROOT, 'bench', 'insights.mjs') },
  { name: 'customize', file: join(ROOT, 'bench', 'customize.mjs') },
  { name: 'content', file: join(ROOT, 'bench', 'content.mjs') }, // generation, summaries, retrieval (issue 4)
  // Real-size stand-ins of the default models (issue 13); only when asked for by name.
  { name: 'realsize', file: join(ROOT, 'bench', 'realsize.mjs'), onlyByName: true },
];

// ---------------------------------------------------------------- harness

function parseArgs(argv) {
  const opts = { suites: undefined, rows: 1000, batch: 32, repeat: 3, quick: false };
  for (let i = 0; i < argv.length; i++) {
    const [flag, inline] = argv[i].includes('=') ? argv[i].split(/=(.*)/s) : [argv[i], undefined];
    const value = () => inline ?? argv[++i] ?? usageError(`${flag} needs a value`);
    const int = () => {
      const n = Number(value());
      return Number.isInteger(n) && n > 0 ? n : usageError(`${flag} needs a positive integer`);
    };
    switch (flag) {
      case '-h':
      case '--help':
        console.log(USAGE);
        process.exit(0);
        break;
      case '--suites':
        opts.suites = value()
          .split(',')
          .map((s) => s.trim())
          .filter(Boolean);
        break;
      case '--rows':
        opts.rows = int();
        break;
      case '--batch':
        opts.batch = int();
        break;
      case '--repeat':
        opts.repeat = int();
        break;
      case '--quick':
        opts.quick = true;
        break;
      default:
        usageError(`unknown argument: ${argv[i]}`);
    }
  }
  return opts;
}

function usageError(message) {
  console.error(`bench: ${message}\n\n${USAGE}`);
  process.exit(1);
}

const median = (values) => [...values].sort((a, b) => a - b)[Math.floor((values.length - 1) / 2)];

/**
 * What a suite gets. Everything a suite needs from outside comes through here, so suites stay
 * independent of each other and of where the repo is.
 */
function makeContext({ opts, reviews, results, suite }) {
  const texts = reviews.map((r) => r.text);
  return {
    root: ROOT,
    sharedDir: SHARED_DIR,
    /** ../shared/models: Hub-layout folders, e.g. `${modelsDir}/tiny/distilbert-sentiment`. */
    modelsDir: MODELS_DIR,
    dataset: 'amazon_alexa_reviews (first non-empty verified_reviews)',
    /** [{ text, rating, feedback }] and just the texts, same order. */
    reviews,
    texts,
    batchSize: opts.batch,
    repeat: opts.repeat,
    options: opts,
    /** Results recorded so far by earlier suites (node first): read baselines from here. */
    results,
    log: (...args) => console.log(`[${suite}]`, ...args),
    /** Adds one result row; `rows`, `seconds` and `rowsPerSec` are the figures compared. */
    record(entry) {
      results.push({ suite, rows: texts.length, ...entry });
    },
    /**
     * Runs `fn` `repeat` times; returns the last value and the median timing. `rows` is how many
     * rows one call processes (default: all texts).
     */
    async measure(fn, rows = texts.length) {
      const seconds = [];
      let value;
      for (let i = 0; i < opts.repeat; i++) {
        const start = performance.now();
        value = await fn();
        seconds.push((performance.now() - start) / 1000);
      }
      const s = median(seconds);
      return { value, timing: { rows, seconds: s, rowsPerSec: rows / s, ...(opts.repeat > 1 ? { runs: seconds } : {}) } };
    },
    /** Share of labels agreeing with the dataset's feedback (1 = POSITIVE, 0 = NEGATIVE). */
    accuracy(labels) {
      const right = labels.filter((label, i) => (String(label).toUpperCase().startsWith('POS') ? 1 : 0) === reviews[i].feedback).length;
      return right / labels.length;
    },
    /**
     * Imports a TypeScript module of the repo (Node 20 cannot strip types) through Vite's module
     * runner, e.g. `await ctx.importTs('test/e2e/support/chromium.ts')` for the shared
     * Chromium launch options.
     */
    async importTs(path) {
      const { runnerImport } = await import('vite');
      const { module } = await runnerImport(join(ROOT, path), { configFile: false, logLevel: 'silent' });
      return module;
    },
  };
}

/** ratio_vs_node: rows/s over the node suite's rows/s for the same case (1.0 for node itself). */
function addRatios(results) {
  for (const r of results) {
    // Same case name first (browser "batch 32 by length" vs node's), else same batch size.
    const node = results.filter((b) => b.suite === 'node' && b.rowsPerSec);
    const base = node.find((b) => b.case === r.case) ?? node.find((b) => b.batchSize === r.batchSize);
    if (base && r.rowsPerSec) r.ratio_vs_node = r.rowsPerSec / base.rowsPerSec;
  }
}

function printTable(results) {
  const rows = results.map((r) => [
    r.suite,
    r.case ?? '',
    r.backend ?? '',
    String(r.batchSize ?? ''),
    String(r.rows ?? ''),
    r.seconds?.toFixed(2) ?? '',
    r.rowsPerSec?.toFixed(1) ?? '',
    r.ratio_vs_node?.toFixed(2) ?? '',
    r.accuracy === undefined ? '' : r.accuracy.toFixed(3),
  ]);
  const head = ['suite', 'case', 'backend', 'batch', 'rows', 'seconds', 'rows/s', 'vs node', 'accuracy'];
  const widths = head.map((h, i) => Math.max(h.length, ...rows.map((r) => r[i].length)));
  const line = (cells) => cells.map((c, i) => (i >= 3 ? c.padStart(widths[i]) : c.padEnd(widths[i]))).join('  ');
  console.log(line(head));
  console.log(widths.map((w) => '-'.repeat(w)).join('  '));
  for (const r of rows) console.log(line(r));
}

async function main() {
  const opts = parseArgs(process.argv.slice(2));
  const available = SUITES.filter((s) => s.load || existsSync(s.file));
  const wanted = opts.suites ?? available.filter((s) => !s.onlyByName).map((s) => s.name);
  const unknown = wanted.filter((name) => !SUITES.some((s) => s.name === name));
  if (unknown.length) usageError(`unknown suite(s): ${unknown.join(', ')}`);

  const reviews = await loadAlexaReviews({ limit: opts.rows });
  console.log(`bench: ${reviews.length} reviews, batch ${opts.batch}, repeat ${opts.repeat}, suites: ${wanted.join(', ')}`);

  const results = [];
  const errors = [];
  for (const spec of SUITES.filter((s) => wanted.includes(s.name))) {
    if (!spec.load && !existsSync(spec.file)) {
      errors.push({ suite: spec.name, error: `${relative(ROOT, spec.file)} does not exist` });
      continue;
    }
    const start = performance.now();
    try {
      const suite = spec.load ? await spec.load() : await import(pathToFileURL(spec.file).href);
      const returned = await suite.run(makeContext({ opts, reviews, results, suite: spec.name }));
      if (Array.isArray(returned)) results.push(...returned.map((r) => ({ suite: spec.name, rows: reviews.length, ...r })));
      console.log(`[${spec.name}] done in ${((performance.now() - start) / 1000).toFixed(1)} s`);
    } catch (err) {
      // One broken suite must not lose the others' figures.
      console.error(`[${spec.name}] failed: ${err.stack ?? err}`);
      errors.push({ suite: spec.name, error: String(err.message ?? err) });
    }
  }
  addRatios(results);

  const report = {
    date: new Date().toISOString(),
    machine: { node: process.version, platform: `${os.platform()} ${os.arch()}`, cpus: os.availableParallelism(), cpuModel: os.cpus()[0]?.model },
    dataset: { name: 'amazon_alexa_reviews', rows: reviews.length },
    baseline: 'node suite (transformers.js + onnxruntime-node, same run, same batch size)',
    options: opts,
    results,
    errors,
  };
  await mkdir(RESULTS_DIR, { recursive: true });
  const json = JSON.stringify(report, null, 2) + '\n';
  await writeFile(join(RESULTS_DIR, 'latest.json'), json);
  await writeFile(join(RESULTS_DIR, `${report.date.replace(/[:.]/g, '-')}.json`), json);

  console.log();
  printTable(results);
  console.log(`\nwritten: ${relative(process.cwd(), join(RESULTS_DIR, 'latest.json'))}`);
  if (errors.length) {
    console.error(`failed suites: ${errors.map((e) => `${e.suite} (${e.error})`).join('; ')}`);
    process.exitCode = 1;
  }
}

await main();
