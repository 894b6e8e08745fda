/** Every model the workbench knows, grouped by task. */
import { useTranslation } from 'react-i18next';
import type { CatalogModel, TaskAssignment } from '../../models/catalog';
import { taskLabel } from '../../ui/taskLabels';
import { TASKS } from '../../core';
import { useWeightCache } from './cacheStore';
import { ModelRow } from './ModelRow';

export function ModelList({ models, assignment }: { models: CatalogModel[]; assignment: TaskAssignment }) {
  const { t } = useTranslation();
  const summaries = useWeightCache((s) => s.summaries);
  return (
    <div className="card">
      <h2>{t('models.libraryTitle')}</h2>
      <p className="muted">{t('models.libraryIntro')}</p>
      {TASKS.map((task) => {
        const forTask = models.filter((m) => m.task === task);
        if (forTask.length === 0) return null;
        return (
          <section key={task} className="model-group" aria-label={taskLabel(t, task)}>
            <h3>{taskLabel(t, task)}</h3>
            <ul className="model-list">
              {forTask.map((model) => (
                <ModelRow
                  key={model.id}
                  model={model}
                  assigned={assignment[task] === model.id}
                  summary={summaries?.[model.id]}
                  cacheKnown={summaries !== null}
                />
              ))}
            </ul>
          </section>
        );
      })}
    </div>
  );
}
