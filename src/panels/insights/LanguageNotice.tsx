/**
 * The language routing of the open dataset, before anything runs: rows mostly in Chinese go to a
 * Chinese-capable sentiment model instead of the English-only one (which would still answer,
 * confidently and wrongly); when none is available the notice says so. The user can choose the
 * model for this dataset; the choice is remembered (src/state/modelChoices.ts).
 */
import type { FeedbackItem } from '../../insights';
import { useRouteChoice } from '../../state/modelChoices';
import { LanguageRouteNotice } from '../../ui/LanguageRouteNotice';
import { datasetLanguageMix, datasetScope } from './pipeline';
import { useInsights } from './store';

export function LanguageNotice({ items, datasetId }: { items: readonly FeedbackItem[]; datasetId: string }) {
  const scope = datasetScope(datasetId);
  const mix = datasetLanguageMix(items);
  const routing = useRouteChoice('sentiment', mix, scope);
  const running = useInsights((s) => s.jobStatus === 'running');
  return <LanguageRouteNotice task="sentiment" mix={mix} {...routing} testIdPrefix="insights" disabled={running} />;
}
