/**
 * Bad input, table-driven: every input path reachable in Node, fed every kind of input a user
 * can produce by accident (or on purpose). Every case has its expected outcome written down
 * (`expect` on each path): a correct result, or a WorkbenchError with the named code whose
 * message names the problem (and the limit, where a limit is the reason). Inputs a user must be
 * able to use (10 MB, 100,000 rows, mixed scripts) must succeed wherever no documented limit
 * applies. A case ends within a time bound that proves nothing hangs.
 *
 * Where each path runs in the app is part of the table (`thread`), and blocking is asserted:
 * paths of the import worker are checked to be called by the app only from the worker
 * (src/workers/import.worker.ts), so the page never runs them; paths that run on the page must
 * finish each case within PAGE_BUDGET_MS (the issue's 200 ms, scaled by the machine's load as the
 * e2e long-task checks do); the ones that do not yet are listed in KNOWN_BLOCKING with why.
 *
 * Paths: the feedback importers (file and paste), Classify's line splitting, the templates file,
 * FAQ CSV and Markdown passages, token chunking, the classifier file, the workspace backup, and
 * the SDK itself (createClient over the real inference engine on the tiny fixture models, on a
 * worker thread with a heap limit, as the browser runs it in a Web Worker).
 *
 * Bounds prove that nothing hangs; they are not speed tests. Pure parsers run synchronously, so
 * their time is measured against SYNC_BOUND_MS. SDK calls are raced against CASE_BOUND_MS; a job
 * still going then (100,000 rows through a model) must have shown progress, and after Cancel the
 * worker must be free for the next call, which is what the app's Cancel button relies on.
 *
 * The table of outcomes is printed (console.table) and saved to .cache/bad-input-report.json.
 */
import { mkdirSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { chunkByTokens, estimateTokens } from '../../src/content/chunking';
import { parseFaqCsv, passagesFromFile } from '../../src/content/passages';
import { importTemplates, TEMPLATE_FILE_FORMAT } from '../../src/content/templates';
import { CLASSIFIER_FORMAT, parseClassifier, serializeClassifier } from '../../src/customize/serialize';
import type { SoftmaxModel } from '../../src/customize/softmax';
import { parseFeedbackFile, parsePastedText } from '../../src/insights/import';
import { splitLines } from '../../src/panels/classify/lines';
import { createClient } from '../../src/sdk/client';
import type { WorkbenchClient, WorkerLike } from '../../src/sdk/types';
import { BACKUP_FORMAT, parseBackup } from '../../src/storage/backup';
import { WORKSPACE_SCHEMA_VERSION } from '../../src/storage/workspace';
import { WorkbenchError, type ErrorCode, type WorkProgress } from '../../src/core';
import { engineThreadFactory } from '../support/engineThread';
import { NODE_CONFIG, sharedModelsAvailable } from '../support/nodeEngine';
import { loadPerCpu } from '../support/machineLoad';

/**
 * A pure parser slower than this counts as hung. Generous on purpose (CI shares 2 CPUs): it is a
 * "does not hang" check, not a speed test; the table also flags every case that blocks for more
 * than a second, which matters where the code runs on the main thread.
 */
const SYNC_BOUND_MS = 30_000;
/**
 * An SDK call still running after this must show progress and stop when cancelled. Scaled (up to
 * 4×) by the machine's load per CPU, as the e2e long-task budgets are: on a shared 2-core machine
 * at load 15 the first progress of 100,000 rows came after 10 s without anything being hung.
 */
const CASE_BOUND_MS = 10_000 * Math.min(4, Math.max(1, loadPerCpu()));
/** After Cancel, the worker must answer a new call within this (plus one short model call). */
const CANCEL_BOUND_MS = 2_000;
const REPORT = resolve(__dirname, '../../.cache/bad-input-report.json');

/**
 * The longest a page-thread path may work on one input: the issue's 200 ms. Wall time on a shared
 * machine stretches with its load, so above 1.5 runnable tasks per CPU the budget scales with it
 * (the rule of test/e2e/support/longTasks.ts); BAD_INPUT_PAGE_BUDGET_MS sets it outright.
 */
function pageBudgetMs(): number {
  if (process.env.BAD_INPUT_PAGE_BUDGET_MS) return Number(process.env.BAD_INPUT_PAGE_BUDGET_MS);
  const load = loadPerCpu();
  return load > 1.5 ? Math.round(200 * load) : 200;
}

// ---------------------------------------------------------------------------------------------
// Inputs

interface BadInput {
  name: string;
  /** The input as a user's text (pasted or a file's decoded content). */
  text: string;
  /** The input as a file's bytes, for paths that read files. */
  bytes: Uint8Array;
  /** The file name it would have. */
  fileName: string;
  /**
   * Structured inputs (10 MB, a long line, mixed scripts, many rows) are also put *inside* a valid
   * file of each JSON/CSV format (a template body, backup records, a FAQ answer, category names),
   * so they reach each parser's content checks. The others are the file itself.
   */
  embed: boolean;
}

const utf8 = (text: string) => new TextEncoder().encode(text);
const lossy = (bytes: Uint8Array) => new TextDecoder('utf-8').decode(bytes);

/** Deterministic bytes, so the report does not change between runs. */
function pseudoRandomBytes(length: number, seed: number): Uint8Array {
  const bytes = new Uint8Array(length);
  let state = seed >>> 0;
  for (let i = 0; i < length; i++) {
    state = (Math.imul(state, 1664525) + 1013904223) >>> 0;
    bytes[i] = state >>> 24;
  }
  bytes[10] = 0; // real binary files have NULs early (headers, lengths)
  return bytes;
}

const SENTENCES = [
  'The export button moved and I cannot find it anymore.',
  'Love the new dashboard, it loads much faster!',
  'Support never answered my ticket about billing.',
  'Dark mode please, my eyes hurt at night.',
];

function tenMegabytes(): string {
  const target = 10 * 1024 * 1024;
  const lines: string[] = [];
  let length = 0;
  for (let i = 0; length < target; i++) {
    const line = `${i}: ${SENTENCES[i % SENTENCES.length]}`;
    lines.push(line);
    length += line.length + 1;
  }
  return lines.join('\n');
}

function longLine(): string {
  const words = 'feedback about the checkout flow and the slow search page '.split(' ');
  let line = '';
  for (let i = 0; line.length < 200_000; i++) line += `${words[i % words.length]} `;
  return line.slice(0, 200_000);
}

const MIXED_LINES = [
  '这个应用很好用，但是导出功能太慢了 😀',
  'مرحبا، التطبيق رائع لكن البحث بطيء جدا',
  'שלום 👩‍👩‍👧 האפליקציה קורסת כל יום',
  '日本語のレビュー：とても便利です',
  'Mixed ltr ‏rtl‎ e\u0301 naïve café 🇺🇦 👍🏽',
  '한국어 피드백: 배터리가 빨리 닳아요',
];

function hundredThousandRows(): string {
  const rows = ['id,text,rating'];
  for (let i = 1; i <= 100_000; i++) rows.push(`${i},"Review ${i}: ${SENTENCES[i % SENTENCES.length]}",${(i % 5) + 1}`);
  return rows.join('\n');
}

function input(name: string, text: string, options: Partial<Pick<BadInput, 'bytes' | 'fileName' | 'embed'>> = {}): BadInput {
  return { name, text, bytes: options.bytes ?? utf8(text), fileName: options.fileName ?? 'feedback.csv', embed: options.embed ?? false };
}

const binary = pseudoRandomBytes(64 * 1024, 42);
// Windows-1252 text (as Excel's "CSV" saves it) plus sequences that are never valid UTF-8.
const invalidUtf8 = new Uint8Array([
  ...utf8('text,rating\n'),
  ...[0x63, 0x61, 0x66, 0xe9, 0x20, 0x63, 0x72, 0xe8, 0x6d, 0x65, 0x2c, 0x35, 0x0a], // "café crème,5" in cp1252
  ...[0x6f, 0x6b, 0x20, 0xc3, 0x28, 0x20, 0xa0, 0xa1, 0x2c, 0x34, 0x0a], // "ok " + broken 2-byte seq + lone continuation bytes
  ...[0xf0, 0x28, 0x8c, 0x28, 0x2c, 0x31, 0x0a], // broken 4-byte sequence
]);

const INPUTS: BadInput[] = [
  input('empty', ''),
  input('whitespace only', '   \n\t\r\n \u00a0\u3000 \n  '),
  input('10 MB of text', tenMegabytes(), { fileName: 'feedback.txt', embed: true }),
  input('one 200,000-character line', longLine(), { fileName: 'feedback.txt', embed: true }),
  input('binary data named .csv', lossy(binary), { bytes: binary }),
  input('invalid UTF-8', lossy(invalidUtf8), { bytes: invalidUtf8 }),
  input('malformed CSV', 'text,rating\n"unclosed quote, 5\nfine,4\n"another""bad"x,3\n'),
  input('malformed JSON', '[{"text": "good"}, {"text": "trailing comma", }, {"text": ', { fileName: 'feedback.json' }),
  input('mixed CJK / emoji / RTL', ['text', ...MIXED_LINES].join('\n'), { embed: true }),
  input('100,000 rows', hundredThousandRows(), { embed: true }),
];

// ---------------------------------------------------------------------------------------------
// Paths: how each one receives an input (`prepare`, not timed), what it does with it (`run`,
// timed) and what a correct result is

interface PathResult {
  /** One line for the report. */
  summary: string;
  /** Why the result is wrong, or null when it is correct for this input. */
  problem: string | null;
}

/** The outcome a case must have: a result, or a WorkbenchError of this code whose message matches. */
type Expected = { ok: true } | { error: ErrorCode; mentions: RegExp };
const OK: Expected = { ok: true };
const refused = (mentions: RegExp): Expected => ({ error: 'bad-input', mentions });

/** Where the app runs the path: the page's thread, the import worker, or the inference worker (SDK). */
type Thread = 'page' | 'import worker' | 'inference worker' | 'workers (page: model output only)';

interface InputPath<A = unknown> {
  name: string;
  thread: Thread;
  expect(input: BadInput): Expected;
  /** Builds the path's argument from the input (a file of the path's format, the lines...). */
  prepare(input: BadInput): A;
  run(arg: A, input: BadInput): PathResult | Promise<PathResult>;
}

const path = <A>(definition: InputPath<A>): InputPath => definition as InputPath;
const ok = (summary: string, problem: string | null = null): PathResult => ({ summary, problem });
const expectThat = (condition: boolean, why: string) => (condition ? null : why);
const count = (n: number) => n.toLocaleString('en-US');
const isBlank = (input: BadInput) => input.name === 'empty' || input.name === 'whitespace only';
/** The content lines of an input (without a CSV header), for embedding in other formats. */
const contentLines = (input: BadInput) =>
  input.name === 'mixed CJK / emoji / RTL' ? MIXED_LINES : input.name === '100,000 rows' ? splitLines(input.text).items.slice(1) : splitLines(input.text).items;

function csvField(text: string): string {
  return `"${text.replace(/"/g, '""')}"`;
}

function classifierWith(classes: string[]): SoftmaxModel {
  const dims = 2;
  return {
    classes,
    dims,
    weights: classes.map(() => new Array<number>(dims).fill(0)),
    bias: classes.map(() => 0),
    metadata: {
      trainedAt: '2025-01-01T00:00:00.000Z',
      examples: classes.length,
      classCounts: Object.fromEntries(classes.map((c) => [c, 1])),
      epochs: 1,
      learningRate: 0.1,
      l2: 0,
      batchSize: 1,
      seed: 1,
      standardized: false,
      finalLoss: 0,
      trainingAccuracy: 1,
      extra: {},
    },
  };
}

const PATHS: InputPath[] = [
  path({
    name: 'import file (parseFeedbackFile)',
    thread: 'import worker',
    expect: (input) =>
      ({
        empty: refused(/is empty/),
        'whitespace only': refused(/is empty/),
        'binary data named .csv': refused(/binary data/),
        'invalid UTF-8': refused(/not valid UTF-8 text: 7 invalid byte sequences, the first on line 2/),
        'malformed CSV': refused(/never closed/),
        'malformed JSON': refused(/not valid JSON \(column 47/),
      })[input.name] ?? OK,
    prepare: (input) => ({ name: input.fileName, bytes: input.bytes }),
    async run(file, input) {
      const table = await parseFeedbackFile(file);
      const rows = table.rows.length;
      const summary = `${count(rows)} rows, ${table.format}${table.warnings.length ? `; warning: ${table.warnings[0]}` : ''}`;
      if (input.name === '100,000 rows') return ok(summary, expectThat(rows === 100_000, 'expected 100,000 rows'));
      if (input.name === 'mixed CJK / emoji / RTL') {
        return ok(summary, expectThat(JSON.stringify(table.rows.map((r) => r.text)) === JSON.stringify(MIXED_LINES), 'the text changed'));
      }
      if (input.name === 'one 200,000-character line') return ok(summary, expectThat(rows === 1, 'expected one row'));
      if (input.name === 'invalid UTF-8') return ok(summary, expectThat(table.warnings.length > 0, 'lossy decoding must be reported'));
      return ok(summary, expectThat(rows > 0, 'no rows'));
    },
  }),
  path({
    name: 'paste (parsePastedText)',
    thread: 'import worker',
    expect: (input) =>
      ({
        empty: refused(/The pasted text is empty/),
        'whitespace only': refused(/The pasted text is empty/),
        'malformed JSON': refused(/not valid JSON/),
      })[input.name] ?? OK,
    prepare: (input) => input.text,
    run(text, input) {
      const table = parsePastedText(text);
      const rows = table.rows.length;
      const summary = `${count(rows)} rows, ${table.format}`;
      if (input.name === '100,000 rows') return ok(summary, expectThat(rows === 100_000, 'expected 100,000 rows'));
      if (input.name === 'mixed CJK / emoji / RTL') {
        // A one-column paste is plain lines, so its first line ("text") may be a row too.
        const texts = table.rows.map((r) => Object.values(r).join(''));
        return ok(summary, expectThat(JSON.stringify(texts.slice(-MIXED_LINES.length)) === JSON.stringify(MIXED_LINES), 'the text changed'));
      }
      if (input.name === 'one 200,000-character line') {
        return ok(summary, expectThat(rows === 1 && Object.values(table.rows[0]!).join('').length >= 199_000, 'the line was cut'));
      }
      return ok(summary, expectThat(rows > 0, 'no rows'));
    },
  }),
  path({
    name: 'Classify lines (splitLines)',
    thread: 'page',
    expect: () => OK,
    prepare: (input) => input.text,
    run(text, input) {
      const { items, dropped } = splitLines(text);
      const summary = `${count(items.length)} items, ${count(dropped)} blank lines skipped`;
      if (isBlank(input)) return ok(summary, expectThat(items.length === 0, 'blank input gave items'));
      if (input.name === '100,000 rows') return ok(summary, expectThat(items.length === 100_001, 'expected the header + 100,000 lines'));
      if (input.name === 'one 200,000-character line') return ok(summary, expectThat(items.length === 1 && items[0]!.length > 199_000, 'the line was cut'));
      if (input.name === 'mixed CJK / emoji / RTL')
        return ok(summary, expectThat(JSON.stringify(items.slice(1)) === JSON.stringify(MIXED_LINES), 'the text changed'));
      return ok(summary, expectThat(items.length > 0, 'no items'));
    },
  }),
  path({
    name: 'templates file (importTemplates)',
    thread: 'import worker',
    expect: (input) =>
      // A template file has documented limits (500 templates, 20,000 characters a body): 10 MB
      // and 100,000 rows embedded in one are refused naming the limit; everything else is not JSON.
      input.name === 'mixed CJK / emoji / RTL'
        ? OK
        : input.name === '100,000 rows'
          ? refused(/more than 500 templates/)
          : input.embed
            ? refused(/longer than 20000 characters/)
            : refused(/not a valid templates file: it is not JSON/),
    // Embedded: the input is a template's body (100,000 rows: 100,000 templates).
    prepare: (input) => {
      if (!input.embed) return { file: input.text, bodies: [] as string[] };
      const bodies = input.name === '100,000 rows' ? contentLines(input) : [input.text];
      const templates = bodies.map((body, i) => ({ id: `t${i}`, name: `Template ${i}`, kind: 'custom', body, variables: [] }));
      return { file: JSON.stringify({ format: TEMPLATE_FILE_FORMAT, version: 1, templates }), bodies };
    },
    run({ file, bodies }) {
      const { templates } = importTemplates(file);
      return ok(
        `${count(templates.length)} templates`,
        expectThat(
          templates.every((t, i) => bodies.length === 0 || t.body === bodies[i]),
          'a body changed',
        ),
      );
    },
  }),
  path({
    name: 'FAQ CSV (parseFaqCsv)',
    thread: 'import worker',
    expect: (input) =>
      ({
        empty: refused(/needs a "question" and an "answer" column/),
        'whitespace only': refused(/needs a "question" and an "answer" column/),
        'invalid UTF-8': refused(/needs a "question" and an "answer" column; its columns are: text, rating/),
        'malformed JSON': refused(/needs a "question" and an "answer" column/),
        'binary data named .csv': refused(/malformed near row/),
        'malformed CSV': refused(/malformed near row 3/),
      })[input.name] ?? OK,
    // Embedded: the input is an answer (100,000 rows: 100,000 question/answer rows).
    prepare: (input) =>
      input.embed
        ? [
            'question,answer',
            ...(input.name === '100,000 rows' ? contentLines(input) : [input.text]).map((answer, i) => `Question ${i}?,${csvField(answer)}`),
          ].join('\n')
        : input.text,
    run(text, input) {
      const { passages, skipped } = parseFaqCsv(text);
      const summary = `${count(passages.length)} passages, ${count(skipped)} rows skipped`;
      if (input.name === '100,000 rows') return ok(summary, expectThat(passages.length === 100_000, 'expected one passage per row'));
      return ok(summary, expectThat(passages.length > 0, 'no passages'));
    },
  }),
  path({
    name: 'Markdown passages (passagesFromFile .md)',
    thread: 'import worker',
    expect: () => OK,
    prepare: (input) => input.text,
    run(text, input) {
      const passages = passagesFromFile('notes.md', text);
      const summary = `${count(passages.length)} passages`;
      if (isBlank(input)) return ok(summary, expectThat(passages.length === 0, 'blank input gave passages'));
      return ok(summary, expectThat(passages.length > 0 && passages.every((p) => text.slice(p.start, p.end) === p.text), 'offsets do not map back'));
    },
  }),
  path({
    name: 'chunking (chunkByTokens, 512)',
    thread: 'workers (page: model output only)',
    expect: () => OK,
    prepare: (input) => input.text,
    run(text, input) {
      const chunks = chunkByTokens(text, { countTokens: estimateTokens, maxTokens: 512, overlapTokens: 64 });
      const summary = `${count(chunks.length)} chunks`;
      if (isBlank(input)) return ok(summary, expectThat(chunks.length === 0, 'blank input gave chunks'));
      const oversized = chunks.some((chunk) => chunk.tokens > 512);
      const unmapped = chunks.some((chunk) => text.slice(chunk.start, chunk.end) !== chunk.text);
      return ok(summary, oversized ? 'a chunk exceeds the limit' : unmapped ? 'offsets do not map back' : expectThat(chunks.length > 0, 'no chunks'));
    },
  }),
  path({
    name: 'classifier file (parseClassifier)',
    thread: 'import worker',
    expect: (input) =>
      // Embedded inputs are the category names; a classifier has at most 1,000 (named when refused).
      input.name === '10 MB of text' || input.name === '100,000 rows'
        ? refused(/a classifier can have at most 1,000/)
        : input.embed
          ? OK
          : refused(/not a classifier: it is not valid JSON/),
    // Embedded: the input's distinct lines are the category names of an otherwise valid file.
    prepare: (input) => {
      if (!input.embed) return input.text;
      const names = [
        ...new Set(
          contentLines(input)
            .map((l) => l.trim())
            .filter(Boolean),
        ),
      ];
      return serializeClassifier(classifierWith(names.length >= 2 ? names : [...names, 'other'])); // a classifier needs two
    },
    run(text) {
      const model = parseClassifier(text);
      return ok(`${count(model.classes.length)} categories`, expectThat(text.includes(CLASSIFIER_FORMAT), 'not the format'));
    },
  }),
  path({
    name: 'workspace backup (parseBackup)',
    thread: 'import worker',
    expect: (input) => (isBlank(input) ? refused(/The file is empty/) : input.embed ? OK : refused(/not a workspace backup: it is not valid JSON/)),
    // Embedded: a dataset of the input's lines and a draft holding the whole input.
    prepare: (input) => {
      const lines = contentLines(input);
      const file = input.embed
        ? JSON.stringify({
            format: BACKUP_FORMAT,
            version: 1,
            schemaVersion: WORKSPACE_SCHEMA_VERSION,
            exportedAt: new Date(0).toISOString(),
            stores: {
              datasets: [
                {
                  id: 'd1',
                  name: lines[0] ?? 'x',
                  rowCount: lines.length,
                  createdAt: 0,
                  updatedAt: 0,
                  source: { format: 'csv' },
                  columns: ['text'],
                  mapping: {},
                },
              ],
              datasetRows: [{ datasetId: 'd1', items: lines.map((text) => ({ text })) }],
              drafts: [{ id: 'dr1', title: 'Draft', text: input.text, createdAt: 0, updatedAt: 0 }],
            },
          })
        : input.text;
      return { file, lines };
    },
    run({ file, lines }, input) {
      const { stores } = parseBackup(file, WORKSPACE_SCHEMA_VERSION);
      const items = (stores.datasetRows?.[0]?.items ?? []) as { text: string }[];
      const draft = stores.drafts?.[0]?.text ?? '';
      const intact = !input.embed || (draft === input.text && items.length === lines.length && items.every((item, i) => item.text === lines[i]));
      return ok(`${count(items.length)} dataset rows, a draft of ${count(draft.length)} characters`, expectThat(intact, 'the data changed'));
    },
  }),
];

// ---------------------------------------------------------------------------------------------
// The SDK on the real engine, on a worker thread as in the browser

let createWorker: (() => WorkerLike) | null = null;
let sdk: WorkbenchClient | null = null;

function sdkClient(): WorkbenchClient {
  if (!createWorker) throw new Error('the engine thread is not bundled yet');
  sdk ??= createClient({ preset: 'fixtures', backend: 'wasm', localModelPath: NODE_CONFIG.localModelPath, allowRemoteModels: false, createWorker });
  return sdk;
}

/** Ends the client and its thread (a thread stuck in a job cannot be reused). */
function discardClient(): void {
  sdk?.dispose();
  sdk = null;
}

type SdkCall<T> = (options: { signal: AbortSignal; onProgress: (p: WorkProgress) => void }) => Promise<T>;

/**
 * Runs a cancellable SDK call within CASE_BOUND_MS. A call still running then must have shown
 * progress recently; it is cancelled, and the worker must be free again (a one-line classify
 * answers) within CANCEL_BOUND_MS + a model call. A crashed worker is reported as such.
 */
async function boundedSdkCall<T>(call: SdkCall<T>, summarize: (result: T) => PathResult): Promise<PathResult> {
  const controller = new AbortController();
  let progress: WorkProgress & { at: number } = { done: 0, total: 0, at: 0 };
  const started = performance.now();
  const promise = call({ signal: controller.signal, onProgress: (p) => (progress = { ...p, at: performance.now() }) });
  promise.catch(() => undefined);
  const bound = new Promise<'bound'>((resolveBound) => setTimeout(() => resolveBound('bound'), CASE_BOUND_MS));
  if (
    (await Promise.race([
      promise.then(
        () => 'done',
        () => 'done',
      ),
      bound,
    ])) === 'done'
  ) {
    try {
      return summarize(await promise);
    } catch (error) {
      if (error instanceof WorkbenchError && error.code === 'worker-crashed') discardClient();
      throw error;
    }
  }
  const runningFor = Math.round((performance.now() - started) / 1000);
  const quiet = progress.at === 0 ? Infinity : performance.now() - progress.at;
  controller.abort();
  const probeStarted = performance.now();
  const probe = sdkClient()
    .classify(['probe'])
    .then(
      () => 'free',
      (error: unknown) => (error instanceof WorkbenchError ? error.code : 'unknown'),
    );
  const freed = await Promise.race([probe, new Promise<string>((r) => setTimeout(() => r('still busy'), CANCEL_BOUND_MS + 3_000))]);
  const freeMs = Math.round(performance.now() - probeStarted);
  const stage = progress.stage === 'tokenizing' ? ` (tokenizing: ${count(progress.prepared ?? 0)} tokenized)` : progress.stage ? ` (${progress.stage})` : '';
  const shown = progress.total > 0 ? `progress ${count(progress.done)}/${count(progress.total)}${stage}` : 'no progress reported';
  const summary = `still working at ${runningFor} s (${shown}); after Cancel the worker was ${freed === 'free' ? `free again in ${freeMs} ms` : freed}`;
  if (freed !== 'free') {
    discardClient();
    return ok(summary, 'Cancel did not free the worker: the job cannot be interrupted');
  }
  return ok(summary, quiet > CASE_BOUND_MS / 2 ? 'no progress for a long time: looks hung' : null);
}

const SDK_PATHS: InputPath[] = [
  path({
    name: 'SDK classify (Classify lines)',
    thread: 'inference worker',
    expect: () => OK,
    prepare: (input) => splitLines(input.text).items,
    run: (lines: string[]) =>
      boundedSdkCall(
        ({ signal, onProgress }) => sdkClient().classify(lines, { signal, onProgress }),
        (labels) => ok(`${count(labels.length)} labels`, expectThat(labels.length === lines.length, 'one label per line expected')),
      ),
  }),
  path({
    name: 'SDK chunk (summarization window)',
    thread: 'inference worker',
    expect: (input) => (isBlank(input) ? refused(/The text is empty/) : OK),
    prepare: (input) => input.text,
    run: (text: string) =>
      boundedSdkCall(
        ({ signal, onProgress }) => sdkClient().chunk(text, { signal, onProgress }),
        ({ chunks, maxInputTokens }) =>
          ok(
            `${count(chunks.length)} chunks of ≤ ${maxInputTokens} tokens`,
            expectThat(chunks.length > 0 && chunks.every((c) => c.tokens <= maxInputTokens), 'bad chunks'),
          ),
      ),
  }),
  path({
    name: 'SDK summarize',
    thread: 'inference worker',
    expect: (input) => (isBlank(input) ? refused(/The text is empty/) : OK),
    prepare: (input) => input.text,
    run: (text: string) =>
      boundedSdkCall(
        ({ signal, onProgress }) => sdkClient().summarize(text, { signal, onProgress, maxNewTokens: 8 }),
        (summary) => ok(`a summary of ${count(summary.length)} characters`, expectThat(typeof summary === 'string', 'no summary')),
      ),
  }),
];

/**
 * Cases that fail today, each for a reason outside the code this suite belongs to. They still
 * run and are reported; the test asserts they *still* fail, so fixing one makes the suite say
 * "remove it from KNOWN_ISSUES" instead of passing silently.
 */
const KNOWN_ISSUES: Record<string, string> = {};

/**
 * Page-thread paths that still work longer than PAGE_BUDGET_MS on the biggest inputs, with why:
 * the outcome is still asserted, the time is reported and not held to the budget. None today: the
 * knowledge-base, classifier, templates and backup parsers moved into the import worker, as the
 * feedback importers had (checked below with the worker's own paths), and chunking runs on the
 * page only on model output (see CHUNKING_ON_PAGE).
 */
const KNOWN_BLOCKING: Record<string, string> = {};

/**
 * Why chunkByTokens is not a page-thread path for user input: the app calls it from passages.ts
 * (run only in the import worker, see WORKER_PATHS) and from summaryRunner.ts, on the page, which
 * re-chunks a combining step's input only when it is over the window: that input is a group of
 * partial summaries the model wrote (a few KB), never the user's text, which the inference worker
 * chunks (chunkByTokensAsync).
 */
const CHUNKING_ON_PAGE = ['src/content/passages.ts', 'src/content/summaryRunner.ts'];

/**
 * The import worker's (and the backup worker's) paths with the folder that defines (and may re-export) each, and the app
 * files allowed to name it (the worker or its importContent module; any other with why), sorted.
 * Everything else must go through the worker.
 */
const WORKER_PATHS: Array<[identifier: string, definedUnder: string, namedIn: string[]]> = [
  // The worker's handler (importHandler.ts) runs in the import worker only: import.worker.ts is its one caller.
  ['parseFeedbackFile', 'src/insights/', ['src/workers/importHandler.ts']],
  ['parsePastedText', 'src/insights/', ['src/workers/importHandler.ts']],
  ['createImportHandler', 'src/workers/importHandler.ts', ['src/workers/import.worker.ts']],
  ['parseFaqCsv', 'src/content/', ['src/workers/importContent.ts']],
  ['passagesFromFile', 'src/content/', ['src/workers/importContent.ts']],
  ['importTemplates', 'src/content/', ['src/workers/importContent.ts']],
  // A backup is parsed by importWorkspace (backup.ts itself), which only the backup worker calls (below).
  ['parseBackup', 'src/storage/backup.ts', []],
  // src/customize/classifierRecord.ts calls it too: recordFromFile (Node tests; the app imports
  // through recordFromModel, see below) and the round trip that checks a record already in the
  // workspace, not a file.
  ['parseClassifier', 'src/customize/', ['src/workers/importContent.ts']],
];

// ---------------------------------------------------------------------------------------------
// The table

interface Outcome {
  input: string;
  path: string;
  /** `ok: …`, `error (code): message`, `FAIL: …`, `KNOWN ISSUE: …`. */
  outcome: string;
  ms: number;
  expected: string;
  thread: Thread;
  /** For page-thread paths: within the budget, over it (a failure), or over it and known. */
  blocking: '' | 'within budget' | 'OVER BUDGET' | 'over budget (known)';
  pass: boolean;
}

const outcomes: Outcome[] = [];

/** Whether the error is the expected one: a WorkbenchError of the named code whose message names the problem. */
function describeFailure(error: unknown, expected: Expected): { text: string; matches: boolean } {
  if (error instanceof WorkbenchError) {
    const detail = error.code === 'worker-crashed' && error.detail ? ` [${error.detail}]` : '';
    const matches = 'error' in expected && error.code === expected.error && expected.mentions.test(error.message);
    return { text: `error (${error.code}): ${error.message}${detail}`, matches };
  }
  return { text: `FAIL: not a WorkbenchError: ${error instanceof Error ? `${error.name}: ${error.message}` : String(error)}`, matches: false };
}

const describeExpected = (expected: Expected) => ('error' in expected ? `${expected.error} ${expected.mentions}` : 'result');

async function runCase(input: BadInput, inputPath: InputPath, synchronous: boolean): Promise<Outcome> {
  const arg = inputPath.prepare(input);
  const expected = inputPath.expect(input);
  const started = performance.now();
  let outcome: string;
  let pass: boolean;
  try {
    const result = await inputPath.run(arg, input);
    outcome = result.problem ? `FAIL: ${result.summary}: ${result.problem}` : `ok: ${result.summary}`;
    pass = result.problem === null && 'ok' in expected;
    if (result.problem === null && !('ok' in expected)) outcome = `FAIL: expected ${describeExpected(expected)}, got ${outcome}`;
  } catch (error) {
    const failure = describeFailure(error, expected);
    outcome = failure.matches ? failure.text : `FAIL: expected ${describeExpected(expected)}, got ${failure.text}`;
    pass = failure.matches;
  }
  const ms = Math.round(performance.now() - started);
  if (synchronous && ms > SYNC_BOUND_MS) {
    outcome = `FAIL: took ${ms} ms (bound ${SYNC_BOUND_MS} ms); ${outcome}`;
    pass = false;
  }
  const key = `${inputPath.name}|${input.name}`;
  let blocking: Outcome['blocking'] = '';
  if (inputPath.thread === 'page') {
    const budget = pageBudgetMs();
    if (ms <= budget) blocking = 'within budget';
    else if (KNOWN_BLOCKING[key]) blocking = 'over budget (known)';
    else {
      blocking = 'OVER BUDGET';
      outcome = `FAIL: blocked the page ${ms} ms (budget ${budget} ms); ${outcome}`;
      pass = false;
    }
  }
  const known = KNOWN_ISSUES[key];
  if (known) outcome = `KNOWN ISSUE (${known}): ${outcome}`;
  // Messages that echo a 200,000-character line would drown the table.
  const short = outcome.length > 400 ? `${outcome.slice(0, 397)}…` : outcome;
  return { input: input.name, path: inputPath.name, outcome: short, ms, expected: describeExpected(expected), thread: inputPath.thread, blocking, pass };
}

/** Source files of the app (not tests) whose text names `identifier`, relative to the repository. */
function callersOf(identifier: string, exceptUnder: string): string[] {
  const root = resolve(__dirname, '../..');
  const found: string[] = [];
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const full = join(dir, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (/\.(ts|tsx)$/.test(entry.name) && new RegExp(`\\b${identifier}\\b`).test(readFileSync(full, 'utf8'))) found.push(relative(root, full));
    }
  };
  walk(join(root, 'src'));
  return found.filter((file) => !file.startsWith(exceptUnder)).sort();
}

function check(result: Outcome): void {
  const known = KNOWN_ISSUES[`${result.path}|${result.input}`];
  if (known) expect(result.pass, `${result.path} × ${result.input} passes now: remove it from KNOWN_ISSUES`).toBe(false);
  else expect(result.pass, result.outcome).toBe(true);
}

describe('bad input on every path', () => {
  // The import worker's paths never run on the page: the app calls them only from the worker.
  // (src/insights/ defines and re-exports them; everything else must go through the worker.)
  it.each(WORKER_PATHS)('the app calls %s only from the import worker', (identifier, definedUnder, namedIn) => {
    expect(callersOf(identifier, definedUnder)).toEqual(namedIn);
  });

  it("the app imports the worker's content operations only from the import worker", () => {
    expect(callersOf('importContent', 'src/workers/importContent.ts')).toEqual(['src/workers/importHandler.ts']);
  });

  // The page-side callers hand the text to the worker: each names its op of parseInWorker.
  it.each([
    ['src/panels/ask/askStore.ts', ["op: 'faq'", "op: 'passages'"]],
    ['src/panels/customize/savedActions.ts', ["op: 'classifier'"]],
    ['src/panels/write/writeStore.ts', ["op: 'templates'"]],
  ])('%s parses its files with parseInWorker', (file, ops) => {
    const text = readFileSync(resolve(__dirname, '../..', file), 'utf8');
    expect(text).toMatch(/\bparseInWorker\(/);
    for (const op of ops) expect(text).toContain(op);
  });

  it('the app restores backups only in the backup worker, asked by Settings, and imports classifiers through recordFromModel', () => {
    expect(callersOf('importWorkspace', 'src/storage/')).toEqual(['src/workers/backup.worker.ts']);
    expect(callersOf('restoreBackup', 'src/services/backupClient.ts')).toEqual(['src/panels/settings/BackupSection.tsx']);
    expect(callersOf('recordFromFile', 'src/customize/classifierRecord.ts')).toEqual([]);
  });

  it('the app runs chunkByTokens on the page only on model output', () => {
    expect(callersOf('chunkByTokens', 'src/content/chunking.ts')).toEqual(CHUNKING_ON_PAGE);
  });

  for (const inputPath of PATHS) {
    describe(inputPath.name, () => {
      for (const item of INPUTS) {
        it(
          item.name,
          async () => {
            const result = await runCase(item, inputPath, true);
            outcomes.push(result);
            check(result);
          },
          SYNC_BOUND_MS * 3,
        );
      }
    });
  }

  describe.skipIf(!sharedModelsAvailable())('the SDK on the real engine (tiny models, worker thread)', () => {
    beforeAll(async () => {
      createWorker = await engineThreadFactory();
    }, 60_000);
    afterAll(() => discardClient());

    for (const inputPath of SDK_PATHS) {
      describe(inputPath.name, () => {
        for (const item of INPUTS) {
          it(
            item.name,
            async () => {
              const result = await runCase(item, inputPath, false);
              outcomes.push(result);
              check(result);
            },
            CASE_BOUND_MS * 6,
          );
        }
      });
    }
  });

  afterAll(() => {
    console.table(outcomes.map(({ input, path: p, thread, expected, outcome, ms, blocking }) => ({ input, path: p, thread, expected, outcome, ms, blocking })));
    mkdirSync(resolve(REPORT, '..'), { recursive: true });
    const report = {
      generatedAt: new Date().toISOString(),
      syncBoundMs: SYNC_BOUND_MS,
      pageBudgetMs: pageBudgetMs(),
      sdkBoundMs: CASE_BOUND_MS,
      cancelBoundMs: CANCEL_BOUND_MS,
      outcomes,
    };
    writeFileSync(REPORT, `${JSON.stringify(report, null, 2)}\n`);
  });
});
