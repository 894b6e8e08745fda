/** What the IndexedDB weight cache holds, per model; refreshed after loads, deletes and imports. */
import { create } from 'zustand';
import { weightCache } from '../../app/workbench';

export type CacheSummaries = Awaited<ReturnType<(typeof weightCache)['summaries']>>;
export type CacheSummary = CacheSummaries[string];

interface CacheState {
  summaries: CacheSummaries | null;
  error: unknown;
  refresh(): Promise<void>;
}

let latest = 0;

export const useWeightCache = create<CacheState>()((set) => ({
  summaries: null,
  error: null,
  refresh: async () => {
    const mine = ++latest;
    try {
      const summaries = await weightCache.summaries();
      if (mine === latest) set({ summaries, error: null });
    } catch (error) {
      if (mine === latest) set({ error });
    }
  },
}));
