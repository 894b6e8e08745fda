/**
 * What the language routing decided for a task on the user's text, said before anything runs:
 * which model will run and why (the text is mostly Chinese, so the Chinese model instead of the
 * English one), or that the model that will run does not know the text's language, or that the
 * one that does cannot be loaded offline. A select lets the user choose the model for this data;
 * "automatic" leaves it to the routing. Insights and Classify show the same notice.
 */
import { useTranslation } from 'react-i18next';
import type { Task } from '../core';
import type { LanguageCode, LanguageMix } from '../insights/language';
import type { CatalogModel } from '../models/catalog';
import type { ModelRoute } from '../models/routing';
import { formatPercent } from './format';

export interface LanguageRouteNoticeProps {
  task: Task;
  mix: LanguageMix;
  route: ModelRoute & { models: CatalogModel[] };
  /** The model chosen for this data; null: automatic. */
  chosen: string | null;
  onChoose(modelId: string | null): void;
  testIdPrefix: string;
  disabled?: boolean;
}

export function LanguageRouteNotice({ task, mix, route, chosen, onChoose, testIdPrefix, disabled }: LanguageRouteNoticeProps) {
  const { t, i18n } = useTranslation();
  if (mix.counted === 0) return null;
  const languageNames: Record<LanguageCode, string> = { zh: t('languageRoute.lang.zh'), en: t('languageRoute.lang.en'), other: t('languageRoute.lang.other') };
  const languageName = (code: LanguageCode) => languageNames[code];
  const taskNames: Record<Task, string> = {
    sentiment: t('languageRoute.task.sentiment'),
    embeddings: t('languageRoute.task.embeddings'),
    summarization: t('languageRoute.task.summarization'),
    generation: t('languageRoute.task.generation'),
    'question-answering': t('languageRoute.task.question-answering'),
  };
  const modelLanguages = (id: string) => route.models.find((model) => model.id === id)?.languages.join(', ') ?? '';
  const taskName = taskNames[task];
  const showSelect = route.models.length > 1;
  const mismatch = route.mismatch;
  const routedFrom = route.assignedMismatch;

  let message: string | null = null;
  if (mismatch) {
    message = t('languageRoute.mismatch', {
      share: formatPercent(mismatch.share, i18n.language),
      language: languageName(mismatch.dominant),
      task: taskName,
      model: route.modelId,
      languages: modelLanguages(route.modelId) || '—',
    });
  } else if (route.reason === 'routed' && routedFrom) {
    message = t('languageRoute.routed', {
      share: formatPercent(routedFrom.share, i18n.language),
      language: languageName(routedFrom.dominant),
      model: route.modelId,
      assigned: route.assignedId,
    });
  }
  if (!message && !(showSelect && chosen)) return null;

  return (
    <div
      className={mismatch ? 'notice insights-notice' : 'muted'}
      role="note"
      data-testid={`${testIdPrefix}-language-notice`}
      data-reason={route.reason}
      data-model={route.modelId}
      data-language={(mismatch ?? routedFrom)?.dominant ?? ''}
      data-mismatch={mismatch ? 'true' : 'false'}
    >
      {message ? <p>{message}</p> : null}
      {mismatch && route.reason === 'unavailable' ? (
        <p data-testid={`${testIdPrefix}-language-unavailable`}>
          {t('languageRoute.unavailable', { models: route.unavailable.join(', '), language: languageName(mismatch.dominant) })}
        </p>
      ) : null}
      {mismatch && route.reason === 'none' ? <p>{t('languageRoute.none', { language: languageName(mismatch.dominant) })}</p> : null}
      {mismatch && route.candidates.length > 0 && route.candidates[0] !== route.modelId ? (
        <p>
          <button
            type="button"
            className="button secondary"
            data-testid={`${testIdPrefix}-language-use`}
            disabled={disabled}
            onClick={() => onChoose(route.candidates[0]!)}
          >
            {t('languageRoute.use', { model: route.candidates[0] })}
          </button>
        </p>
      ) : null}
      {showSelect ? (
        <label className="field-inline">
          {t('languageRoute.chooseLabel', { task: taskName })}{' '}
          <select
            className="select"
            data-testid={`${testIdPrefix}-model-choice`}
            value={chosen ?? ''}
            disabled={disabled}
            onChange={(event) => onChoose(event.target.value || null)}
          >
            <option value="">{t('languageRoute.automatic')}</option>
            {route.models.map((model) => (
              <option key={model.id} value={model.id}>
                {model.languages.length > 0 ? `${model.id} (${model.languages.join(', ')})` : model.id}
              </option>
            ))}
          </select>
        </label>
      ) : null}{' '}
      <a href="#/models" data-testid={`${testIdPrefix}-language-models-link`}>
        {t('languageRoute.openModels')}
      </a>
    </div>
  );
}
