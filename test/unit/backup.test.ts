// idb's wrap() recognises requests and stores by `instanceof` against the global IDB classes, so
// the fake's classes must be installed globally; each test still gets its own fresh factory.
import 'fake-indexeddb/auto';
import { IDBFactory, IDBObjectStore } from 'fake-indexeddb';
import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import { BACKUP_FORMAT, exportWorkspace, importWorkspace } from '../../src/storage/backup';
import { Workspace, WORKSPACE_STORES, type DatasetRecord, type PassageRecord, type TemplateRecord, type WorkspaceSnapshot } from '../../src/storage/workspace';
import { WorkbenchError } from '../../src/core';

const T0 = 1_700_000_000_000;
const opened: Workspace[] = [];

/** A workspace on its own fresh database, as on another machine. */
function freshWorkspace(): Workspace {
  const workspace = new Workspace({ idbFactory: new IDBFactory(), locks: null });
  opened.push(workspace);
  return workspace;
}

function template(id: string, name: string): TemplateRecord {
  return { id, name, kind: 'custom', body: `Body of ${name}`, variables: [], createdAt: T0, updatedAt: T0 };
}

const UNICODE = 'Отзывы 😀👩‍👩‍👧 مرحبا بالعالم — 日本語 \u200f(RTL)\u200e e\u0301 \t"quotes" \\ \n';

const DATASET: DatasetRecord = {
  id: 'ds-1',
  name: `${UNICODE}.csv`,
  createdAt: T0,
  updatedAt: T0 + 1,
  source: { fileName: 'reviews.csv', format: 'csv' },
  columns: ['Review', 'مراجعة', '😀'],
  mapping: { text: 'Review', date: null },
  rowCount: 2,
  report: {
    total: 3,
    empty: [2],
    duplicates: [{ row: 3, duplicateOf: 1 }],
    unparsedDates: 0,
    unparsedRatings: 1,
    warnings: [],
    parseWarnings: ['Row 2 is blank.'],
  },
};

/**
 * Every kind of value IndexedDB holds and JSON does not, in an analysis (whose `data` is free-form;
 * a dataset's report has a shape the Insights view relies on, see recordChecks.ts).
 */
const EXOTIC = {
  nested: { deeper: { deepest: [1, [2, [3, { four: 4 }]]] } },
  importedAt: new Date(T0),
  invalidDate: new Date(Number.NaN),
  specialNumbers: [Number.NaN, Infinity, -Infinity, -0, 0, 1e-300, Number.MAX_SAFE_INTEGER],
  missing: undefined,
  undefinedInArray: [1, undefined, 3],
  big: 12345678901234567890n,
  raw: new Uint8Array([0, 255, 128]).buffer,
  bytes: new Uint8Array([1, 2, 3]),
  ints: new Int32Array([-1, 2 ** 31 - 1]),
  doubles: new Float64Array([Math.PI, -0]),
  bigs: new BigInt64Array([-(2n ** 63n)]),
  view: new DataView(new Uint8Array([9, 8, 7]).buffer),
  counts: new Map<unknown, unknown>([
    ['a', 1],
    [2, { b: new Set(['x']) }],
  ]),
  tags: new Set(['x', 'y']),
  pattern: /feature\s+request/giu,
  // A user object that happens to use the backup's tag key must not be mistaken for a tag.
  lookalike: { $llmaos: 'Float32Array', base64: 'not a tag', nested: { $llmaos: 'undefined' } },
  loneSurrogate: '\ud800 alone',
  emptyString: '',
  emptyObject: {},
  emptyArray: [],
  nullValue: null,
  flags: [true, false],
};

const PASSAGE: PassageRecord = {
  id: 'kb-1#0',
  knowledgeBaseId: 'kb-1',
  text: 'كيف أعيد تعيين كلمة المرور؟ How do I reset my password? 🔑',
  vector: new Float32Array([0.1, -0.2, 3.4028234663852886e38, 1.4e-45, -0, Number.NaN, Infinity]),
};

async function seed(workspace: Workspace): Promise<void> {
  await workspace.saveDataset(DATASET, [
    { text: UNICODE, rating: 5, date: '2023-11-14' },
    { text: 'שלום', rating: null },
  ]);
  await workspace.put('runs', {
    id: 'run-1',
    datasetId: 'ds-1',
    kind: 'sentiment',
    status: 'paused',
    total: 2,
    done: 1,
    params: { model: 'Xenova/distilbert', batchSize: 8 },
    startedAt: T0,
    updatedAt: T0,
  });
  await workspace.saveRunChunk('run-1', 0, 0, [{ label: 'positive', score: 0.99 }], { done: 1, status: 'paused' });
  await workspace.put('analyses', { id: 'an-1', datasetId: 'ds-1', kind: 'themes', createdAt: T0, updatedAt: T0, data: EXOTIC });
  await workspace.put('templates', template('tp-1', 'Release notes ✨'));
  await workspace.put('drafts', { id: 'dr-1', title: 'مسودة', text: 'Draft\r\nwith CRLF', createdAt: T0, updatedAt: T0 });
  await workspace.put('knowledgeBases', { id: 'kb-1', name: 'Help center', embeddingModel: 'Xenova/all-MiniLM-L6-v2', createdAt: T0, updatedAt: T0 });
  await workspace.put('passages', PASSAGE);
  // classifiers stays empty on purpose.
}

function failPut(storeName: string, error: Error): void {
  const realPut = IDBObjectStore.prototype.put;
  vi.spyOn(IDBObjectStore.prototype, 'put').mockImplementation(function (this: IDBObjectStore, ...args: Parameters<IDBObjectStore['put']>) {
    if (this.name === storeName) throw error;
    return realPut.apply(this, args);
  });
}

let source: Workspace;

beforeEach(async () => {
  source = freshWorkspace();
  await seed(source);
});

afterEach(() => {
  for (const workspace of opened.splice(0)) workspace.close();
  vi.restoreAllMocks();
});

describe('export', () => {
  it('writes one JSON file with the format header and every store, empty ones included', async () => {
    const before = Date.now();
    const file = JSON.parse(await exportWorkspace(source)) as Record<string, unknown>;

    expect(file).toMatchObject({ format: BACKUP_FORMAT, version: 1, schemaVersion: 1 });
    expect(Date.parse(file.exportedAt as string)).toBeGreaterThanOrEqual(before - 1000);
    const stores = file.stores as Record<string, unknown[]>;
    expect(Object.keys(stores)).toEqual([...WORKSPACE_STORES]);
    expect(stores.classifiers).toEqual([]);
    expect(stores.passages?.[0]).toMatchObject({ vector: { $llmaos: 'Float32Array', base64: expect.any(String) } });
  });

  it('refuses values a backup cannot hold, naming the record', async () => {
    await source.put('analyses', { id: 'an-err', datasetId: 'ds-1', kind: 'x', createdAt: T0, updatedAt: T0, data: { cause: new Error('boom') } });
    await expect(exportWorkspace(source)).rejects.toMatchObject({
      code: 'internal',
      message: expect.stringMatching(/analyses record 2, at data\.cause holds a value of type Error/),
    });
  });
});

describe('round trip', () => {
  it('restores every record exactly: typed arrays, dates, unicode, nested and special values', async () => {
    const original = await source.readAll();
    const target = freshWorkspace();

    const summary = await importWorkspace(target, await exportWorkspace(source), { mode: 'replace' });
    const restored = await target.readAll();

    expect(restored).toStrictEqual(original);
    const vector = restored.passages[0]?.vector;
    expect(vector).toBeInstanceOf(Float32Array);
    expect(new Uint8Array((vector as Float32Array).buffer)).toEqual(new Uint8Array((PASSAGE.vector as Float32Array).buffer));
    const report = restored.analyses[0]?.data as Record<string, unknown>;
    expect(report.importedAt).toBeInstanceOf(Date);
    expect(Object.is((report.specialNumbers as number[])[3], -0)).toBe(true);
    expect(report.lookalike).toStrictEqual({ $llmaos: 'Float32Array', base64: 'not a tag', nested: { $llmaos: 'undefined' } });
    expect(Object.hasOwn(report, 'missing')).toBe(true);
    expect(restored.datasets[0]?.name).toBe(`${UNICODE}.csv`);

    expect(summary.stores).toEqual({
      datasets: 1,
      datasetRows: 1,
      runs: 1,
      runResults: 1,
      analyses: 1,
      templates: 1,
      drafts: 1,
      knowledgeBases: 1,
      passages: 1,
      classifiers: 0,
    });
    expect(summary.skipped.join(' ')).toMatch(/Model weights/);
  });

  it('restores an empty workspace as empty', async () => {
    const empty = freshWorkspace();
    const target = freshWorkspace();
    await target.put('templates', template('tp-x', 'Will be replaced'));

    await importWorkspace(target, await exportWorkspace(empty), { mode: 'replace' });
    const restored = await target.readAll();
    for (const store of WORKSPACE_STORES) expect(restored[store]).toEqual([]);
  });

  it('a restored run resumes where it stopped', async () => {
    const target = freshWorkspace();
    await importWorkspace(target, await exportWorkspace(source), { mode: 'replace' });
    const loaded = await target.loadRunResults('run-1');
    expect(loaded.run?.status).toBe('paused');
    expect(loaded.remaining).toEqual([1]);
  });
});

describe('replace and merge', () => {
  let backup: string;
  let target: Workspace;

  beforeEach(async () => {
    const other = freshWorkspace();
    await other.putMany('templates', [template('shared', 'From the backup'), template('new', 'Only in the backup')]);
    backup = await exportWorkspace(other);
    target = freshWorkspace();
    await target.putMany('templates', [template('local', 'Only here'), template('shared', 'Local version')]);
    await target.put('drafts', { id: 'dr-local', title: 'Mine', text: '…', createdAt: T0, updatedAt: T0 });
  });

  it('replace makes the workspace equal to the backup', async () => {
    await importWorkspace(target, backup, { mode: 'replace' });
    expect(await target.getAll('templates')).toEqual([template('new', 'Only in the backup'), template('shared', 'From the backup')]);
    expect(await target.getAll('drafts')).toEqual([]);
  });

  it('merge adds the backup, the backup winning on equal keys, and keeps everything else', async () => {
    const summary = await importWorkspace(target, backup, { mode: 'merge' });
    expect(await target.getAll('templates')).toEqual([
      template('local', 'Only here'),
      template('new', 'Only in the backup'),
      template('shared', 'From the backup'),
    ]);
    expect((await target.getAll('drafts')).map((draft) => draft.id)).toEqual(['dr-local']);
    expect(summary.stores.templates).toBe(2);
  });

  it('rejects an unknown mode', async () => {
    await expect(importWorkspace(target, backup, { mode: 'overwrite' as 'merge' })).rejects.toMatchObject({ code: 'bad-input' });
  });
});

describe('invalid backups', () => {
  const valid = {
    format: BACKUP_FORMAT,
    version: 1,
    schemaVersion: 1,
    exportedAt: '2025-01-01T00:00:00.000Z',
    stores: { templates: [template('t', 'T')] },
  };
  const withStores = (stores: Record<string, unknown>) => JSON.stringify({ ...valid, stores });

  it.each<[string, string, RegExp]>([
    ['an empty file', '   ', /empty/],
    ['text that is not JSON', 'id,name\n1,reviews', /not valid JSON/],
    ['a truncated backup', JSON.stringify(valid).slice(0, 60), /not valid JSON/],
    ['a JSON array', '[]', /not an LLMaOS workspace backup/],
    [
      'another app’s format',
      JSON.stringify({ ...valid, format: 'llmaos-workbench/softmax-classifier' }),
      /not an LLMaOS workspace backup \(its format is "llmaos-workbench\/softmax-classifier"\)/,
    ],
    ['a newer backup format', JSON.stringify({ ...valid, version: 2 }), /newer version of the workbench.*Update the workbench/],
    ['a newer workspace schema', JSON.stringify({ ...valid, schemaVersion: 7 }), /newer version of the workbench \(backup format 1, workspace schema 7/],
    ['a missing version', JSON.stringify({ ...valid, version: undefined }), /version numbers are missing or invalid/],
    ['no stores section', JSON.stringify({ ...valid, stores: [] }), /no "stores" section/],
    ['an unknown store', withStores({ notes: [] }), /unknown store "notes"/],
    ['a store that is not a list', withStores({ datasets: {} }), /"datasets" is not a list/],
    ['a record that is not an object', withStores({ templates: ['hello'] }), /Record 1 of "templates" .*malformed: it is not an object/],
    [
      'a record without its key',
      withStores({ templates: [template('a', 'A'), { name: 'no id' }] }),
      /Record 2 of "templates" .*"id" must be non-empty text \(found missing\)/,
    ],
    [
      'a run with an unknown status',
      withStores({ runs: [{ id: 'r', datasetId: 'd', kind: 'k', status: 'exploded', total: 1, done: 0, startedAt: T0, updatedAt: T0 }] }),
      /"status" must be one of running, paused/,
    ],
    [
      'a run chunk with a fractional index',
      withStores({ runResults: [{ runId: 'r', chunk: 0.5, startIndex: 0, results: [] }] }),
      /"chunk" must be a whole number/,
    ],
    [
      'a vector with a partial element',
      withStores({ passages: [{ id: 'p', knowledgeBaseId: 'k', text: 't', vector: { $llmaos: 'Float32Array', base64: 'AAE=' } }] }),
      /Record 1 of "passages" .*Float32Array whose data is not a whole number of elements/,
    ],
    [
      'invalid base64',
      withStores({ passages: [{ id: 'p', knowledgeBaseId: 'k', text: 't', vector: { $llmaos: 'Float32Array', base64: '!!!' } }] }),
      /not valid base64/,
    ],
    ['an unknown value type', withStores({ templates: [{ ...template('t', 'T'), body: { $llmaos: 'Blob' } }] }), /unknown value type "Blob"/],
    ['a bad special number', withStores({ templates: [{ ...template('t', 'T'), body: { $llmaos: 'number', value: '42' } }] }), /the number "42"/],
    ['a duplicate key', withStores({ templates: [template('t', 'A'), template('t', 'B')] }), /Record 2 of "templates" .*key t appears twice/],
  ])('rejects %s with a clear message and changes nothing', async (_label, text, message) => {
    const before = await source.readAll();
    for (const mode of ['replace', 'merge'] as const) {
      const error = await importWorkspace(source, text, { mode }).catch((caught: unknown) => caught);
      expect(error).toBeInstanceOf(WorkbenchError);
      expect(error).toMatchObject({ code: 'bad-input' });
      expect((error as Error).message).toMatch(message);
    }
    expect(await source.readAll()).toStrictEqual(before);
  });

  it('a full disk during import reports storage-full and leaves the workspace as it was', async () => {
    const onStorageFull = vi.fn();
    source.listen({ onStorageFull });
    const before: WorkspaceSnapshot = await source.readAll();
    const other = freshWorkspace();
    await other.putMany('templates', [template('a', 'A'), template('b', 'B')]);
    await other.put('passages', PASSAGE);
    const backup = await exportWorkspace(other);
    // Passages are written after the stores were cleared and the templates written.
    failPut('passages', new DOMException('The quota has been exceeded.', 'QuotaExceededError'));

    const error = await importWorkspace(source, backup, { mode: 'replace' }).catch((caught: unknown) => caught);

    expect(error).toMatchObject({ code: 'storage-full', message: expect.stringContaining('the backup (3 records)') });
    expect(onStorageFull).toHaveBeenCalledExactlyOnceWith(error);
    vi.restoreAllMocks();
    expect(await source.readAll()).toStrictEqual(before);
  });
});
