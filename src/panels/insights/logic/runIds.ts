/**
 * The ids under which a dataset's computed results are saved, one per kind. They live apart from
 * datasets.ts so the runs that write results (pipeline, themes, categoryRun) and the dataset code
 * that opens, resets and deletes them share the ids without importing each other.
 */
export const sentimentRunId = (datasetId: string) => `sentiment-${datasetId}`;
export const embedRunId = (datasetId: string) => `embed-${datasetId}`;
export const themesAnalysisId = (datasetId: string) => `themes-${datasetId}`;
/** The custom classifier's "category" column (see categoryRun.ts). */
export const categoryRunId = (datasetId: string) => `category-${datasetId}`;
