/** Whether the open dataset has a "category" column (a custom classifier ran on it), and its classifier. */
import { useMemo } from 'react';
import { categoryParamsOf } from './logic/categories';
import { useInsights } from './store';

export interface CategoryColumn {
  present: boolean;
  /** `custom:<name>`, null when no category run exists. */
  model: string | null;
  /** The classifier's categories, in its order. */
  labels: readonly string[];
}

const NONE: CategoryColumn = { present: false, model: null, labels: [] };

export function useCategoryColumn(): CategoryColumn {
  const params = useInsights((s) => s.categoryRun?.params);
  return useMemo(() => {
    const parsed = categoryParamsOf(params);
    return parsed ? { present: true, model: parsed.model, labels: parsed.labels } : NONE;
  }, [params]);
}
