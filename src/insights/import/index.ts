/** Feedback import: files and pasted text → ParsedTable → FeedbackItems. */
export { parseFeedbackFile, parsePastedText, type ParseOptions, type PasteOptions } from './parse';
export { guessColumns, columnStats, type ColumnGuess, type ColumnStats } from './columns';
export { toFeedbackItems, parseRating, normalizeForDuplicates, DATASET_ROW_LIMIT, type ImportReport } from './items';
export { parseDate, detectDayFirst, type DateOptions } from './dates';
export { findJsonError } from './json';
export type { LossyUtf8Policy } from './decode';
