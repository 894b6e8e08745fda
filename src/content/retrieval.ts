/**
 * The Ask app's retrieval layer in one import: vector search, passage making and the hashes that
 * decide what to re-embed. The pieces live in small modules of their own.
 */
export { cosineTopK, packVectors, type ScoredIndex, type VectorMatrix } from './vectorSearch';
export { contentHash, diffPassages, type PassageDiff, type StoredPassage } from './contentHash';
export {
  chunkDocument,
  markdownSections,
  parseFaqCsv,
  passageEmbeddingText,
  passagesFromFile,
  type DocumentInput,
  type FaqParseResult,
  type MarkdownSection,
  type Passage,
  type PassageChunkOptions,
} from './passages';
