/**
 * Warns when the rows are mostly in a language the sentiment model was not trained on (e.g.
 * Chinese reviews into an English-only model): it would still answer, confidently and wrongly.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { detectLanguageMix, languageMismatch, type FeedbackItem } from '../../insights';
import { buildCatalog } from '../../models/catalog';
import { useAssignedModel } from '../../state/assignment';
import { useSettings } from '../../state/settings';
import { formatPercent } from '../../ui/format';

function useSentimentModel() {
  const id = useAssignedModel('sentiment');
  const userModels = useSettings((s) => s.userModels);
  return useMemo(() => ({ id, languages: buildCatalog(userModels).find((model) => model.id === id)?.languages ?? [] }), [id, userModels]);
}

export function LanguageNotice({ items }: { items: readonly FeedbackItem[] }) {
  const { t, i18n } = useTranslation();
  const model = useSentimentModel();
  const mix = useMemo(() => detectLanguageMix(items.map((item) => item.text)), [items]);
  const mismatch = languageMismatch(model.languages, mix);
  if (!mismatch) return null;
  const language =
    mismatch.dominant === 'zh' ? t('insights.language.zh') : mismatch.dominant === 'en' ? t('insights.language.en') : t('insights.language.other');
  return (
    <div className="notice insights-notice" role="note" data-testid="insights-language-notice" data-language={mismatch.dominant}>
      <p>
        {t('insights.language.mismatch', {
          share: formatPercent(mismatch.share, i18n.language),
          language,
          model: model.id,
          languages: model.languages.join(', '),
        })}{' '}
        <a href="#/models" data-testid="insights-language-models-link">
          {t('insights.language.openModels')}
        </a>
      </p>
    </div>
  );
}
