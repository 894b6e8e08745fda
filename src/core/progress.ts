/**
 * Progress reports: a model's download and initialisation, and the items of one request.
 *
 * Part of the kernel (src/core): imports nothing of the project.
 */

/** Download and initialisation progress of one model, all its files combined. */
export interface LoadProgress {
  modelId: string;
  phase: 'downloading' | 'initializing' | 'ready';
  loadedBytes: number;
  totalBytes: number;
  files: Record<string, { loaded: number; total: number }>;
}

/** Progress through the items of one request (rows classified, tokens generated, ...). */
export interface WorkProgress {
  done: number;
  total: number;
  /**
   * For calls that go through stages, which one this is: the SDK's `summarize` first splits a
   * long text (`chunking`, in characters), then summarizes it (`summarizing`, in tokens of a
   * one-window text or in steps of a summary in parts).
   */
  stage?: 'chunking' | 'summarizing';
}
