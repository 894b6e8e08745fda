/** Saving the trained classifier under a name (a taken name is replaced, and says so). */
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { tidyName, MAX_NAME_LENGTH } from '../../customize/classifierRecord';
import { useCustomize } from './customizeStore';

export function SaveForm() {
  const { t } = useTranslation();
  const { saveName, saveStatus, saveError, setSaveName, save } = useCustomize();
  const name = tidyName(saveName);
  return (
    <form
      className="form-grid"
      onSubmit={(e) => {
        e.preventDefault();
        void save();
      }}
    >
      <div className="field">
        <label className="field-label" htmlFor="custom-name">
          {t('customize.save.name')}
        </label>
        <input
          id="custom-name"
          className="input"
          value={saveName}
          maxLength={MAX_NAME_LENGTH}
          placeholder={t('customize.save.placeholder')}
          data-testid="custom-name"
          onChange={(e) => setSaveName(e.target.value)}
        />
      </div>
      <button type="submit" className="button primary field-button" data-testid="custom-save" disabled={name === '' || saveStatus === 'saving'}>
        {t('customize.save.save')}
      </button>
      <p className="form-message ok-text" data-testid="custom-save-status" data-status={saveStatus} role="status">
        {saveStatus === 'saved' ? t('customize.save.saved', { name }) : saveStatus === 'replaced' ? t('customize.save.replaced', { name }) : null}
      </p>
      {saveStatus === 'error' ? <ErrorMessage error={saveError} testId="custom-save-error" /> : null}
    </form>
  );
}
