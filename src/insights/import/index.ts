/** Feedback import: files and pasted text → ParsedTable → FeedbackItems. */
export { parseFeedbackFile, parsePastedText, type ParseOptions, type PasteOptions } from './parse';
export { guessColumns, columnStats, type ColumnGuess } from './columns';
export { toFeedbackItems, parseRating, DATASET_ROW_LIMIT, type ImportReport } from './items';
export { parseDate, detectDayFirst } from './dates';
export { findJsonError } from './json';
