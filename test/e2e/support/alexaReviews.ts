/** The Amazon Alexa reviews from ../shared/datasets, as the import specs build their files from them. */
import { readFileSync } from 'node:fs';
import path from 'node:path';
import Papa from 'papaparse';

export const ALEXA = path.resolve(import.meta.dirname, '../../../../shared/datasets/amazon_alexa_reviews/amazon_alexa.tsv');

export interface Review {
  rating: string;
  date: string;
  variation: string;
  text: string;
}

/** Every review with text, in file order. */
export function alexaReviews(): Review[] {
  const parsed = Papa.parse<Record<string, string>>(readFileSync(ALEXA, 'utf8'), { header: true, delimiter: '\t', skipEmptyLines: true });
  return parsed.data
    .filter((row) => (row.verified_reviews ?? '').trim() !== '')
    .map((row) => ({ rating: row.rating ?? '', date: row.date ?? '', variation: row.variation ?? '', text: row.verified_reviews ?? '' }));
}
