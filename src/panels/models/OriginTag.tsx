/** Where a model comes from: the Hub, the bundled test models, added by id, or imported from disk. */
import { useTranslation } from 'react-i18next';
import type { ModelOrigin } from '../../models/catalog';

export function OriginTag({ origin }: { origin: ModelOrigin }) {
  const { t } = useTranslation();
  const text =
    origin === 'hub'
      ? t('models.origin.hub')
      : origin === 'fixture'
        ? t('models.origin.fixture')
        : origin === 'custom'
          ? t('models.origin.custom')
          : t('models.origin.imported');
  return <span className={`tag tag-origin-${origin}`}>{text}</span>;
}
