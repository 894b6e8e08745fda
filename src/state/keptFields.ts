/**
 * What the user has typed into a panel and not yet run (Classify's box, Summarize's text, Ask's
 * question, Write's fields), kept in localStorage so a reload, a crash or a closed tab does not
 * lose it. Results and saved work live in the workspace (IndexedDB); this is only the unsent text,
 * kept per panel and read back when the page opens.
 *
 * localStorage, not the workspace: it is read synchronously, so the panel opens with the text in
 * it instead of filling it a moment later (and overwriting what the user began to type).
 */
import type { StoreApi } from 'zustand';
import { localStorageOrNull } from './browserStorage';

const KEY_PREFIX = 'llmaos-typed-';
/**
 * A field longer than this is not kept: localStorage holds a few MB per site, shared with the
 * settings. A paste this long (about 1,000 reviews) belongs in a dataset, which Insights keeps.
 */
export const MAX_KEPT_CHARS = 100_000;
/** A burst of keystrokes is one write. */
const WRITE_DELAY_MS = 400;

/** Per kept field, what turns the stored JSON back into the field's value (undefined: not valid). */
export type FieldReaders<S> = { [K in keyof S]?: (raw: unknown) => S[K] | undefined };

export interface KeptFields {
  /** Writes what is pending now (the page also does on `pagehide`). */
  flush(): void;
  /** Stops keeping (tests). */
  stop(): void;
}

/** The stored fields, each checked by its reader; a damaged or user-edited entry gives nothing. */
export function readKeptFields<S>(name: string, readers: FieldReaders<S>, storage: Storage | null = localStorageOrNull()): Partial<S> {
  let parsed: unknown;
  try {
    parsed = JSON.parse(storage?.getItem(KEY_PREFIX + name) ?? 'null');
  } catch {
    return {};
  }
  if (typeof parsed !== 'object' || parsed === null) return {};
  const kept: Partial<S> = {};
  for (const field of Object.keys(readers) as (keyof S)[]) {
    if (!Object.hasOwn(parsed, field)) continue;
    const value = readers[field]?.((parsed as Record<PropertyKey, unknown>)[field]);
    if (value !== undefined) kept[field] = value;
  }
  return kept;
}

/**
 * Puts the kept fields back into `store`, then keeps them as they change. A field over
 * MAX_KEPT_CHARS is left out (an older, shorter text is never brought back in its place).
 */
export function keepFields<S>(store: StoreApi<S>, name: string, readers: FieldReaders<S>, storage: Storage | null = localStorageOrNull()): KeptFields {
  const fields = Object.keys(readers) as (keyof S)[];
  const kept = readKeptFields(name, readers, storage);
  if (Object.keys(kept).length > 0) store.setState(kept);

  let timer: ReturnType<typeof setTimeout> | null = null;
  const flush = () => {
    if (timer !== null) clearTimeout(timer);
    timer = null;
    const state = store.getState();
    const entry: Record<string, string> = {};
    for (const field of fields) {
      const value = state[field];
      // A text over the bar is not serialized at all: its JSON is at least as long (a 5-MB import).
      if (typeof value === 'string' && value.length > MAX_KEPT_CHARS) continue;
      const json = JSON.stringify(value);
      if (json !== undefined && json.length <= MAX_KEPT_CHARS) entry[field as string] = json;
    }
    try {
      // Each field's JSON is spliced in as written above rather than serialized a second time.
      const fieldsJson = Object.entries(entry).map(([field, json]) => `${JSON.stringify(field)}:${json}`);
      storage?.setItem(KEY_PREFIX + name, `{${fieldsJson.join(',')}}`);
    } catch {
      // A full localStorage only means this text is not kept over a reload; the page still has it.
    }
  };
  const unsubscribe = store.subscribe((state, previous) => {
    if (!fields.some((field) => state[field] !== previous[field])) return;
    if (timer === null) timer = setTimeout(flush, WRITE_DELAY_MS);
  });
  const onPageHide = () => {
    if (timer !== null) flush();
  };
  const page = typeof window === 'undefined' ? null : window;
  page?.addEventListener('pagehide', onPageHide);
  return {
    flush,
    stop: () => {
      unsubscribe();
      if (timer !== null) clearTimeout(timer);
      page?.removeEventListener('pagehide', onPageHide);
    },
  };
}

/** A reader for a text field. */
export const keptText = (raw: unknown): string | undefined => (typeof raw === 'string' ? raw : undefined);
