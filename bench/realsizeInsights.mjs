/**
 * Insights at real size (issue 13 point 6): the Insights panel, driven as a user drives it, runs
 * the review mix (5,000 rows by default) with the real-size sentiment and embedding stand-ins,
 * and the bench reports what the user feels while it runs:
 *   - main-thread long tasks (PerformanceObserver 'longtask'), per stage; the bar is 50 ms. The
 *     five longest carry the scripts the Long Animation Frames API saw in them (only scripts over
 *     5 ms are listed, so a task of style, layout or garbage collection shows none);
 *   - the ETA the progress bar shows: when it first appears, and how far its predicted finish
 *     was from the real one at the first estimate, at a quarter and at half of the rows;
 *   - the table and charts while it runs: every few seconds the bench types in the table's search
 *     box, clicks a bar of the sentiment chart and clears the filter; the Event Timing API gives
 *     each input's time to the next paint (what INP measures; 200 ms is "good"). Clicks are paced
 *     as a hand makes them (see humanClick);
 *   - the main thread's time in tasks over the run, and its CPU time (Chromium's Performance
 *     metrics): on 2 cores a task may wait for one while onnxruntime's threads hold both, so a
 *     long task is the page's work and that wait; the share tells them apart.
 * There is no native baseline for these: they are the page's own responsiveness. `threads` is the
 * Settings thread policy the run uses (`auto`, or `leave-a-core`: one core left to the page).
 * BENCH_REALSIZE_PROFILE=<file> also writes the main thread's CPU profile of the run.
 * BENCH_REALSIZE_TRACE=<file.json> also records a Chromium trace of the run (events of 1 ms or
 * more; DevTools' Performance panel opens the file) and gives each task over 50 ms on the page's
 * main thread what the trace saw in it (garbage collection, style, layout, paint and scripts)
 * and the CPU time the thread had in it: what the Long Animation Frames API does not name.
 * Tracing slows the page a little, so its figures are for diagnosis, not for the table.
 */
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import os from 'node:os';
import { join } from 'node:path';
import { round } from './numbers.mjs';

const PROBE_EVERY_MS = 5_000;
const SAMPLE_EVERY_MS = 1_000;
const RUN_TIMEOUT_MS = 40 * 60_000;

export async function insightsSuite(ctx, { chromium, chromiumLaunchOptions, profile, baseUrl, summarizer, texts, threads, record }) {
  const context = await chromium.launchPersistentContext(profile, chromiumLaunchOptions({}));
  const folder = await mkdtemp(join(os.tmpdir(), 'llmaos-realsize-insights-'));
  try {
    await context.addInitScript(() => {
      const perf = { longTasks: [], events: [], frames: [] };
      window.__realsizePerf = perf;
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) perf.longTasks.push({ start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'longtask', buffered: true });
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) perf.events.push({ name: entry.name, start: entry.startTime, duration: entry.duration });
      }).observe({ type: 'event', durationThreshold: 16, buffered: true });
      // Long animation frames name the scripts that ran in them: what a long task was.
      new PerformanceObserver((list) => {
        for (const entry of list.getEntries()) {
          perf.frames.push({
            start: entry.startTime,
            duration: entry.duration,
            renderStart: entry.renderStart,
            scripts: entry.scripts.map((script) => ({
              invoker: script.invoker,
              source: `${script.sourceURL.split('/').pop()}${script.sourceFunctionName ? ` ${script.sourceFunctionName}` : ''}@${script.sourceCharPosition}`,
              start: script.startTime,
              duration: script.duration,
              layout: script.forcedStyleAndLayoutDuration,
            })),
          });
        }
      }).observe({ type: 'long-animation-frame', buffered: true });
    });
    const page = context.pages()[0] ?? (await context.newPage());
    page.on('pageerror', (error) => ctx.log('[insights] page error:', error.message));
    await page.goto(`${baseUrl}/?preset=default&backend=wasm&threads=${threads}#/insights`);
    await page.waitForFunction(() => Boolean(window.llmaos));
    await page.evaluate((id) => window.llmaos.models.assign('summarization', id), summarizer);
    const { wasmThreads } = await page.evaluate(() => window.llmaos.environment());
    const backend = `chromium wasm, ${wasmThreads} threads (Settings: ${threads}), the Insights panel`;
    ctx.log(`[insights] thread policy ${threads}: ${wasmThreads} WASM threads`);

    const file = join(folder, `reviews-${texts.length}.csv`);
    await writeFile(file, 'review\r\n' + texts.map((text) => `"${text.replace(/"/g, '""')}"`).join('\r\n') + '\r\n');
    await page.getByTestId('insights-import-input').setInputFiles(file);
    await page.getByTestId('insights-mapping').waitFor();
    await page.getByTestId('insights-mapping-text').selectOption('review');
    await page.getByTestId('insights-import-confirm').click();
    await page.getByTestId('insights-active').waitFor();
    const rows = Number(await page.getByTestId('insights-table-count').getAttribute('data-total'));

    await page.evaluate(() => new Promise((done) => requestIdleCallback(() => done(null), { timeout: 10_000 })));
    // BENCH_REALSIZE_PROFILE=<file.cpuprofile>: the main thread's CPU profile of the run, to see
    // what a long task was (open it in Chromium's DevTools, Performance panel).
    const profiler = process.env.BENCH_REALSIZE_PROFILE ? await context.newCDPSession(page) : null;
    if (profiler) {
      await profiler.send('Profiler.enable');
      await profiler.send('Profiler.start');
    }
    const tracer = process.env.BENCH_REALSIZE_TRACE ? await startTrace(context, page, process.env.BENCH_REALSIZE_TRACE) : null;
    const metrics = await context.newCDPSession(page);
    await metrics.send('Performance.enable');
    const mainBefore = await mainThreadTimes(metrics);
    const started = await page.evaluate(() => performance.now());
    await humanClick(page, page.getByTestId('insights-run-sentiment'));

    const samples = [];
    let lastProbe = 0;
    let probes = 0;
    for (;;) {
      const sample = await page.evaluate(() => {
        const progress = document.querySelector('[data-testid="insights-progress"]');
        const attr = (name) => progress?.getAttribute(name) ?? null;
        return {
          at: performance.now(),
          complete: document.querySelector('[data-testid="insights-run"]')?.getAttribute('data-complete') === 'true',
          stage: attr('data-stage'),
          done: Number(attr('data-done')),
          total: Number(attr('data-total')),
          etaMs: attr('data-eta-ms') === null ? null : Number(attr('data-eta-ms')),
          error: document.querySelector('[data-testid="insights-run-error"]')?.textContent ?? null,
        };
      });
      samples.push(sample);
      if (sample.complete) break;
      if (sample.error) throw new Error(`the run failed: ${sample.error}`);
      if (sample.at - started > RUN_TIMEOUT_MS) throw new Error(`the run did not finish in ${RUN_TIMEOUT_MS / 60_000} minutes`);
      if (sample.at - lastProbe >= PROBE_EVERY_MS && (await useTableAndCharts(page))) {
        lastProbe = sample.at;
        probes++;
      }
      await page.waitForTimeout(SAMPLE_EVERY_MS);
    }
    const finished = samples[samples.length - 1].at;
    // Read before the profiler stops: building its profile is work the run did not do.
    const mainAfter = await mainThreadTimes(metrics);
    if (profiler) {
      const { profile } = await profiler.send('Profiler.stop');
      await writeFile(process.env.BENCH_REALSIZE_PROFILE, JSON.stringify(profile));
      ctx.log(`main-thread CPU profile: ${process.env.BENCH_REALSIZE_PROFILE}`);
    }
    const traced = tracer ? await tracer.stop() : null;
    const perf = await page.evaluate(() => window.__realsizePerf);
    const during = (from, to) => perf.longTasks.filter((t) => t.start >= from && t.start <= to);
    const longest = (tasks) => longestTasks(tasks, started, perf.frames);

    const stages = stageWindows(samples, started, finished);
    for (const stage of stages) {
      const tasks = during(stage.from, stage.to);
      const seconds = (stage.to - stage.from) / 1000;
      record({
        case: `insights at real size, ${rows} rows, threads ${threads}: ${stage.name}`,
        backend,
        rows: stage.rows ?? null,
        seconds: round(seconds),
        ...(stage.rows ? { rowsPerSec: round(stage.rows / seconds, 1) } : {}),
        longest_task_ms: round(Math.max(0, ...tasks.map((t) => t.duration)), 0),
        tasks_over_50ms: tasks.length,
        longest_tasks: longest(tasks),
        ...(stage.rows ? { eta: etaAccuracy(samples, stage) } : {}),
      });
    }
    const inputs = perf.events.filter((e) => e.start >= started && e.start <= finished && INPUT_EVENTS.has(e.name));
    const durations = inputs.map((e) => e.duration).sort((a, b) => a - b);
    const allTasks = during(started, finished);
    const whole = record({
      case: `insights at real size, ${rows} rows, threads ${threads}: whole run, table and charts used every ${PROBE_EVERY_MS / 1000} s`,
      backend,
      rows,
      seconds: round((finished - started) / 1000),
      longest_task_ms: round(Math.max(0, ...allTasks.map((t) => t.duration)), 0),
      tasks_over_50ms: allTasks.length,
      probes,
      input_events_over_16ms: durations.length,
      input_to_paint_max_ms: durations.length ? round(durations[durations.length - 1], 0) : 0,
      input_to_paint_p75_ms: durations.length ? round(durations[Math.floor(durations.length * 0.75)], 0) : 0,
      longest_tasks: longest(allTasks),
      main_thread: mainThreadShare(mainBefore, mainAfter),
      ...(traced ? { traced_tasks_over_50ms: traced } : {}),
      slowest_inputs: inputs
        .sort((a, b) => b.duration - a.duration)
        .slice(0, 5)
        .map((e) => ({ name: e.name, at_s: round((e.start - started) / 1000, 1), ms: round(e.duration, 0) })),
    });
    ctx.log(
      `insights ${rows} rows (${threads}): ${whole.seconds} s, longest task ${whole.longest_task_ms} ms (${whole.tasks_over_50ms} over 50 ms); ` +
        `${probes} probes, slowest input to paint ${whole.input_to_paint_max_ms} ms; ` +
        `main thread in tasks ${whole.main_thread.in_tasks_s} s, on a core ${whole.main_thread.cpu_s} s of them`,
    );
  } finally {
    await context.close();
    await rm(folder, { recursive: true, force: true });
  }
}

/** Chromium's running totals for the page's main thread (seconds): time in tasks, and its CPU time (null if not reported). */
async function mainThreadTimes(cdp) {
  const { metrics } = await cdp.send('Performance.getMetrics');
  const value = (name) => metrics.find((metric) => metric.name === name)?.value ?? null;
  return { tasks: value('TaskDuration'), cpu: value('ThreadTime') };
}

/**
 * How the page's main thread spent the run: the length of its tasks, and the share of that length
 * it ran on a core. The rest it was not running: waiting for a core (onnxruntime's threads hold
 * both of 2 while a batch runs) or for another thread. A long task is its own work and that wait.
 */
function mainThreadShare(before, after) {
  const delta = (name) => (before[name] === null || after[name] === null ? null : after[name] - before[name]);
  const inTasks = delta('tasks');
  const cpu = delta('cpu');
  return {
    in_tasks_s: inTasks === null ? null : round(inTasks, 2),
    cpu_s: cpu === null ? null : round(cpu, 2),
    cpu_share_of_task_time: inTasks && cpu !== null ? round(cpu / inTasks, 2) : null,
  };
}

/** Trace events shorter than this are dropped as they arrive: a 6-minute trace would not fit in memory. */
const TRACE_MIN_US = 1_000;

/**
 * A Chromium trace of the page's renderer, kept to complete events of 1 ms or more. `stop` ends
 * it and returns each main-thread task over 50 ms with the events inside it, by name, largest first
 * (events nest, so their times overlap: a FunctionCall holds the GC that ran in it).
 */
async function startTrace(context, page, file) {
  const cdp = await context.newCDPSession(page);
  const events = [];
  cdp.on('Tracing.dataCollected', ({ value }) => {
    for (const e of value) if (e.ph === 'M' || (e.ph === 'X' && e.dur >= TRACE_MIN_US)) events.push(e);
  });
  const complete = new Promise((done) => cdp.once('Tracing.tracingComplete', done));
  const categories = ['toplevel', 'devtools.timeline', 'disabled-by-default-devtools.timeline', 'v8', 'v8.execute', 'blink', 'disabled-by-default-v8.gc'];
  await cdp.send('Tracing.start', { traceConfig: { includedCategories: categories }, transferMode: 'ReportEvents' });
  return {
    async stop() {
      await cdp.send('Tracing.end');
      await complete;
      await cdp.detach();
      await writeFile(file, JSON.stringify({ traceEvents: events }));
      const main = events.find(
        (e) =>
          e.ph === 'M' &&
          e.name === 'thread_name' &&
          e.args?.name === 'CrRendererMain' &&
          events.some((x) => x.pid === e.pid && x.tid === e.tid && x.name === 'RunTask'),
      );
      if (!main) return [];
      const onMain = events.filter((e) => e.ph === 'X' && e.pid === main.pid && e.tid === main.tid);
      // Events arrive in chunks, not in time order.
      const traceStart = onMain.reduce((min, e) => Math.min(min, e.ts), Infinity);
      return onMain
        .filter((e) => e.name === 'RunTask' && e.dur > 50_000)
        .sort((a, b) => b.dur - a.dur)
        .slice(0, 8)
        .map((task) => {
          const byName = new Map();
          for (const e of onMain) {
            if (e === task || e.ts < task.ts || e.ts + e.dur > task.ts + task.dur) continue;
            const what =
              e.name === 'FunctionCall' || e.name === 'EvaluateScript'
                ? `${e.name} ${(e.args?.data?.url ?? '').split('/').pop()} ${e.args?.data?.functionName ?? ''}`.trim()
                : e.name;
            byName.set(what, (byName.get(what) ?? 0) + e.dur);
          }
          // Seconds after the trace began, which is just before Run is pressed.
          return {
            trace_s: round((task.ts - traceStart) / 1e6, 1),
            ms: round(task.dur / 1000, 0),
            // The thread's own CPU time in the task: the rest of its length it was not running.
            cpu_ms: task.tdur === undefined ? null : round(task.tdur / 1000, 0),
            inside: [...byName]
              .sort((a, b) => b[1] - a[1])
              .slice(0, 8)
              .map(([name, us]) => ({ name, ms: round(us / 1000, 1) })),
          };
        });
    },
  };
}

const INPUT_EVENTS = new Set(['pointerdown', 'pointerup', 'click', 'keydown', 'keyup', 'keypress', 'input', 'beforeinput']);

/**
 * What a user does while the run goes: a search in the table, a click on the sentiment chart's
 * first bar (a filter), then the filters cleared. False when the table or chart is not there yet.
 */
async function useTableAndCharts(page) {
  const search = page.getByTestId('insights-search');
  if (!(await search.isVisible())) return false;
  await humanClick(page, search);
  await page.keyboard.type('batt', { delay: 40 });
  for (let i = 0; i < 4; i++) await page.keyboard.press('Backspace');
  const canvas = page.getByTestId('insights-chart-sentiment').locator('canvas');
  const bars = (await canvas.count()) ? JSON.parse((await canvas.getAttribute('data-bars')) ?? '[]') : [];
  const bar = bars.find((point) => point !== null);
  if (bar) {
    await humanClick(page, canvas, { position: { x: bar[0], y: bar[1] } });
    const clear = page.getByTestId('insights-clear-filters');
    if (await clear.isVisible()) await humanClick(page, clear);
  }
  return true;
}

/** How long a person's pointer rests on a target before pressing, and how long the button is held. */
const POINTER_REST_MS = 100;
const PRESS_MS = 80;

/**
 * A click as a person makes it: the pointer arrives, rests, and the button is held a moment.
 * Playwright's plain click sends the move, press, release and click at once, and the page then
 * handles them all in one task: a long task no hand can cause.
 */
async function humanClick(page, locator, options = {}) {
  await locator.hover(options);
  await page.waitForTimeout(POINTER_REST_MS);
  await locator.click({ ...options, delay: PRESS_MS });
}

/** The stages seen in the samples, each from its first sample (the run's start for the first) to the next one's. */
function stageWindows(samples, started, finished) {
  const windows = [];
  for (const sample of samples) {
    if (!sample.stage) continue;
    const current = windows[windows.length - 1];
    if (current && current.name === sample.stage) {
      current.last = sample;
      continue;
    }
    if (current) current.to = sample.at;
    windows.push({ name: sample.stage, from: windows.length ? sample.at : started, to: finished, first: sample, last: sample });
  }
  // A determinate stage's rows: its total (themes and summaries count steps, not rows).
  return windows.map((w) => ({ ...w, rows: w.name === 'sentiment' || w.name === 'embeddings' ? w.last.total || w.first.total : null }));
}

/**
 * How honest the ETA was: its predicted finish (sample time + ETA) against the stage's real end,
 * as a share of the stage's length, at the first estimate and when a quarter and half of it was done.
 */
function etaAccuracy(samples, stage) {
  const inStage = samples.filter((s) => s.stage === stage.name && s.at >= stage.from && s.at <= stage.to && s.etaMs !== null && s.total > 0);
  if (!inStage.length) return { shown: false };
  // From the stage's first row progress: a model load before it is not what the ETA predicts.
  const from = inStage[0].at;
  const length = stage.to - from;
  const at = (sample) => ({
    seconds_in: round((sample.at - from) / 1000, 1),
    done_share: round(sample.done / sample.total),
    eta_s: round(sample.etaMs / 1000, 1),
    actual_left_s: round((stage.to - sample.at) / 1000, 1),
    error_share_of_stage: round((sample.at + sample.etaMs - stage.to) / length),
  });
  const firstPast = (share) => inStage.find((s) => s.done / s.total >= share);
  return {
    shown: true,
    first: at(inStage[0]),
    quarter: firstPast(0.25) ? at(firstPast(0.25)) : null,
    half: firstPast(0.5) ? at(firstPast(0.5)) : null,
  };
}

/**
 * The five longest tasks, each with its start in seconds after the run's start and, from the long
 * animation frame that holds it, the scripts that ran in it (longest first) and the frame's
 * rendering (style, layout, paint) time.
 */
function longestTasks(tasks, started, frames) {
  return [...tasks]
    .sort((a, b) => b.duration - a.duration)
    .slice(0, 5)
    .map((t) => {
      // The two APIs' clocks round differently (and a frame may hold several tasks): the frame
      // and scripts that overlap the task most.
      const overlap = (start, duration) => Math.min(start + duration, t.start + t.duration) - Math.max(start, t.start);
      let frame = null;
      for (const f of frames) if (overlap(f.start, f.duration) > (frame ? overlap(frame.start, frame.duration) : 0)) frame = f;
      const inTask = frame?.scripts.filter((s) => overlap(s.start, s.duration) > 0) ?? [];
      return {
        at_s: round((t.start - started) / 1000, 1),
        ms: round(t.duration, 0),
        ...(frame
          ? {
              scripts: inTask
                .sort((a, b) => b.duration - a.duration)
                .slice(0, 3)
                .map((s) => ({ invoker: s.invoker, source: s.source, ms: round(s.duration, 0), forced_layout_ms: round(s.layout, 0) })),
              frame_render_ms: frame.renderStart ? round(frame.start + frame.duration - frame.renderStart, 0) : 0,
            }
          : {}),
      };
    });
}
