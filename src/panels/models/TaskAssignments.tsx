/** Which model serves each task: one select per task, among that task's catalog models. */
import { useTranslation } from 'react-i18next';
import { PRESETS, modelsForTask, type CatalogModel, type TaskAssignment } from '../../models/catalog';
import { useSettings } from '../../state/settings';
import { taskDescription, taskLabel } from '../../ui/taskLabels';
import { TASKS } from '../../core';

export function TaskAssignments({ catalog, assignment }: { catalog: CatalogModel[]; assignment: TaskAssignment }) {
  const { t } = useTranslation();
  const preset = useSettings((s) => s.preset);
  const assign = useSettings((s) => s.assign);

  return (
    <div className="card">
      <h2>{t('models.assignTitle')}</h2>
      <p className="muted">{t('models.assignIntro')}</p>
      <div className="assign-grid">
        {TASKS.map((task) => {
          const id = `assign-${task}`;
          return (
            <div className="assign-item" key={task}>
              <label htmlFor={id} className="field-label">
                {taskLabel(t, task)}
              </label>
              <select
                id={id}
                className="select"
                data-testid={id}
                value={assignment[task]}
                onChange={(e) => assign(task, e.target.value === PRESETS[preset][task] ? null : e.target.value)}
              >
                {modelsForTask(catalog, task).map((model) => (
                  <option key={model.id} value={model.id}>
                    {model.id}
                    {model.id === PRESETS[preset][task] ? ` (${t('models.presetChoice')})` : ''}
                  </option>
                ))}
              </select>
              <span className="hint">{taskDescription(t, task)}</span>
            </div>
          );
        })}
      </div>
    </div>
  );
}
