/**
 * A model loaded in the background before the user asks for it, so that their first run starts at
 * once (Write when it opens, Summarize once a text is in). The load itself is the SDK's
 * `models.prepare`: stored files only, no other model unloaded, so a wrong guess costs nothing.
 *
 *   const preparation = createModelPreparation({
 *     prepare: (signal) => deps().client.models.prepare('summarization', { signal }),
 *     onPreparingChange: (preparing) => set({ preparing }),
 *     purpose: 'the summarizer',
 *   });
 *   // panel opens / text arrives: preparation.start(); panel closes: preparation.stop()
 */
import { isCancelled } from '../core';

export interface ModelPreparation {
  /**
   * Starts the background load, unless one is in progress or this visit already tried (a model
   * that is not stored stays not stored until the user runs it, so asking again on every
   * keystroke would only read the storage again). `worthIt`, asked only when a load would start,
   * can still decline (e.g. the text is in a language the model does not know).
   */
  start(worthIt?: () => boolean): void;
  /** Aborts the background load (the user left the panel; a loaded model stays) and forgets the try. */
  stop(): void;
}

export interface ModelPreparationOptions {
  prepare(signal: AbortSignal): Promise<unknown>;
  onPreparingChange(preparing: boolean): void;
  /** Names the model in the log line a failed preparation leaves, e.g. 'the writing model'. */
  purpose: string;
}

export function createModelPreparation({ prepare, onPreparingChange, purpose }: ModelPreparationOptions): ModelPreparation {
  let current: AbortController | null = null;
  let tried = false;

  return {
    start(worthIt) {
      if (current || tried || (worthIt && !worthIt())) return;
      const controller = new AbortController();
      current = controller;
      tried = true;
      onPreparingChange(true);
      prepare(controller.signal)
        .catch((error: unknown) => {
          // Nobody asked for this load: its failure is not shown. The user's run loads the model
          // again and shows what goes wrong then; the log keeps this one for a bug report.
          if (!isCancelled(error)) console.warn(`[llmaos] ${purpose} could not be loaded ahead of its first run`, error);
        })
        .finally(() => {
          // A preparation stopped and started again meanwhile: its successor owns the state.
          if (current !== controller) return;
          current = null;
          onPreparingChange(false);
        });
    },

    stop() {
      current?.abort();
      const wasPreparing = current !== null;
      current = null;
      tried = false;
      if (wasPreparing) onPreparingChange(false);
    },
  };
}
