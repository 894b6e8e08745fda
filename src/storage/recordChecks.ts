/**
 * The shapes the workspace's readers rely on, checked in one place. A record that passed the
 * old backup checks (keys and run bookkeeping only) could still blank the app: a dataset whose
 * `createdAt` is "yesterday" made `Intl.DateTimeFormat` throw, a row list `[1, null, "x"]` or a
 * report without `duplicates` broke the Insights view, a run of 300,000,000 rows or a chunk at
 * index 2^53−2 made `loadRunResults` allocate an impossible array.
 *
 * Two users: restore (backup.ts) refuses a file with any such record before writing anything,
 * naming the record and the field; the readers (workspace.ts, the panels) quarantine a record
 * already stored (written by an older build, another tool, or devtools) and report it, so one bad
 * record never takes the rest of the workspace with it.
 *
 * Checks return a problem ("\"createdAt\" must be a date (found \"yesterday\")") as a Reason (a
 * locale key with parameters, shown in the UI's language; `englishText` gives the English), or
 * null. They are deliberately about structure, not content: any text, any number of rows.
 */
import { reason, type Reason, type ReasonKey, type ReasonParam } from '../core';
import type { DatasetRecord, RunRecord, RunResultChunk, WorkspaceStoreName } from './workspace';

export type Problem = Reason | null;

/** Largest time value a JS Date accepts (±100,000,000 days from 1970). */
const MAX_TIME = 8.64e15;
/** Rows a dataset may have: far beyond any import (imports cap well below), far below array limits. */
export const MAX_DATASET_ROWS = 10_000_000;

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const proto = Object.getPrototypeOf(value) as unknown;
  return proto === Object.prototype || proto === null;
}

/** What was found instead, for the problem: the value itself when short, else its kind. */
function shown(value: unknown): ReasonParam {
  if (value === undefined) return reason('foundMissing');
  if (typeof value === 'string') return JSON.stringify(value.length > 40 ? `${value.slice(0, 37)}…` : value);
  if (typeof value === 'number' || typeof value === 'boolean' || value === null) return String(value);
  if (Array.isArray(value)) return reason('foundList', { count: value.length });
  return reason('foundType', { type: typeof value });
}

const count = (value: number): string => value.toLocaleString('en-US');

type Check = (value: unknown) => boolean;

const isString: Check = (v) => typeof v === 'string';
const isNonEmptyString: Check = (v) => typeof v === 'string' && v !== '';
const isCount: Check = (v) => Number.isSafeInteger(v) && (v as number) >= 0;
const isDate: Check = (v) => typeof v === 'number' && Number.isFinite(v) && Math.abs(v) <= MAX_TIME;
const isNullableString: Check = (v) => v === null || typeof v === 'string';
const isNullableNumber: Check = (v) => v === null || (typeof v === 'number' && Number.isFinite(v));
const isStringList: Check = (v) => Array.isArray(v) && v.every((item) => typeof item === 'string');
const isCountList: Check = (v) => Array.isArray(v) && v.every((item) => isCount(item));
const isObject: Check = (v) => isPlainObject(v);
const isList: Check = (v) => Array.isArray(v);

const DESCRIPTIONS = new Map<Check, ReasonKey>([
  [isString, 'expectText'],
  [isNonEmptyString, 'expectNonEmptyText'],
  [isCount, 'expectCount'],
  [isDate, 'expectDate'],
  [isNullableString, 'expectNullableText'],
  [isNullableNumber, 'expectNullableNumber'],
  [isStringList, 'expectTextList'],
  [isCountList, 'expectCountList'],
  [isObject, 'expectObject'],
  [isList, 'expectList'],
]);

type Shape = Record<string, Check>;

function invalidField(field: string, check: Check, value: unknown): Reason {
  return reason('recordFieldInvalid', { field, expected: reason(DESCRIPTIONS.get(check)!), found: shown(value) });
}

/** The first field of `record` that does not fit `shape`; `optional` fields may be absent. */
function fieldProblem(record: Record<string, unknown>, shape: Shape, optional: Shape = {}, prefix = ''): Problem {
  for (const [field, check] of Object.entries(shape)) {
    if (!check(record[field])) return invalidField(`${prefix}${field}`, check, record[field]);
  }
  for (const [field, check] of Object.entries(optional)) {
    if (record[field] !== undefined && !check(record[field])) return invalidField(`${prefix}${field}`, check, record[field]);
  }
  return null;
}

const notAnObject = (value: unknown): Reason => reason('recordNotObject', { found: shown(value) });

const RUN_STATUSES = ['running', 'paused', 'done', 'cancelled', 'failed'];

function reportProblem(report: unknown): Problem {
  if (report === undefined) return null;
  if (!isPlainObject(report)) return invalidField('report', isObject, report);
  const problem = fieldProblem(
    report,
    { total: isCount, empty: isCountList, duplicates: isList, unparsedDates: isCount, unparsedRatings: isCount },
    { warnings: isStringList, parseWarnings: isStringList },
    'report.',
  );
  if (problem) return problem;
  const duplicates = report.duplicates as unknown[];
  const bad = duplicates.findIndex((d) => !isPlainObject(d) || !isCount(d.row) || !isCount(d.duplicateOf));
  return bad === -1 ? null : reason('recordDuplicateInvalid', { field: `report.duplicates[${bad}]`, found: shown(duplicates[bad]) });
}

/** One row of a dataset as Insights reads it (FeedbackItem); extra fields are allowed. */
export function itemProblem(item: unknown): Problem {
  if (!isPlainObject(item)) return reason('recordNotRow', { found: shown(item) });
  return fieldProblem(
    item,
    { text: isString },
    { row: isCount, id: isString, date: isNullableString, rating: isNullableNumber, segment: isNullableString, duplicateOf: isNullableNumber },
  );
}

export function datasetProblem(record: unknown): Problem {
  if (!isPlainObject(record)) return notAnObject(record);
  const problem = fieldProblem(record, {
    id: isNonEmptyString,
    name: isString,
    createdAt: isDate,
    updatedAt: isDate,
    source: isObject,
    columns: isStringList,
    mapping: isObject,
    rowCount: isCount,
  });
  if (problem) return problem;
  const source = record.source as Record<string, unknown>;
  const sourceIssue = fieldProblem(source, { format: isString }, { fileName: isString }, 'source.');
  if (sourceIssue) return sourceIssue;
  const mapping = record.mapping as Record<string, unknown>;
  const badRole = Object.keys(mapping).find((role) => !isNullableString(mapping[role]));
  if (badRole !== undefined) return reason('recordMappingInvalid', { field: `mapping.${badRole}`, found: shown(mapping[badRole]) });
  if ((record.rowCount as number) > MAX_DATASET_ROWS)
    return reason('recordRowCountTooLarge', { found: shown(record.rowCount), limit: count(MAX_DATASET_ROWS) });
  return reportProblem(record.report);
}

/** The rows record; `rowCount` (the dataset's) when known, which the rows must match. */
export function datasetRowsProblem(record: unknown, rowCount?: number): Problem {
  if (!isPlainObject(record)) return notAnObject(record);
  const problem = fieldProblem(record, { datasetId: isNonEmptyString, items: isList });
  if (problem) return problem;
  const items = record.items as unknown[];
  for (let index = 0; index < items.length; index++) {
    const issue = itemProblem(items[index]);
    if (issue) return reason('recordRowMalformed', { row: count(index + 1), problem: issue });
  }
  if (rowCount !== undefined && items.length !== rowCount) {
    return reason('recordRowsMismatch', { rows: count(items.length), expected: count(rowCount) });
  }
  return null;
}

/** A run; `rowCount` is its dataset's, when known: a run never has more rows than its dataset. */
export function runProblem(record: unknown, rowCount?: number): Problem {
  if (!isPlainObject(record)) return notAnObject(record);
  const problem = fieldProblem(
    record,
    { id: isNonEmptyString, datasetId: isNonEmptyString, kind: isString, total: isCount, done: isCount, startedAt: isDate, updatedAt: isDate },
    { error: isString },
  );
  if (problem) return problem;
  if (!RUN_STATUSES.includes(record.status as string)) return reason('recordStatusInvalid', { allowed: RUN_STATUSES.join(', '), found: shown(record.status) });
  const run = record as unknown as RunRecord;
  const limit = rowCount ?? MAX_DATASET_ROWS;
  if (run.total > limit) {
    return rowCount === undefined
      ? reason('recordRunTotalBeyondAny', { total: count(run.total) })
      : reason('recordRunTotalTooLarge', { total: count(run.total), limit: count(limit) });
  }
  if (run.done > run.total) return reason('recordRunDoneBeyondTotal', { done: count(run.done), total: count(run.total) });
  return null;
}

/**
 * A chunk of run results; `total` is its run's row count. Chunks are numbered from 0 and each
 * holds at least one row, so a chunk number is always below the run's row count.
 */
export function chunkProblem(record: unknown, total?: number): Problem {
  if (!isPlainObject(record)) return notAnObject(record);
  const problem = fieldProblem(record, { runId: isNonEmptyString, chunk: isCount, startIndex: isCount, results: isList });
  if (problem) return problem;
  const chunk = record as unknown as RunResultChunk;
  const limit = total ?? MAX_DATASET_ROWS;
  if (chunk.chunk >= Math.max(1, limit)) return reason('recordChunkBeyondRun', { chunk: count(chunk.chunk), limit: count(limit) });
  if (chunk.startIndex + chunk.results.length > limit) {
    return reason('recordChunkRowsBeyondRun', {
      first: count(chunk.startIndex + 1),
      last: count(chunk.startIndex + chunk.results.length),
      limit: count(limit),
    });
  }
  return null;
}

const SIMPLE_SHAPES: Partial<Record<WorkspaceStoreName, { required: Shape; optional?: Shape }>> = {
  analyses: {
    required: { id: isNonEmptyString, datasetId: isNonEmptyString, kind: isString, createdAt: isDate, updatedAt: isDate },
    optional: { runId: isString },
  },
  templates: { required: { id: isNonEmptyString, name: isString, kind: isString, body: isString, variables: isList, createdAt: isDate, updatedAt: isDate } },
  drafts: { required: { id: isNonEmptyString, title: isString, text: isString, createdAt: isDate, updatedAt: isDate }, optional: { templateId: isString } },
  knowledgeBases: {
    required: { id: isNonEmptyString, name: isString, createdAt: isDate, updatedAt: isDate },
    optional: { embeddingModel: isString, documents: isList },
  },
  passages: { required: { id: isNonEmptyString, knowledgeBaseId: isNonEmptyString, text: isString } },
  classifiers: {
    required: { id: isNonEmptyString, name: isString, createdAt: isDate, updatedAt: isDate },
    optional: { labels: isStringList, embeddingModel: isString },
  },
};

/**
 * The problem of one record of `store` on its own (no cross-record facts). The run/row bounds
 * that need the dataset are checked by `crossProblems` and by the readers.
 */
export function recordProblem(store: WorkspaceStoreName, record: unknown): Problem {
  switch (store) {
    case 'datasets':
      return datasetProblem(record);
    case 'datasetRows':
      return datasetRowsProblem(record);
    // Their bounds come from the dataset and the run: crossProblems checks them and names both.
    case 'runs':
      return runProblem(record, Infinity);
    case 'runResults':
      return chunkProblem(record, Infinity);
    default: {
      if (!isPlainObject(record)) return notAnObject(record);
      const shape = SIMPLE_SHAPES[store];
      return shape ? fieldProblem(record, shape.required, shape.optional) : null;
    }
  }
}

export interface CrossProblem {
  store: WorkspaceStoreName;
  /** Index in the store's list. */
  index: number;
  problem: Reason;
}

/**
 * Checks that need two records: rows against their dataset's row count, runs against their
 * dataset, chunks against their run. `known` adds records that are not in `stores` but will be
 * next to them (the workspace's own, for a merge).
 */
export function crossProblems(
  stores: {
    datasets?: readonly DatasetRecord[];
    datasetRows?: readonly { datasetId: string; items: unknown[] }[];
    runs?: readonly RunRecord[];
    runResults?: readonly RunResultChunk[];
  },
  known: { datasetRows?: ReadonlyMap<string, number>; runTotals?: ReadonlyMap<string, number> } = {},
): CrossProblem | null {
  const rowCounts = new Map(known.datasetRows ?? []);
  for (const dataset of stores.datasets ?? []) rowCounts.set(dataset.id, dataset.rowCount);
  for (const [index, rows] of (stores.datasetRows ?? []).entries()) {
    const rowCount = rowCounts.get(rows.datasetId);
    if (rowCount === undefined) return { store: 'datasetRows', index, problem: reason('recordDatasetNotInBackup', { id: rows.datasetId }) };
    if (rows.items.length !== rowCount) {
      return { store: 'datasetRows', index, problem: reason('recordRowsMismatch', { rows: count(rows.items.length), expected: count(rowCount) }) };
    }
  }
  const totals = new Map(known.runTotals ?? []);
  for (const [index, run] of (stores.runs ?? []).entries()) {
    const rowCount = rowCounts.get(run.datasetId);
    if (rowCount === undefined) return { store: 'runs', index, problem: reason('recordDatasetNotInBackup', { id: run.datasetId }) };
    const problem = runProblem(run, rowCount);
    if (problem) return { store: 'runs', index, problem };
    totals.set(run.id, run.total);
  }
  for (const [index, chunk] of (stores.runResults ?? []).entries()) {
    const total = totals.get(chunk.runId);
    if (total === undefined) return { store: 'runResults', index, problem: reason('recordRunNotInBackup', { id: chunk.runId }) };
    const problem = chunkProblem(chunk, total);
    if (problem) return { store: 'runResults', index, problem };
  }
  return null;
}
