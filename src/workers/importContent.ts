/**
 * The import worker's `content` operations (see ContentJob): the pure parsers of Ask's knowledge
 * base, a classifier file and a templates file, run where the worker runs them, and the saves of
 * the last two. A module of its own so Node tests can put it behind a fake worker; the app
 * imports it only from src/workers/importHandler.ts.
 */
import { parseFaqCsv, passagesFromFile, type Passage } from '../content/passages';
import { importTemplates, templateToRecord } from '../content/templates';
import { checkRecord, nameFromFileName, recordFromModel } from '../customize/classifierRecord';
import { parseClassifier } from '../customize/serialize';
import type { Workspace } from '../storage/workspace';
import {
  inPieces,
  type ClassifierFileJob,
  type ContentJob,
  type ImportedClassifier,
  type ImportResponse,
  type SavedTemplates,
  type TextSource,
} from './importProtocol';

/**
 * Passages per message. A 5 MB FAQ CSV makes 28,000 passages; in one message the page spent a
 * quarter of a second deserialising them (and collecting the garbage) in one task. In pieces of
 * 1,000 each takes a few milliseconds, as a table's rows do (ROWS_PER_MESSAGE).
 */
export const PASSAGES_PER_MESSAGE = 1_000;

function textOf(source: TextSource): Promise<string> {
  return typeof source === 'string' ? Promise.resolve(source) : source.text();
}

/**
 * Reads, checks and saves a templates file, and tells the page only the ids and notes. Saved here
 * rather than by the page: a 5 MB file of 500 templates took the page 80 ms to hand to IndexedDB
 * (the browser clones every record on the thread that calls put), 40 ms to read and post as text
 * and 90 ms to receive back, in one task. The page posts the file (a handle, not its bytes) and
 * reads its library again in short pieces (the templates repository's list).
 */
async function importTemplateFile(job: Extract<ContentJob, { op: 'templates' }>, workspace: Workspace): Promise<SavedTemplates> {
  const { templates, warnings } = importTemplates(await job.file.text(), job.options);
  await workspace.putMany(
    'templates',
    templates.map((template) => templateToRecord(template, job.savedAt)),
  );
  return { ids: templates.map((template) => template.id), warnings };
}

/**
 * Reads, checks and saves a classifier file, or asks for the user's choice of embedding model
 * first (see ClassifierFileJob). Saved here for the same reason as templates: for a 7 MB file of
 * 1,000 categories the page spent 70 ms receiving the model and 155 ms handing it to IndexedDB,
 * in one task. The taken names are read here too, so the page never loads the saved weights.
 */
async function importClassifierFile(job: ClassifierFileJob, workspace: Workspace): Promise<ImportedClassifier> {
  const model = parseClassifier(await job.file.text());
  const taken = (await workspace.getAll('classifiers')).flatMap((stored) => checkRecord(stored)?.name ?? []);
  const { embeddingModel: chosen } = job;
  const record = recordFromModel(model, { id: job.id, fallbackName: nameFromFileName(job.fileName), taken, now: job.savedAt, embeddingModel: chosen });
  const named = record.embeddingModel;
  if (chosen === undefined && named !== undefined && !job.library.includes(named)) return { kind: 'confirm', name: record.name, embeddingModel: named };
  await workspace.put('classifiers', record);
  return { kind: 'saved', name: record.name };
}

/**
 * The messages that carry a job's result to the page: a knowledge-base file's passages go ahead in
 * `passages` pieces and the answer carries the rest (the page puts them back with withPassages);
 * any other result is the answer. A parser's error (or the workspace's, for templates) is thrown,
 * for the handler to answer with.
 */
export async function contentResponses(id: number, job: ContentJob, workspace: Workspace): Promise<ImportResponse[]> {
  const answer = (result: unknown): ImportResponse => ({ type: 'answer', id, ok: true, result });
  const ahead = (passages: Passage[]): ImportResponse[] =>
    inPieces(passages, PASSAGES_PER_MESSAGE).map((piece): ImportResponse => ({ type: 'passages', id, passages: piece }));
  switch (job.op) {
    case 'faq': {
      const { passages, ...rest } = parseFaqCsv(await textOf(job.source), job.options);
      return [...ahead(passages), answer({ ...rest, passages: [] })];
    }
    case 'passages':
      return [...ahead(passagesFromFile(job.fileName, await textOf(job.source), job.options)), answer([])];
    case 'classifier':
      return [answer(await importClassifierFile(job, workspace))];
    case 'templates':
      return [answer(await importTemplateFile(job, workspace))];
  }
}
