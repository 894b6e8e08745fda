/** Step 1: the user's own categories ("bug report", "pricing", ...). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { CategoryProblem } from './labelling';
import { useCustomize } from './customizeStore';

function ProblemText({ problem }: { problem: CategoryProblem }) {
  const { t } = useTranslation();
  switch (problem) {
    case 'empty':
      return <>{t('customize.categories.problemEmpty')}</>;
    case 'too-long':
      return <>{t('customize.categories.problemTooLong')}</>;
    case 'duplicate':
      return <>{t('customize.categories.problemDuplicate')}</>;
    case 'too-many':
      return <>{t('customize.categories.problemTooMany')}</>;
  }
}

export function CategoriesCard() {
  const { t } = useTranslation();
  const categories = useCustomize((s) => s.categories);
  const addCategory = useCustomize((s) => s.addCategory);
  const removeCategory = useCustomize((s) => s.removeCategory);
  const [draft, setDraft] = useState('');
  const [problem, setProblem] = useState<CategoryProblem | null>(null);

  const add = () => {
    const found = addCategory(draft);
    setProblem(found);
    if (found === null) setDraft('');
  };

  return (
    <div className="card">
      <h2>{t('customize.categories.title')}</h2>
      <p className="muted">{t('customize.categories.intro')}</p>
      <form
        className="form-grid"
        onSubmit={(e) => {
          e.preventDefault();
          add();
        }}
      >
        <div className="field">
          <label className="field-label" htmlFor="custom-category-input">
            {t('customize.categories.name')}
          </label>
          <input
            id="custom-category-input"
            className="input"
            value={draft}
            placeholder={t('customize.categories.placeholder')}
            data-testid="custom-category-input"
            aria-invalid={problem !== null}
            onChange={(e) => {
              setDraft(e.target.value);
              setProblem(null);
            }}
          />
        </div>
        <button type="submit" className="button secondary field-button" data-testid="custom-add-category">
          {t('customize.categories.add')}
        </button>
      </form>
      {problem ? (
        <p className="form-message error-text" role="alert" data-testid="custom-category-problem">
          <ProblemText problem={problem} />
        </p>
      ) : null}
      {categories.length > 0 ? (
        <ul className="custom-chips" aria-label={t('customize.categories.listLabel')}>
          {categories.map((c) => (
            <li key={c} className="label-chip" data-testid="custom-category" data-name={c}>
              {c}
              <button
                type="button"
                className="custom-chip-remove"
                aria-label={t('customize.categories.remove', { name: c })}
                data-testid="custom-remove-category"
                onClick={() => removeCategory(c)}
              >
                ×
              </button>
            </li>
          ))}
        </ul>
      ) : (
        <p className="muted">{t('customize.categories.none')}</p>
      )}
    </div>
  );
}
