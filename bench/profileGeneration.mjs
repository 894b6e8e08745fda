#!/usr/bin/env node
/**
 * Where generation's time goes through the SDK (issue 13, point 2): the production build with the
 * real-size distilgpt2 stand-in (bench/realsizeModels.mjs), Chromium's sampling profiler attached
 * over CDP to the inference worker and to onnxruntime's thread workers, while `window.llmaos`
 * writes drafts. Prints self time grouped by where it is spent (onnxruntime's WASM, transformers.js,
 * the app's worker code, structured clone/messaging, GC, idle) and the top functions, and writes
 * the raw .cpuprofile files (open them in Chrome DevTools → Performance).
 *
 *   npm run build   # or: npx vite build --outDir dist-x; BENCH_OUT_DIR=dist-x
 *   node bench/profileGeneration.mjs [--tokens 64] [--drafts 5] [--prompt-tokens 40] [--port 4205] [--debug-port 4206]
 *   node bench/profileGeneration.mjs --task sentiment|embeddings [--rows 500] [--batch 32] [--dtype fp32]
 *   node bench/profileGeneration.mjs --task load [--model sentiment]
 *
 * With --task sentiment or embeddings it profiles the encoders instead (issue 13, point 3): one
 * `classify` or `embed` call over the first --rows reviews of the review mix (the Insights path).
 * With --task load it profiles a warm load from IndexedDB (issue 13, point 4): see profileLoad.
 *
 * Not a benchmark (the profiler itself slows things down); the realsize suite has the figures.
 */
import { spawnSync } from 'node:child_process';
import { mkdir, mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { loadReviewMix, ROOT, SHARED_DIR } from './datasets.mjs';
import { ensureStandIns, standInServer } from './realsizeModels.mjs';

// Node 20 has WebSocket only behind a flag: run again with it.
if (typeof WebSocket === 'undefined') {
  const again = spawnSync(process.execPath, ['--experimental-websocket', fileURLToPath(import.meta.url), ...process.argv.slice(2)], { stdio: 'inherit' });
  process.exit(again.status ?? 1);
}

const args = Object.fromEntries(
  process.argv.slice(2).reduce((pairs, arg, i, all) => (arg.startsWith('--') ? [...pairs, [arg.slice(2), all[i + 1]]] : pairs), []),
);
const TOKENS = Number(args.tokens ?? 64);
const DRAFTS = Number(args.drafts ?? 5);
const PROMPT_TOKENS = Number(args['prompt-tokens'] ?? 40);
const PORT = Number(args.port ?? 4205);
const DEBUG_PORT = Number(args['debug-port'] ?? PORT + 1);
const TASK = args.task ?? 'generation';
const ROWS = Number(args.rows ?? 500);
const BATCH = Number(args.batch ?? 32);
const OUT = resolve(ROOT, 'bench', 'results', 'profiles');

/** A minimal flat-session CDP client over the browser's WebSocket. */
async function connectCdp(url) {
  const socket = new WebSocket(url);
  await new Promise((ok, fail) => {
    socket.onopen = ok;
    socket.onerror = () => fail(new Error(`CDP: cannot connect to ${url}`));
  });
  let next = 1;
  const pending = new Map();
  const listeners = [];
  socket.onmessage = ({ data }) => {
    const message = JSON.parse(data);
    if (message.id && pending.has(message.id)) {
      const { ok, fail } = pending.get(message.id);
      pending.delete(message.id);
      if (message.error) fail(new Error(`CDP ${message.error.message}`));
      else ok(message.result);
    } else if (message.method) for (const listener of listeners) listener(message);
  };
  return {
    send: (method, params = {}, sessionId) =>
      new Promise((ok, fail) => {
        const id = next++;
        pending.set(id, { ok, fail });
        socket.send(JSON.stringify({ id, method, params, ...(sessionId ? { sessionId } : {}) }));
      }),
    on: (listener) => listeners.push(listener),
    close: () => socket.close(),
  };
}

/** Self time per category and per function of one .cpuprofile. */
function summarize(profile) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map();
  const deltas = profile.timeDeltas;
  profile.samples.forEach((id, i) => self.set(id, (self.get(id) ?? 0) + (deltas[i + 1] ?? 0)));
  const categories = new Map();
  const functions = new Map();
  let total = 0;
  for (const [id, us] of self) {
    const { callFrame } = byId.get(id);
    const name = callFrame.functionName || '(anonymous)';
    const url = callFrame.url || '';
    const category =
      name === '(idle)'
        ? 'idle (waiting)'
        : name === '(program)'
          ? 'native (program: messaging, structured clone, compile)'
          : name === '(garbage collector)'
            ? 'garbage collector'
            : url.startsWith('wasm://') || /^(\$|wasm-function)/.test(name)
              ? 'onnxruntime WASM'
              : /ort[-.]|onnxruntime/i.test(url)
                ? 'onnxruntime JS glue'
                : /transformers/i.test(url)
                  ? 'transformers.js'
                  : url
                    ? `JS: ${url.replace(/^.*\//, '').replace(/-[\w]{8}\.js$/, '.js')}`
                    : `native: ${name}`;
    categories.set(category, (categories.get(category) ?? 0) + us);
    const key = `${name} ${url.replace(/^.*\//, '')}:${callFrame.lineNumber}`;
    functions.set(key, (functions.get(key) ?? 0) + us);
    total += us;
  }
  const top = (map, n) =>
    [...map]
      .sort((a, b) => b[1] - a[1])
      .slice(0, n)
      .map(([k, us]) => ({ what: k, ms: Math.round(us / 1000), share: Number((us / total).toFixed(3)) }));
  return { totalMs: Math.round(total / 1000), categories: top(categories, 12), functions: top(functions, 15) };
}

/** Self time per 250 ms window of one profile: where a long stretch goes, in order. */
function timeline(profile, windowMs = 250) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const windows = [];
  let t = profile.startTime;
  profile.samples.forEach((id, i) => {
    t += profile.timeDeltas[i] ?? 0;
    const at = Math.floor((t - profile.startTime) / 1000 / windowMs);
    const { callFrame } = byId.get(id);
    const name = callFrame.url.startsWith('wasm://') ? 'wasm' : callFrame.functionName || '(anonymous)';
    const key = `${name} ${callFrame.url.replace(/^.*\//, '')}`.trim();
    const bucket = (windows[at] ??= new Map());
    bucket.set(key, (bucket.get(key) ?? 0) + (profile.timeDeltas[i + 1] ?? 0));
  });
  return windows.map((bucket, i) => {
    const top = [...(bucket ?? new Map())].sort((a, b) => b[1] - a[1]).slice(0, 3);
    return `${(i * windowMs) / 1000}s: ${top.map(([k, us]) => `${k} ${Math.round(us / 1000)}ms`).join(' | ')}`;
  });
}

/**
 * Issue 13 point 4: where a warm load's time goes. Loads the sentiment model once (into the weight
 * cache), reloads the page, then profiles every worker of the page while the model loads as the
 * first model of the new worker, and again after an unload (runtime running). Workers are profiled
 * from when they attach, not paused at start (holding onnxruntime's thread at start hangs it).
 */
async function profileLoad(page, cdp) {
  const task = args.model ?? 'sentiment';
  const load = () =>
    page.evaluate(async (task) => {
      const started = performance.now();
      const phases = [];
      const info = await window.llmaos.models.load(task, {
        onLoadProgress: (p) => phases.at(-1)?.[0] !== p.phase && phases.push([p.phase, Math.round(performance.now() - started)]),
      });
      return { ms: Math.round(performance.now() - started), phases: phases.map(([p, ms]) => `${p} at ${ms} ms`), modelId: info.modelId };
    }, task);
  console.log('cold load', await load());
  const sessions = new Map();
  cdp.on(async (m) => {
    if (m.method === 'Target.detachedFromTarget') sessions.delete(m.params.sessionId);
    if (m.method !== 'Target.attachedToTarget' || m.params.targetInfo.type !== 'worker') return;
    const session = m.params.sessionId;
    sessions.set(session, m.params.targetInfo.url);
    try {
      await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, session);
      await cdp.send('Profiler.enable', {}, session);
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 }, session);
      await cdp.send('Profiler.start', {}, session);
    } catch (error) {
      // A worker of the page before the reload, gone while being attached.
      console.log(`worker ${m.params.targetInfo.url} not profiled: ${error.message}`);
      sessions.delete(session);
    }
  });
  const { targetInfos } = await cdp.send('Target.getTargets');
  const pageTarget = targetInfos.find((t) => t.type === 'page' && t.url.includes(`:${PORT}/`));
  const { sessionId: pageSession } = await cdp.send('Target.attachToTarget', { targetId: pageTarget.targetId, flatten: true });
  await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, pageSession);
  sessions.clear();
  await page.reload();
  await page.waitForFunction(() => Boolean(window.llmaos));
  await page.waitForTimeout(3000);
  const collect = async (label) => {
    const report = [];
    await mkdir(OUT, { recursive: true });
    for (const [session, url] of sessions) {
      const name = url.replace(/^.*\//, '').replace(/\?.*$/, '');
      let profile;
      try {
        ({ profile } = await cdp.send('Profiler.stop', {}, session));
      } catch (error) {
        // A worker that ended since it attached (e.g. an onnxruntime thread of an old worker).
        console.log(`${label}: no profile from ${name}: ${error.message}`);
        continue;
      }
      const file = join(OUT, `load-${label}-${name}-${session.slice(0, 6)}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      const summary = summarize(profile);
      if (summary.totalMs === 0) continue;
      report.push({ worker: name, file, ...summary, timeline: /inference/.test(name) ? timeline(profile) : undefined });
      await cdp.send('Profiler.start', {}, session);
    }
    return report;
  };
  await collect('idle'); // restarts the profilers: what follows is the load alone
  const first = await load();
  const firstReport = await collect('first');
  await page.evaluate((modelId) => window.llmaos.models.unload(modelId), first.modelId);
  await page.waitForTimeout(1000);
  await collect('unload');
  const again = await load();
  const againReport = await collect('again');
  const report = { task: 'load', model: task, first: { ...first, workers: firstReport }, again: { ...again, workers: againReport } };
  await writeFile(join(OUT, 'load-summary.json'), JSON.stringify(report, null, 2) + '\n');
  console.log(JSON.stringify(report, null, 2));
}

async function main() {
  const outDir = resolve(ROOT, process.env.BENCH_OUT_DIR ?? 'dist');
  const modelsDir = await ensureStandIns({ root: ROOT, sharedDir: SHARED_DIR, log: console.log });
  const { preview } = await import('vite');
  const server = await preview({
    root: ROOT,
    logLevel: 'warn',
    plugins: [standInServer(modelsDir)],
    build: { outDir },
    preview: { port: PORT, strictPort: true, host: '127.0.0.1' },
  });
  const { chromium } = await import('playwright-core');
  const { runnerImport } = await import('vite');
  const { module: chromiumSupport } = await runnerImport(join(ROOT, 'test/e2e/support/chromium.ts'), { configFile: false, logLevel: 'silent' });
  const profileDir = await mkdtemp(join(os.tmpdir(), 'llmaos-profile-'));
  const launch = chromiumSupport.chromiumLaunchOptions({ args: [`--remote-debugging-port=${DEBUG_PORT}`] });
  const context = await chromium.launchPersistentContext(profileDir, launch);
  const cdp = await connectCdp((await (await fetch(`http://127.0.0.1:${DEBUG_PORT}/json/version`)).json()).webSocketDebuggerUrl);
  try {
    const page = context.pages()[0] ?? (await context.newPage());
    // Not Write: it would load the stored generator in the background (models.prepare) beside the profile.
    await page.goto(`http://127.0.0.1:${PORT}/?preset=default&backend=wasm#/classify`);
    await page.waitForFunction(() => Boolean(window.llmaos));
    if (!['generation', 'sentiment', 'embeddings', 'load'].includes(TASK)) throw new Error(`--task: generation, sentiment, embeddings or load, not ${TASK}`);
    if (TASK === 'load') return await profileLoad(page, cdp);
    if (args.dtype) {
      // The assigned model's catalog entry again with another WASM dtype (an experiment: e.g. fp32).
      await page.evaluate(
        ({ task, dtype }) => {
          const entry = window.llmaos.models.list().find((m) => m.id === window.llmaos.models.assignment()[task]);
          window.llmaos.models.add({ ...entry, dtype: { ...entry.dtype, wasm: dtype } });
        },
        { task: TASK, dtype: args.dtype },
      );
    }
    const info = await page.evaluate((task) => window.llmaos.models.load(task), TASK);
    console.log(`loaded ${info.modelId} (${info.dtype}, ${info.backend})`);

    // Workers: attach to every worker of the page (the inference worker and onnxruntime's threads).
    const workers = new Map();
    cdp.on((m) => {
      if (m.method === 'Target.attachedToTarget' && m.params.targetInfo.type === 'worker') workers.set(m.params.sessionId, m.params.targetInfo.url);
    });
    const { targetInfos } = await cdp.send('Target.getTargets');
    const pageTarget = targetInfos.find((t) => t.type === 'page' && t.url.includes(`:${PORT}/`));
    const { sessionId: pageSession } = await cdp.send('Target.attachToTarget', { targetId: pageTarget.targetId, flatten: true });
    await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, pageSession);
    await new Promise((r) => setTimeout(r, 500));
    // onnxruntime's threads are workers of the inference worker: attach one level further down.
    for (const session of [...workers.keys()])
      await cdp.send('Target.setAutoAttach', { autoAttach: true, waitForDebuggerOnStart: false, flatten: true }, session);
    await new Promise((r) => setTimeout(r, 500));
    console.log(`workers: ${[...workers.values()].map((u) => u.replace(/^.*\//, '')).join(', ')}`);

    const prompt =
      'Product: Acme Buds\nAudience: commuters\nTone: friendly\nKey features:\n- Noise cancelling\n- 30 hour battery\n- Water resistant\n\nProduct description: '.repeat(
        4,
      );
    const draft = () =>
      page.evaluate(
        async ({ prompt, tokens, promptTokens }) => {
          // The prompt cut to `promptTokens` GPT-2 tokens, as the realsize suite's short prompt.
          const counted = await window.llmaos.countTokens([prompt], { task: 'generation' });
          const text = counted.counts[0] > promptTokens ? prompt.slice(0, Math.floor((prompt.length * promptTokens) / counted.counts[0])) : prompt;
          const started = performance.now();
          let first = -1;
          const stream = window.llmaos.generate(text, { maxNewTokens: tokens, minNewTokens: tokens });
          for await (const _ of stream) if (first < 0) first = performance.now() - started;
          const result = await stream.result;
          const total = performance.now() - started;
          return { first, total, steady: (result.tokenCount - 1) / ((total - first) / 1000), worker: result };
        },
        { prompt, tokens: TOKENS, promptTokens: PROMPT_TOKENS },
      );

    const texts = TASK === 'generation' ? [] : (await loadReviewMix({ limit: ROWS })).map((row) => row.text);
    const encode = () =>
      page.evaluate(
        async ({ op, texts, batch }) => {
          await window.llmaos[op](texts.slice(0, 32), { batchSize: batch }); // warm-up, outside the figure
          const started = performance.now();
          await window.llmaos[op](texts, { batchSize: batch });
          const seconds = (performance.now() - started) / 1000;
          return { rows: texts.length, seconds, rowsPerSec: texts.length / seconds };
        },
        { op: TASK === 'sentiment' ? 'classify' : 'embed', texts, batch: BATCH },
      );

    for (const session of workers.keys()) {
      await cdp.send('Profiler.enable', {}, session);
      await cdp.send('Profiler.setSamplingInterval', { interval: 200 }, session);
      await cdp.send('Profiler.start', {}, session);
    }
    const drafts = [];
    const encoded = TASK === 'generation' ? null : await encode();
    for (let i = 0; TASK === 'generation' && i < DRAFTS; i++) drafts.push(await draft());
    await mkdir(OUT, { recursive: true });
    const report = {
      task: TASK,
      ...(encoded
        ? { encoder: { ...encoded, batch: BATCH } }
        : {
            tokens: TOKENS,
            drafts: drafts.map((d) => ({
              firstTokenMs: Math.round(d.first),
              steadyTokensPerSec: Number(d.steady.toFixed(1)),
              workerTotalMs: Math.round(d.worker.totalMs),
            })),
          }),
      workers: [],
    };
    for (const [session, url] of workers) {
      const { profile } = await cdp.send('Profiler.stop', {}, session);
      const name = url.replace(/^.*\//, '').replace(/\?.*$/, '');
      const file = join(OUT, `${TASK}-${name}-${session.slice(0, 6)}.cpuprofile`);
      await writeFile(file, JSON.stringify(profile));
      report.workers.push({ worker: name, file, ...summarize(profile) });
    }
    await writeFile(join(OUT, `${TASK}-summary.json`), JSON.stringify(report, null, 2) + '\n');
    console.log(JSON.stringify(report, null, 2));
  } finally {
    cdp.close();
    await context.close();
    await server.close();
    await rm(profileDir, { recursive: true, force: true });
  }
}

await main();
