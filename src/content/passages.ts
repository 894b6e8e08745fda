/**
 * Turns the user's documents into knowledge-base passages for the Ask app: FAQ CSV files (one
 * passage per question/answer), Markdown (split by headings, then by paragraphs to fit the
 * embedding model's window) and plain text (by paragraphs).
 */
import { parseCsvRecords } from './csvRecords';
import { reason, refusal } from '../core';
import { chunkByTokens, estimateTokens, type CountTokens } from './chunking';
import { contentHash } from './contentHash';

export interface Passage {
  /** `${docId}#${n}`, n counting from 0 in document order. */
  id: string;
  docId: string;
  /** The passage itself: what QA reads and what the UI highlights. */
  text: string;
  /** Heading path ("Setup › Windows") or the FAQ question; embedded with the text for context. */
  title?: string;
  /** Character offsets of `text` in the source document, when it has a running text. */
  start?: number;
  end?: number;
  /** A link or source name from the file, shown with the answer. */
  source?: string;
  /** contentHash(passageEmbeddingText(passage)): decides whether it must be re-embedded. */
  hash: string;
}

export interface PassageChunkOptions {
  /** The embedding model's tokenizer; default an estimate. */
  countTokens?: CountTokens;
  /** Default 200: fits MiniLM (256) and leaves room for the question in the QA model (384). */
  maxTokens?: number;
  /** Default 32, so an answer spanning a cut is whole in one of the two passages. */
  overlapTokens?: number;
}

const DEFAULT_MAX_TOKENS = 200;
const DEFAULT_OVERLAP_TOKENS = 32;

/** The text the embedding model sees: the title gives short passages their context. */
export function passageEmbeddingText(passage: Pick<Passage, 'text' | 'title'>): string {
  return passage.title ? `${passage.title}\n${passage.text}` : passage.text;
}

function makePassage(fields: Omit<Passage, 'hash'>): Passage {
  const passage = { ...fields } as Passage;
  for (const key of ['title', 'start', 'end', 'source'] as const) if (passage[key] === undefined) delete passage[key];
  passage.hash = contentHash(passageEmbeddingText(passage));
  return passage;
}

function chunkOptions(options: PassageChunkOptions) {
  return {
    countTokens: options.countTokens ?? estimateTokens,
    maxTokens: options.maxTokens ?? DEFAULT_MAX_TOKENS,
    overlapTokens: options.overlapTokens ?? DEFAULT_OVERLAP_TOKENS,
  };
}

// ---------------------------------------------------------------------------------------------
// Markdown and plain text

export interface MarkdownSection {
  /** Heading texts from the top level down; empty before the first heading. */
  headings: string[];
  /** The section's body (without its heading line) as offsets in the document. */
  start: number;
  end: number;
}

const ATX_HEADING = /^ {0,3}(#{1,6})(?:[ \t]+(.*?))?(?:[ \t]+#+)?[ \t]*$/;
const SETEXT_UNDERLINE = /^ {0,3}(={2,}|-{2,})[ \t]*$/;
const LIST_OR_QUOTE = /^\s*(?:[-*+>]|\d{1,9}[.)])(?:\s|$)/;
const FENCE = /^ {0,3}(`{3,}|~{3,})/;

/**
 * Splits Markdown into sections at ATX ("## Title") and setext (underlined) headings, ignoring
 * "#" lines inside fenced code blocks and a leading YAML front-matter block.
 */
export function markdownSections(text: string): MarkdownSection[] {
  const lines: Array<{ start: number; end: number; next: number }> = [];
  const breaks = /\r\n|\r|\n/g;
  let from = 0;
  for (const match of text.matchAll(breaks)) {
    lines.push({ start: from, end: match.index, next: match.index + match[0].length });
    from = match.index + match[0].length;
  }
  lines.push({ start: from, end: text.length, next: text.length });
  const lineText = (i: number) => {
    const line = lines[i];
    return line ? text.slice(line.start, line.end) : '';
  };

  let first = 0;
  if (lineText(0) === '---') {
    const close = lines.findIndex((_, i) => i > 0 && /^(?:---|\.\.\.)\s*$/.test(lineText(i)));
    if (close > 0) first = close + 1;
  }

  const sections: MarkdownSection[] = [];
  const stack: Array<{ level: number; text: string }> = [];
  let bodyStart = lines[first]?.start ?? text.length;
  let fence: string | null = null;
  const open = (level: number, heading: string, headingStart: number, next: number) => {
    sections.push({ headings: stack.map((h) => h.text), start: bodyStart, end: headingStart });
    while (stack.length > 0 && (stack[stack.length - 1] as { level: number }).level >= level) stack.pop();
    if (heading !== '') stack.push({ level, text: heading });
    bodyStart = next;
  };

  for (let i = first; i < lines.length; i++) {
    const line = lines[i] as { start: number; end: number; next: number };
    const content = lineText(i);
    const fenceMatch = FENCE.exec(content);
    if (fence !== null) {
      if (fenceMatch && (fenceMatch[1] as string)[0] === fence[0] && (fenceMatch[1] as string).length >= fence.length) fence = null;
      continue;
    }
    if (fenceMatch) {
      fence = fenceMatch[1] as string;
      continue;
    }
    const atx = ATX_HEADING.exec(content);
    if (atx) {
      open((atx[1] as string).length, (atx[2] ?? '').trim(), line.start, line.next);
      continue;
    }
    // Setext: a one-line paragraph directly followed by === (level 1) or --- (level 2). A "---"
    // under a longer paragraph or a list item is treated as a rule, a simplification of CommonMark.
    const underline = i + 1 < lines.length ? SETEXT_UNDERLINE.exec(lineText(i + 1)) : null;
    const startsParagraph = i === first || line.start === bodyStart || lineText(i - 1).trim() === '';
    if (underline && startsParagraph && content.trim() !== '' && !LIST_OR_QUOTE.test(content)) {
      open((underline[1] as string)[0] === '=' ? 1 : 2, content.trim(), line.start, (lines[i + 1] as { next: number }).next);
      i++;
    }
  }
  sections.push({ headings: stack.map((h) => h.text), start: bodyStart, end: text.length });
  return sections.filter((s) => text.slice(s.start, s.end).trim() !== '');
}

export interface DocumentInput {
  id: string;
  text: string;
  /** Used as the passages' title when the text has no headings (e.g. the file name). */
  title?: string;
  format?: 'markdown' | 'text';
}

/**
 * Passages of a Markdown or plain-text document. Sections never share a passage (a heading starts
 * a new topic); within a section, paragraphs are packed up to the token limit with chunkByTokens.
 */
export function chunkDocument(doc: DocumentInput, options: PassageChunkOptions = {}): Passage[] {
  const opts = chunkOptions(options);
  const sections: MarkdownSection[] = doc.format === 'markdown' ? markdownSections(doc.text) : [{ headings: [], start: 0, end: doc.text.length }];
  const passages: Passage[] = [];
  for (const section of sections) {
    const body = doc.text.slice(section.start, section.end);
    const title = section.headings.length > 0 ? section.headings.join(' › ') : doc.title;
    for (const chunk of chunkByTokens(body, opts)) {
      passages.push(
        makePassage({
          id: `${doc.id}#${passages.length}`,
          docId: doc.id,
          text: chunk.text,
          title,
          start: section.start + chunk.start,
          end: section.start + chunk.end,
        }),
      );
    }
  }
  return passages;
}

// ---------------------------------------------------------------------------------------------
// FAQ CSV

export interface FaqParseResult {
  passages: Passage[];
  /** Rows without a question or an answer, left out. */
  skipped: number;
}

const QUESTION_COLUMNS = ['question', 'questions', 'q', 'frage', '问题'];
const ANSWER_COLUMNS = ['answer', 'answers', 'a', 'antwort', 'response', '答案'];
const SOURCE_COLUMNS = ['link', 'url', 'source'];

/**
 * Question/answer passages from a CSV with a header row (a "question" and an "answer" column;
 * other columns are ignored, except a link/url/source shown with answers). Long answers are split
 * to fit the window, each part keeping its question as the title, when `countTokens` or
 * `maxTokens` is given; by default one passage per row.
 */
export function parseFaqCsv(text: string, options: PassageChunkOptions & { docId?: string } = {}): FaqParseResult {
  const docId = options.docId ?? 'faq';
  const parsed = parseCsvRecords(text.replace(/^\uFEFF/, ''));
  const { quoteError } = parsed;
  if (quoteError) {
    throw refusal(reason('csvMalformedNear', { file: reason('theCsvFile'), row: quoteError.line }), { detail: quoteError.message });
  }
  const fields = parsed.fields.filter((f) => f !== '');
  const find = (names: string[]) => fields.find((f) => names.includes(f.toLowerCase()));
  const questionColumn = find(QUESTION_COLUMNS);
  const answerColumn = find(ANSWER_COLUMNS);
  if (!questionColumn || !answerColumn) {
    throw refusal(reason('faqColumnsMissing', { columns: fields.length > 0 ? fields.join(', ') : reason('columnsNone') }));
  }
  const sourceColumn = find(SOURCE_COLUMNS);
  const chunking = options.countTokens !== undefined || options.maxTokens !== undefined ? chunkOptions(options) : null;

  const passages: Passage[] = [];
  let skipped = 0;
  for (const row of parsed.rows) {
    const question = row[questionColumn]?.trim() ?? '';
    const answer = row[answerColumn]?.replace(/\r\n?/g, '\n').trim() ?? '';
    if (question === '' || answer === '') {
      skipped++;
      continue;
    }
    const source = sourceColumn ? row[sourceColumn]?.trim() || undefined : undefined;
    const parts = chunking ? chunkByTokens(answer, chunking).map((c) => c.text) : [answer];
    for (const part of parts) {
      passages.push(makePassage({ id: `${docId}#${passages.length}`, docId, text: part, title: question, source }));
    }
  }
  return { passages, skipped };
}

/** Passages from an imported file, by its extension: .csv FAQ, .md Markdown, anything else text. */
export function passagesFromFile(fileName: string, text: string, options: PassageChunkOptions & { docId?: string } = {}): Passage[] {
  const docId = options.docId ?? fileName;
  const extension = /\.([^.]+)$/.exec(fileName)?.[1]?.toLowerCase() ?? '';
  if (extension === 'csv') return parseFaqCsv(text, { ...options, docId }).passages;
  const format = extension === 'md' || extension === 'markdown' || extension === 'mdx' ? 'markdown' : 'text';
  return chunkDocument({ id: docId, text, title: fileName.replace(/\.[^.]+$/, ''), format }, options);
}
