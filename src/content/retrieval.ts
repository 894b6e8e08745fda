/**
 * The Ask app's retrieval layer in one import: vector search, passage making and the hashes that
 * decide what to re-embed. The pieces live in small modules of their own.
 */
export { cosineTopK, packVectors } from './vectorSearch';
export { contentHash, diffPassages } from './contentHash';
export { chunkDocument, markdownSections, parseFaqCsv, passageEmbeddingText, passagesFromFile, type Passage } from './passages';
