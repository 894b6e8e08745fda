/**
 * The import worker's content operations (knowledge-base files, classifier, templates, backup)
 * through the page's client, parseInWorker: a fake worker runs the real operations
 * (src/workers/importContent.ts) on a structured clone of the request and answers with a clone of
 * the result, as postMessage does, so the page receives exactly what the pure parsers return, and
 * their errors arrive as the same WorkbenchErrors. Cancel, the time limit and a crash end the worker.
 */
import { afterEach, describe, expect, it, vi } from 'vitest';
import { parseInWorker, type ImportWorkerLike } from '../../src/services/tableImport';
import { parseFaqCsv, passagesFromFile } from '../../src/content/passages';
import { exportTemplates, templateToRecord, type Template } from '../../src/content/templates';
import { parseClassifier, serializeClassifier } from '../../src/customize/serialize';
import { checkRecord, recordFromModel } from '../../src/customize/classifierRecord';
import type { SoftmaxModel } from '../../src/customize/softmax';
import { PASSAGES_PER_MESSAGE, contentResponses } from '../../src/workers/importContent';
import type { ImportRequest, ImportResponse } from '../../src/workers/importProtocol';
import { WorkbenchError } from '../../src/core';
import type { Workspace } from '../../src/storage/workspace';
import { freshWorkspace } from './support/storeDeps';

class ContentWorker implements ImportWorkerLike {
  terminated = false;
  requests: ImportRequest[] = [];
  /** The type of every message the worker sent. */
  sent: ImportResponse['type'][] = [];
  private messageListeners: Array<(event: { data: ImportResponse }) => void> = [];
  private errorListeners: Array<(event: { message?: string }) => void> = [];
  constructor(
    private readonly respond = true,
    readonly workspace: Workspace = freshWorkspace(),
  ) {}
  postMessage(message: ImportRequest): void {
    this.requests.push(message);
    if (!this.respond) return;
    const request = structuredClone(message);
    queueMicrotask(async () => {
      if (request.kind !== 'content') throw new Error(`unexpected request ${request.kind}`);
      let messages: ImportResponse[];
      try {
        messages = await contentResponses(request.id, request.job, this.workspace);
      } catch (error) {
        if (!(error instanceof WorkbenchError)) throw error;
        messages = [{ type: 'answer', id: request.id, ok: false, error: error.toJSON() }];
      }
      for (const message of messages) {
        this.sent.push(message.type);
        const data = structuredClone(message);
        for (const listener of this.messageListeners) listener({ data });
      }
    });
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: 'message' | 'error', listener: (event: never) => void): void {
    if (type === 'message') this.messageListeners.push(listener as (event: { data: ImportResponse }) => void);
    else this.errorListeners.push(listener as (event: { message?: string }) => void);
  }
  crash(message: string): void {
    for (const listener of this.errorListeners) listener({ message });
  }
}

afterEach(() => vi.useRealTimers());

const options = { docId: 'kb.csv', maxTokens: 64 };

describe('parseInWorker', () => {
  it('parses an FAQ CSV in the worker into the passages parseFaqCsv makes, and ends the worker', async () => {
    const text = 'question,answer\nHow do I reset?,Hold the button for ten seconds.\nWhere is my order?,See the Orders page.\n';
    const worker = new ContentWorker();
    const result = await parseInWorker({ op: 'faq', source: new Blob([text]), options }, '"kb.csv"', { createWorker: () => worker });
    expect(result.passages).toHaveLength(2);
    expect(result).toEqual(parseFaqCsv(text, options));
    expect(worker.terminated).toBe(true);
  });

  it('sends a big FAQ’s passages ahead in pieces and puts them back in order', async () => {
    const rows = Array.from({ length: PASSAGES_PER_MESSAGE * 2 + 5 }, (_, i) => `Question ${i}?,Answer number ${i}.`);
    const text = `question,answer\n${rows.join('\n')}\n`;
    const worker = new ContentWorker();
    const result = await parseInWorker({ op: 'faq', source: text, options }, '"big.csv"', { createWorker: () => worker });
    expect(worker.sent).toEqual(['passages', 'passages', 'passages', 'answer']);
    expect(result).toEqual(parseFaqCsv(text, options));
    expect(result.passages.map((p) => p.text)).toEqual(rows.map((_, i) => `Answer number ${i}.`));
  });

  it('cuts a Markdown file into the passages passagesFromFile makes', async () => {
    const text = '# Setup\n\nPlug it in.\n\n# Reset\n\nHold the button.\n';
    const result = await parseInWorker({ op: 'passages', fileName: 'guide.md', source: new Blob([text]), options }, '"guide.md"', {
      createWorker: () => new ContentWorker(),
    });
    expect(result.map((p) => p.title)).toEqual(['Setup', 'Reset']);
    expect(result).toEqual(passagesFromFile('guide.md', text, options));
  });

  describe('a classifier file', () => {
    const model = (extra: SoftmaxModel['metadata']['extra']): SoftmaxModel => ({
      classes: ['bug', 'praise'],
      dims: 2,
      weights: [
        [0.5, -1],
        [1, 0.25],
      ],
      bias: [0, 0.1],
      metadata: {
        trainedAt: '2025-01-01T00:00:00.000Z',
        examples: 2,
        classCounts: { bug: 1, praise: 1 },
        epochs: 1,
        learningRate: 0.1,
        l2: 0,
        batchSize: 1,
        seed: 1,
        standardized: false,
        finalLoss: 0,
        trainingAccuracy: 1,
        extra,
      },
    });
    const job = (text: string, more: { id: string; embeddingModel?: string }) => ({
      op: 'classifier' as const,
      file: new Blob([text]),
      fileName: 'mine.json',
      savedAt: 1_700_000_000_000,
      library: ['lib/embed-a', 'lib/embed-b'],
      ...more,
    });

    it('is read, named apart from the saved ones, and saved in the worker when its embedding model is in the library', async () => {
      const worker = new ContentWorker();
      const text = serializeClassifier(model({ name: 'Mine', embeddingModel: 'lib/embed-a' }));
      const first = await parseInWorker(job(text, { id: 'c1' }), '"mine.json"', { createWorker: () => worker });
      expect(first).toEqual({ kind: 'saved', name: 'Mine' });
      const again = await parseInWorker(job(text, { id: 'c2' }), '"mine.json"', { createWorker: () => new ContentWorker(true, worker.workspace) });
      expect(again.kind).toBe('saved');
      expect(again.name).not.toBe('Mine');

      const stored = await worker.workspace.get('classifiers', 'c1');
      expect(stored).toEqual(recordFromModel(parseClassifier(text), { id: 'c1', fallbackName: 'mine', taken: [], now: 1_700_000_000_000 }));
      expect(stored?.embeddingModel).toBe('lib/embed-a');
    });

    it('asks first when it names a model outside the library, saving nothing; saved with the model chosen next', async () => {
      const worker = new ContentWorker();
      const text = serializeClassifier(model({ name: 'Tracker', embeddingModel: 'someone/else' }));
      expect(await parseInWorker(job(text, { id: 'c1' }), '"t.json"', { createWorker: () => worker })).toEqual({
        kind: 'confirm',
        name: 'Tracker',
        embeddingModel: 'someone/else',
      });
      expect(await worker.workspace.getAll('classifiers')).toEqual([]);

      await parseInWorker(job(text, { id: 'c1', embeddingModel: 'lib/embed-b' }), '"t.json"', {
        createWorker: () => new ContentWorker(true, worker.workspace),
      });
      const stored = await worker.workspace.get('classifiers', 'c1');
      // The record and the model's facts (what an export carries) both name the choice.
      expect(stored?.embeddingModel).toBe('lib/embed-b');
      expect(checkRecord(stored!)?.model.metadata.extra.embeddingModel).toBe('lib/embed-b');
    });

    it('that is not a classifier is refused with the parser’s reason, saving nothing', async () => {
      const worker = new ContentWorker();
      await expect(parseInWorker(job('{"format":"x"}', { id: 'c1' }), '"x.json"', { createWorker: () => worker })).rejects.toMatchObject({ code: 'bad-input' });
      expect(await worker.workspace.getAll('classifiers')).toEqual([]);
    });
  });

  it('reads a templates file in the worker, renames the duplicate of a taken id, and saves the templates there', async () => {
    const template = {
      id: 'mine',
      name: 'Mine',
      kind: 'custom',
      body: 'Hello {{name}}',
      variables: [{ name: 'name', label: 'Name', kind: 'text', required: true }],
    } as unknown as Template;
    const file = new Blob([exportTemplates([template])], { type: 'application/json' });
    const worker = new ContentWorker();
    const result = await parseInWorker(
      { op: 'templates', file, options: { existingIds: ['mine'], onDuplicate: 'rename' }, savedAt: 1_700_000_000_000 },
      'the templates file',
      { createWorker: () => worker },
    );
    expect(result.ids).toHaveLength(1);
    const renamed = result.ids[0]!;
    expect(renamed).not.toBe('mine');
    expect(result.warnings.join(' ')).toMatch(/Mine/);
    // Saved by the worker, under the new id, stamped with the page's time.
    expect(await worker.workspace.getAll('templates')).toEqual([templateToRecord({ ...template, id: renamed }, 1_700_000_000_000)]);
  });

  it('saves nothing from a templates file it refuses', async () => {
    const file = new Blob(['{"format":"something else"}']);
    const worker = new ContentWorker();
    const failed = parseInWorker({ op: 'templates', file, options: {}, savedAt: 1 }, 'the templates file', { createWorker: () => worker });
    await expect(failed).rejects.toMatchObject({ code: 'bad-input' });
    expect(await worker.workspace.getAll('templates')).toEqual([]);
  });

  it('stops on cancel and at the time limit, ending the worker, and reports a crash', async () => {
    const unanswered = { op: 'classifier' as const, file: new Blob(['{}']), fileName: 'x.json', id: 'x', savedAt: 0, library: [] };
    const abort = new AbortController();
    const cancelled = new ContentWorker(false);
    const pending = parseInWorker(unanswered, '"x.json"', { createWorker: () => cancelled, signal: abort.signal });
    abort.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(cancelled.terminated).toBe(true);

    vi.useFakeTimers();
    const slow = new ContentWorker(false);
    const timed = parseInWorker(unanswered, '"x.json"', { createWorker: () => slow, timeLimitMs: 60_000 });
    const check = expect(timed).rejects.toMatchObject({ code: 'bad-input', detail: 'time-limit: 60000 ms', message: expect.stringContaining('"x.json"') });
    vi.advanceTimersByTime(60_000);
    await check;
    expect(slow.terminated).toBe(true);
    vi.useRealTimers();

    const crashing = new ContentWorker(false);
    const crashed = parseInWorker(unanswered, '"x.json"', { createWorker: () => crashing });
    crashing.crash('out of memory');
    await expect(crashed).rejects.toMatchObject({ code: 'worker-crashed', detail: 'out of memory' });
    expect(crashing.terminated).toBe(true);
  });
});
