/** What the loaded models hold in memory, against the limit the SDK keeps (src/sdk/residency.ts). */
import { useTranslation } from 'react-i18next';
import { workbench } from '../../app/workbench';
import { useRuntime } from '../../state/runtime';
import { formatBytes } from '../../ui/format';

export function LoadedMemory() {
  const { t, i18n } = useTranslation();
  const loaded = useRuntime((s) => s.loaded);
  const { budgetBytes, idleMs } = workbench.models.memory();
  const weights = loaded.reduce((sum, model) => sum + model.weightBytes, 0);
  const locale = i18n.language;
  return (
    <section className="card" aria-labelledby="models-memory-title" data-testid="models-memory" data-loaded-bytes={weights} data-budget-bytes={budgetBytes}>
      <h2 id="models-memory-title">{t('models.memoryTitle')}</h2>
      <p>
        {loaded.length === 0
          ? t('models.memoryNone')
          : t('models.memoryLoaded', { count: loaded.length, size: formatBytes(weights, locale), limit: formatBytes(budgetBytes, locale) })}
      </p>
      <p className="hint">{t('models.memoryRule', { minutes: Math.round(idleMs / 60_000) })}</p>
    </section>
  );
}
