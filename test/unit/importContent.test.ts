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
import { exportTemplates, type Template } from '../../src/content/templates';
import { parseClassifier, serializeClassifier } from '../../src/customize/serialize';
import type { SoftmaxModel } from '../../src/customize/softmax';
import { PASSAGES_PER_MESSAGE, contentResponses } from '../../src/workers/importContent';
import type { ImportRequest, ImportResponse } from '../../src/workers/importProtocol';
import { WorkbenchError } from '../../src/core';

class ContentWorker implements ImportWorkerLike {
  terminated = false;
  requests: ImportRequest[] = [];
  /** The type of every message the worker sent. */
  sent: ImportResponse['type'][] = [];
  private messageListeners: Array<(event: { data: ImportResponse }) => void> = [];
  private errorListeners: Array<(event: { message?: string }) => void> = [];
  constructor(private readonly respond = true) {}
  postMessage(message: ImportRequest): void {
    this.requests.push(message);
    if (!this.respond) return;
    const request = structuredClone(message);
    queueMicrotask(() => {
      if (request.kind !== 'content') throw new Error(`unexpected request ${request.kind}`);
      let messages: ImportResponse[];
      try {
        messages = contentResponses(request.id, request.job);
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
    const result = await parseInWorker({ op: 'faq', text, options }, '"kb.csv"', { createWorker: () => worker });
    expect(result.passages).toHaveLength(2);
    expect(result).toEqual(parseFaqCsv(text, options));
    expect(worker.terminated).toBe(true);
  });

  it('sends a big FAQ’s passages ahead in pieces and puts them back in order', async () => {
    const rows = Array.from({ length: PASSAGES_PER_MESSAGE * 2 + 5 }, (_, i) => `Question ${i}?,Answer number ${i}.`);
    const text = `question,answer\n${rows.join('\n')}\n`;
    const worker = new ContentWorker();
    const result = await parseInWorker({ op: 'faq', text, options }, '"big.csv"', { createWorker: () => worker });
    expect(worker.sent).toEqual(['passages', 'passages', 'passages', 'answer']);
    expect(result).toEqual(parseFaqCsv(text, options));
    expect(result.passages.map((p) => p.text)).toEqual(rows.map((_, i) => `Answer number ${i}.`));
  });

  it('cuts a Markdown file into the passages passagesFromFile makes', async () => {
    const text = '# Setup\n\nPlug it in.\n\n# Reset\n\nHold the button.\n';
    const result = await parseInWorker({ op: 'passages', fileName: 'guide.md', text, options }, '"guide.md"', { createWorker: () => new ContentWorker() });
    expect(result.map((p) => p.title)).toEqual(['Setup', 'Reset']);
    expect(result).toEqual(passagesFromFile('guide.md', text, options));
  });

  it('returns a classifier file as the model parseClassifier reads', async () => {
    const model: SoftmaxModel = {
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
        extra: { name: 'Mine' },
      },
    };
    const text = serializeClassifier(model);
    const result = await parseInWorker({ op: 'classifier', text }, '"mine.json"', { createWorker: () => new ContentWorker() });
    expect(result).toEqual(parseClassifier(text));
    expect(result.classes).toEqual(['bug', 'praise']);
  });

  it('imports a templates file with the page’s taken ids, renaming the duplicate', async () => {
    const template = {
      id: 'mine',
      name: 'Mine',
      kind: 'custom',
      body: 'Hello {{name}}',
      variables: [{ name: 'name', label: 'Name', kind: 'text', required: true }],
    } as unknown as Template;
    const json = exportTemplates([template]);
    const result = await parseInWorker({ op: 'templates', json, options: { existingIds: ['mine'], onDuplicate: 'rename' } }, 'the templates file', {
      createWorker: () => new ContentWorker(),
    });
    expect(result.templates).toHaveLength(1);
    expect(result.templates[0]?.id).not.toBe('mine');
    expect(result.warnings.join(' ')).toMatch(/Mine/);
  });

  it('stops on cancel and at the time limit, ending the worker, and reports a crash', async () => {
    const abort = new AbortController();
    const cancelled = new ContentWorker(false);
    const pending = parseInWorker({ op: 'classifier', text: '{}' }, '"x.json"', { createWorker: () => cancelled, signal: abort.signal });
    abort.abort();
    await expect(pending).rejects.toMatchObject({ code: 'cancelled' });
    expect(cancelled.terminated).toBe(true);

    vi.useFakeTimers();
    const slow = new ContentWorker(false);
    const timed = parseInWorker({ op: 'classifier', text: '{}' }, '"x.json"', { createWorker: () => slow, timeLimitMs: 60_000 });
    const check = expect(timed).rejects.toMatchObject({ code: 'bad-input', detail: 'time-limit: 60000 ms', message: expect.stringContaining('"x.json"') });
    vi.advanceTimersByTime(60_000);
    await check;
    expect(slow.terminated).toBe(true);
    vi.useRealTimers();

    const crashing = new ContentWorker(false);
    const crashed = parseInWorker({ op: 'classifier', text: '{}' }, '"x.json"', { createWorker: () => crashing });
    crashing.crash('out of memory');
    await expect(crashed).rejects.toMatchObject({ code: 'worker-crashed', detail: 'out of memory' });
    expect(crashing.terminated).toBe(true);
  });
});
