#!/usr/bin/env node
/**
 * Where the encoders' gap to native is (issue 13, point 3): onnxruntime's own per-operator profile
 * (`enableProfiling`) of one real-size stand-in, on onnxruntime-node and on onnxruntime-web (WASM,
 * 2 threads, cross-origin isolated, in Debian's Chromium), same model file, same input shape, the
 * same onnxruntime versions transformers.js uses. Prints kernel time per operator type for the
 * last of a few runs and the node ÷ web ratio of each, and writes the table as JSON.
 *
 *   node bench/profileOps.mjs [--model sentiment|embeddings] [--shapes 64x48,16x256] [--runs 4] [--dtype q8|fp32]
 *
 * It calls onnxruntime directly, without transformers.js or the app: the kernels' ceiling. The
 * realsize suite's encoder rows (through the SDK) say how close the app gets to it. Not a
 * benchmark: profiling slows both sides a little (the web side prints every event to the console).
 */
import http from 'node:http';
import { createRequire } from 'node:module';
import { mkdir, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { extname, join } from 'node:path';
import { ROOT, SHARED_DIR } from './datasets.mjs';
import { ensureStandIns, STAND_INS } from './realsizeModels.mjs';

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const TASK = args.model ?? 'sentiment';
const SHAPES = (args.shapes ?? '64x48,16x256').split(',').map((s) => s.split('x').map(Number));
const RUNS = Number(args.runs ?? 4);
const DTYPE = args.dtype ?? 'q8';
const PORT = Number(args.port ?? 4215);
const ORT_WEB_DIST = join(ROOT, 'node_modules', 'onnxruntime-web', 'dist');
const OUT = join(ROOT, 'bench', 'results', 'profiles');

const standIn = STAND_INS.find((s) => s.task === TASK && s.files.length === 2);
if (!standIn) throw new Error(`--model: sentiment or embeddings, not ${TASK}`);
const modelsDir = await ensureStandIns({ root: ROOT, sharedDir: SHARED_DIR, log: (line) => console.log(line) });
const modelFile = join(modelsDir, 'realsize', standIn.folder, 'onnx', DTYPE === 'fp32' ? 'model.onnx' : 'model_quantized.onnx');

/** The same token ids on both sides: vocabulary ids in a fixed pattern, no padding. */
function inputsFor(names, rows, width, Tensor) {
  const ids = BigInt64Array.from({ length: rows * width }, (_, i) => BigInt(1000 + ((i * 7919) % 20000)));
  const feeds = {};
  for (const name of names) {
    const data = name === 'input_ids' ? ids : new BigInt64Array(rows * width).fill(name === 'attention_mask' ? 1n : 0n);
    feeds[name] = new Tensor('int64', data, [rows, width]);
  }
  return feeds;
}

/** Each run's milliseconds (Node and, passed as source, the page: both sides time alike). */
async function timeRuns(session, feeds, runs) {
  const times = [];
  for (let i = 0; i < runs; i++) {
    const started = performance.now();
    await session.run(feeds);
    times.push(performance.now() - started);
  }
  return times;
}

/** Kernel microseconds per operator type inside the last `model_run` of an onnxruntime profile. */
function kernelTimeByOp(events) {
  const runs = events.filter((e) => e.cat === 'Session' && e.name === 'model_run');
  const last = runs.at(-1);
  if (!last) throw new Error('the profile holds no model_run');
  const byOp = {};
  for (const e of events) {
    if (e.cat !== 'Node' || !e.name.endsWith('_kernel_time') || e.ts < last.ts || e.ts > last.ts + last.dur) continue;
    const op = e.args?.op_name ?? '?';
    byOp[op] = (byOp[op] ?? 0) + e.dur;
  }
  return { runUs: last.dur, byOp };
}

/** Run times with profiling off, then the profile of a second session's runs. */
async function profileNode(rows, width) {
  // The onnxruntime-node transformers.js runs on (the realsize suite's baseline), not a copy of our own.
  const ort = createRequire(createRequire(import.meta.url).resolve('@huggingface/transformers'))('onnxruntime-node');
  const feeds = (session) => inputsFor(session.inputNames, rows, width, ort.Tensor);
  const plain = await ort.InferenceSession.create(modelFile);
  const plainTimes = await timeRuns(plain, feeds(plain), RUNS);
  await plain.release();
  const prefix = join(OUT, `ops-node-${TASK}`);
  const session = await ort.InferenceSession.create(modelFile, { enableProfiling: true, profileFilePrefix: prefix });
  const times = await timeRuns(session, feeds(session), RUNS);
  // onnxruntime-node returns nothing from endProfiling: the file is `<prefix>_<date>.json`.
  session.endProfiling();
  await session.release();
  const [file] = (await readdir(OUT)).filter((name) => name.startsWith(`ops-node-${TASK}_`));
  if (!file) throw new Error(`onnxruntime-node wrote no profile into ${OUT}`);
  const events = JSON.parse(await readFile(join(OUT, file), 'utf8'));
  await rm(join(OUT, file));
  return { plainTimes, times, ...kernelTimeByOp(events) };
}

/** A page with onnxruntime-web's files and the model, cross-origin isolated (for WASM threads). */
function startServer() {
  const types = { '.mjs': 'text/javascript', '.wasm': 'application/wasm', '.onnx': 'application/octet-stream' };
  const server = http.createServer(async (req, res) => {
    const path = new URL(req.url ?? '/', 'http://localhost').pathname;
    const file = path === '/model.onnx' ? modelFile : path.startsWith('/ort/') && !path.includes('..') ? join(ORT_WEB_DIST, path.slice(5)) : null;
    const body = path === '/' ? Buffer.from('<!doctype html><title>ops</title>') : file ? await readFile(file).catch(() => null) : null;
    if (!body) return res.writeHead(404).end();
    res.writeHead(200, {
      'content-type': types[extname(path)] ?? 'text/html',
      'cross-origin-opener-policy': 'same-origin',
      'cross-origin-embedder-policy': 'require-corp',
    });
    res.end(body);
  });
  return new Promise((ok) => server.listen(PORT, '127.0.0.1', () => ok(server)));
}

async function profileWeb(page, rows, width) {
  const lines = [];
  const onConsole = (message) => lines.push(message.text());
  page.on('console', onConsole);
  const { plainTimes, times, isolated, threads } = await page.evaluate(
    async ({ rows, width, runs, sources, ortModule }) => {
      const ort = await import(ortModule);
      ort.env.wasm.numThreads = 2;
      ort.env.wasm.wasmPaths = '/ort/';
      const [inputsFor, timeRuns] = sources.map((source) => (0, eval)(`(${source})`));
      const feeds = (session) => inputsFor(session.inputNames, rows, width, ort.Tensor);
      // As the app's worker runs it (src/workers/browserPlatform.ts): the plain SIMD-threaded build.
      const plain = await ort.InferenceSession.create('/model.onnx', { executionProviders: ['wasm'] });
      const plainTimes = await timeRuns(plain, feeds(plain), runs);
      await plain.release();
      const session = await ort.InferenceSession.create('/model.onnx', { executionProviders: ['wasm'], enableProfiling: true });
      const times = await timeRuns(session, feeds(session), runs);
      // WASM onnxruntime prints the profile's events to the console, one per line.
      await session.endProfiling();
      await session.release();
      return { plainTimes, times, isolated: crossOriginIsolated, threads: ort.env.wasm.numThreads };
    },
    { rows, width, runs: RUNS, sources: [`${inputsFor}`, `${timeRuns}`], ortModule: '/ort/ort.wasm.min.mjs' },
  );
  page.off('console', onConsole);
  if (!isolated || threads !== 2) throw new Error(`the page is not running 2 WASM threads (isolated ${isolated}, threads ${threads})`);
  const events = lines.flatMap((line) => {
    const text = line.trim().replace(/,$/, '');
    if (!text.startsWith('{')) return [];
    try {
      return [JSON.parse(text)];
    } catch {
      return [];
    }
  });
  return { plainTimes, times, ...kernelTimeByOp(events) };
}

function table(node, web) {
  const ops = [...new Set([...Object.keys(node.byOp), ...Object.keys(web.byOp)])].sort((a, b) => (web.byOp[b] ?? 0) - (web.byOp[a] ?? 0));
  const webTotal = Object.values(web.byOp).reduce((sum, us) => sum + us, 0);
  return ops.map((op) => {
    const nodeMs = (node.byOp[op] ?? 0) / 1000;
    const webMs = (web.byOp[op] ?? 0) / 1000;
    return {
      op,
      nodeMs: +nodeMs.toFixed(1),
      webMs: +webMs.toFixed(1),
      nodeOverWeb: webMs ? +(nodeMs / webMs).toFixed(2) : null,
      webShare: +((web.byOp[op] ?? 0) / webTotal).toFixed(3),
    };
  });
}

await mkdir(OUT, { recursive: true });
const server = await startServer();
const { chromium } = await import('playwright-core');
const { runnerImport } = await import('vite');
const { module: chromiumSupport } = await runnerImport(join(ROOT, 'test/e2e/support/chromium.ts'), { configFile: false, logLevel: 'silent' });
const browser = await chromium.launch(chromiumSupport.chromiumLaunchOptions());
const results = [];
try {
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${PORT}/`);
  for (const [rows, width] of SHAPES) {
    const node = await profileNode(rows, width);
    const web = await profileWeb(page, rows, width);
    const ops = table(node, web);
    // The fastest run with profiling off: what the kernels do when nothing watches them.
    const plainMs = { node: +Math.min(...node.plainTimes).toFixed(1), web: +Math.min(...web.plainTimes).toFixed(1) };
    const runMs = { node: +(node.runUs / 1000).toFixed(1), web: +(web.runUs / 1000).toFixed(1) };
    const plainRatio = +(plainMs.node / plainMs.web).toFixed(2);
    results.push({ model: standIn.hubId, dtype: DTYPE, rows, width, plainMs, plainNodeOverWeb: plainRatio, profiledRunMs: runMs, node, web, ops });
    console.log(`\n${TASK} ${DTYPE}, input [${rows}, ${width}]: fastest run node ${plainMs.node} ms, web ${plainMs.web} ms, node ÷ web ${plainRatio}`);
    console.log(`profiled run: node ${runMs.node} ms, web ${runMs.web} ms`);
    console.log(`${'operator'.padEnd(26)}${'node ms'.padStart(9)}${'web ms'.padStart(9)}${'node÷web'.padStart(10)}${'web share'.padStart(11)}`);
    for (const row of ops.filter((r) => r.webShare >= 0.002)) {
      console.log(
        `${row.op.padEnd(26)}${row.nodeMs.toFixed(1).padStart(9)}${row.webMs.toFixed(1).padStart(9)}${String(row.nodeOverWeb ?? '-').padStart(10)}${`${(100 * row.webShare).toFixed(1)}%`.padStart(11)}`,
      );
    }
  }
} finally {
  await browser.close();
  server.close();
}
const file = join(OUT, `ops-${TASK}-${DTYPE}.json`);
await writeFile(file, `${JSON.stringify({ chromium: browser.version(), results }, null, 2)}\n`);
console.log(`\nwritten: ${file}`);
