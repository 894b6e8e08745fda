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
import '../../ui/metrics.css';
import { PanelShell } from '../../ui/PanelShell';
import './customize.css';

export function CustomizePanel() {
  const { t } = useTranslation();
  return (
    <PanelShell name="customize" title={t('customize.title')} intro={t('customize.intro')}>
      <div className="two-columns">
        <CategoriesCard />
        <DataCard />
      </div>
      <LabelTable />
      <TrainCard />
      <SavedCard />
    </PanelShell>
  );
}
