/**
 * Benchmark datasets, loaded in Node. Shared by every bench suite (the browser suite passes the
 * same texts into the page), so all suites measure the same rows.
 */
import { readFile } from 'node:fs/promises';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import Papa from 'papaparse';

export const ROOT = resolve(dirname(fileURLToPath(import.meta.url)), '..');
/** CI clones the repo with the shared folder beside it. */
export const SHARED_DIR = resolve(process.env.LLMAOS_SHARED ?? join(ROOT, '..', 'shared'));
export const DATASETS_DIR = join(SHARED_DIR, 'datasets');
export const MODELS_DIR = join(SHARED_DIR, 'models');

/** Parses a delimited text file with a header row into objects (quoted fields, BOM, CRLF). */
export async function readTable(path, { delimiter } = {}) {
  // papaparse keeps a UTF-8 BOM in the first header name ("\uFEFFrating"): drop it first.
  const text = (await readFile(path, 'utf8')).replace(/^\uFEFF/, '');
  const parsed = Papa.parse(text, { header: true, delimiter, skipEmptyLines: true });
  // Papa reports every oddity; only a broken quote would make rows unusable.
  const fatal = parsed.errors.filter((e) => e.type === 'Quotes');
  if (fatal.length) throw new Error(`${path}: ${fatal.length} parse errors, first: row ${fatal[0].row}: ${fatal[0].message}`);
  return parsed.data;
}

/**
 * Amazon Alexa reviews (3150 rows, TSV with BOM and CRLF, some reviews quoted): the first
 * `limit` non-empty `verified_reviews`, in file order, with their star rating and the
 * dataset's feedback label (1 positive, 0 negative).
 * @returns {Promise<{ text: string, rating: number, feedback: 0 | 1 }[]>}
 */
export async function loadAlexaReviews({ limit = 1000 } = {}) {
  const path = join(DATASETS_DIR, 'amazon_alexa_reviews', 'amazon_alexa.tsv');
  const rows = (await readTable(path, { delimiter: '\t' }))
    .filter((row) => typeof row.verified_reviews === 'string' && row.verified_reviews.trim() !== '')
    .slice(0, limit)
    .map((row) => ({ text: row.verified_reviews, rating: Number(row.rating), feedback: Number(row.feedback) }));
  if (rows.length < limit) throw new Error(`${path}: only ${rows.length} non-empty reviews, ${limit} wanted`);
  return rows;
}

/**
 * A mix of real app and product reviews for the Feedback Insights benchmark: every non-empty
 * Alexa review (3,071), then App Store reviews (3,000, quoted multi-line texts, up to 1,800
 * characters) until `limit`. Lengths vary from one word to paragraphs, as in real imports.
 * @returns {Promise<{ text: string, source: 'alexa' | 'appstore' }[]>}
 */
export async function loadReviewMix({ limit = 5000 } = {}) {
  const alexa = (await readTable(join(DATASETS_DIR, 'amazon_alexa_reviews', 'amazon_alexa.tsv'), { delimiter: '\t' }))
    .map((row) => (typeof row.verified_reviews === 'string' ? row.verified_reviews.trim() : ''))
    .filter((text) => text !== '')
    .map((text) => ({ text, source: 'alexa' }));
  const appstore = (await readTable(join(DATASETS_DIR, 'appstore_reviews_category_sentiment_vu', 'dataset.csv')))
    .map((row) => (typeof row.review === 'string' ? row.review.trim() : ''))
    .filter((text) => text !== '')
    .map((text) => ({ text, source: 'appstore' }));
  const rows = [...alexa, ...appstore].slice(0, limit);
  if (rows.length < limit) throw new Error(`only ${rows.length} non-empty reviews, ${limit} wanted`);
  return rows;
}
