/**
 * What a model load that could not reach the Hugging Face Hub says, wherever it happens (Classify,
 * Summarize, the Models panel…): the reason in plain words, and the ways forward that work
 * without the Hub, in place.
 */
import { useTranslation } from 'react-i18next';
import { useSettings } from '../state/settings';

/** The Models panel's folder import; ImportFolder scrolls to it and focuses its button. */
export const IMPORT_FOLDER_HREF = '#/models/import';

export function HubUnreachable({ testId }: { testId: string }) {
  const { t } = useTranslation();
  const preset = useSettings((s) => s.preset);
  const setPreset = useSettings((s) => s.setPreset);
  const onTestModels = preset === 'fixtures';
  return (
    <div className="hub-unreachable" data-testid={`${testId}-offline`}>
      <p>{t('errors.hubUnreachable.intro')}</p>
      <ul className="ways-forward">
        <li>
          {onTestModels ? (
            <span className="ok-text" role="status" data-testid={`${testId}-offline-fixtures-done`}>
              {t('errors.hubUnreachable.fixturesDone')}
            </span>
          ) : (
            <>
              {t('errors.hubUnreachable.fixtures')}{' '}
              <button type="button" className="button secondary" data-testid={`${testId}-offline-fixtures`} onClick={() => setPreset('fixtures')}>
                {t('errors.hubUnreachable.fixturesButton')}
              </button>
            </>
          )}
        </li>
        <li>
          {t('errors.hubUnreachable.import')}{' '}
          <a href={IMPORT_FOLDER_HREF} data-testid={`${testId}-offline-import`}>
            {t('errors.hubUnreachable.importLink')}
          </a>
        </li>
        <li>
          {t('errors.hubUnreachable.selfHost')} <code>npm run models</code>
        </li>
      </ul>
    </div>
  );
}
