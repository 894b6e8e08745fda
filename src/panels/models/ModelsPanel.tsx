/** Models: what serves each task, the model library with cache state, adding and importing models, storage. */
import { useEffect, useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { buildCatalog, type CatalogModel } from '../../models/catalog';
import { useAssignment } from '../../state/assignment';
import { useRuntime } from '../../state/runtime';
import { useSettings } from '../../state/settings';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { PanelShell } from '../../ui/PanelShell';
import { AddModelForm } from './AddModelForm';
import { useWeightCache } from './cacheStore';
import { ImportFolder } from './ImportFolder';
import { ModelList } from './ModelList';
import { StorageInfo } from './StorageInfo';
import { TaskAssignments } from './TaskAssignments';

/** Test models are listed only when they matter: fixtures preset, assigned, or cached. */
function visibleModels(catalog: CatalogModel[], showFixtures: boolean, assigned: Set<string>, cached: Set<string>): CatalogModel[] {
  return catalog.filter((m) => m.origin !== 'fixture' || showFixtures || assigned.has(m.id) || cached.has(m.id));
}

export function ModelsPanel() {
  const { t } = useTranslation();
  const preset = useSettings((s) => s.preset);
  const userModels = useSettings((s) => s.userModels);
  const assignment = useAssignment();
  const summaries = useWeightCache((s) => s.summaries);
  const cacheError = useWeightCache((s) => s.error);
  const refreshCache = useWeightCache((s) => s.refresh);
  const readyCount = useRuntime((s) => Object.values(s.progress).filter((p) => p.phase === 'ready').length);

  const catalog = useMemo(() => buildCatalog(userModels), [userModels]);
  const models = useMemo(
    () => visibleModels(catalog, preset === 'fixtures', new Set(Object.values(assignment)), new Set(Object.keys(summaries ?? {}))),
    [catalog, preset, assignment, summaries],
  );

  // On open, and whenever a model finishes loading (its weights are now cached).
  useEffect(() => void refreshCache(), [refreshCache, readyCount]);

  return (
    <PanelShell name="models" title={t('models.title')} intro={t('models.intro')} data-preset={preset}>
      <TaskAssignments catalog={catalog} assignment={assignment} />
      {cacheError ? <ErrorMessage error={cacheError} testId="cache-error" /> : null}
      <ModelList models={models} assignment={assignment} />
      <div className="two-columns">
        <AddModelForm catalog={catalog} />
        <ImportFolder />
      </div>
      <StorageInfo />
      <p className="hint">{t('models.presetNote', { preset: preset === 'fixtures' ? t('settings.presetFixtures') : t('settings.presetDefault') })}</p>
    </PanelShell>
  );
}
