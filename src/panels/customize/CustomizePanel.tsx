/**
 * Customize: the user's own classifier. Define categories, label examples (from a file's label
 * column, by hand, or starting from suggestions), train softmax regression on the embeddings in a
 * worker, read its cross-validated scores, save it, and use it anywhere as `custom:<name>`.
 */
import { useTranslation } from 'react-i18next';
import { CategoriesCard } from './CategoriesCard';
import { DataCard } from './DataCard';
import { LabelTable } from './LabelTable';
import { SavedCard } from './SavedCard';
import { TrainCard } from './TrainCard';
import '../evaluate/evaluate.css';
import './customize.css';

export function CustomizePanel() {
  const { t } = useTranslation();
  return (
    <section className="panel" aria-labelledby="customize-title" data-testid="customize-panel">
      <div className="panel-head">
        <h1 id="customize-title">{t('customize.title')}</h1>
        <p className="panel-intro">{t('customize.intro')}</p>
      </div>
      <div className="two-columns">
        <CategoriesCard />
        <DataCard />
      </div>
      <LabelTable />
      <TrainCard />
      <SavedCard />
    </section>
  );
}
