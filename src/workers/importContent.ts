/**
 * The import worker's `content` operations (see ContentJob): the pure parsers of Ask's knowledge
 * base, a classifier file and a templates file, run where the worker runs them. A module of its own so Node tests can put it behind a fake worker; the app imports it
 * only from src/workers/import.worker.ts.
 */
import { parseFaqCsv, passagesFromFile, type Passage } from '../content/passages';
import { importTemplates } from '../content/templates';
import { parseClassifier } from '../customize/serialize';
import { inPieces, type ContentJob, type ContentResults, type ImportResponse } from './importProtocol';

/**
 * Passages per message. A 5 MB FAQ CSV makes 28,000 passages; in one message the page spent a
 * quarter of a second deserialising them (and collecting the garbage) in one task. In pieces of
 * 1,000 each takes a few milliseconds, as a table's rows do (ROWS_PER_MESSAGE).
 */
export const PASSAGES_PER_MESSAGE = 1_000;

export function content(job: ContentJob): ContentResults[ContentJob['op']] {
  switch (job.op) {
    case 'faq':
      return parseFaqCsv(job.text, job.options);
    case 'passages':
      return passagesFromFile(job.fileName, job.text, job.options);
    case 'classifier':
      return parseClassifier(job.text);
    case 'templates':
      return importTemplates(job.json, job.options);
  }
}

/**
 * The messages that carry a job's result to the page: a knowledge-base file's passages go ahead in
 * `passages` pieces and the answer carries the rest (the page puts them back with withPassages);
 * any other result is the answer. A parser's error is thrown, for the handler to answer with.
 */
export function contentResponses(id: number, job: ContentJob): ImportResponse[] {
  const answer = (result: unknown): ImportResponse => ({ type: 'answer', id, ok: true, result });
  const ahead = (passages: Passage[]): ImportResponse[] =>
    inPieces(passages, PASSAGES_PER_MESSAGE).map((piece): ImportResponse => ({ type: 'passages', id, passages: piece }));
  switch (job.op) {
    case 'faq': {
      const { passages, ...rest } = parseFaqCsv(job.text, job.options);
      return [...ahead(passages), answer({ ...rest, passages: [] })];
    }
    case 'passages':
      return [...ahead(passagesFromFile(job.fileName, job.text, job.options)), answer([])];
    default:
      return [answer(content(job))];
  }
}
