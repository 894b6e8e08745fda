/**
 * The import worker's `content` operations (see ContentJob): the pure parsers of Ask's knowledge
 * base, a classifier file, a templates file and a workspace backup, run where the worker runs
 * them. A module of its own so Node tests can put it behind a fake worker; the app imports it
 * only from src/workers/import.worker.ts.
 */
import { parseFaqCsv, passagesFromFile } from '../content/passages';
import { importTemplates } from '../content/templates';
import { parseClassifier } from '../customize/serialize';
import { parseBackup } from '../storage/backup';
import type { ContentJob, ContentResults } from './importProtocol';

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
    case 'backup':
      return parseBackup(job.text, job.currentSchema, job.known);
  }
}
