/**
 * Settings: backend preference (with the backend in use), the cores models may take, model
 * preset, language, environment facts, workspace backup and restore, and the privacy note.
 */
import { useTranslation } from 'react-i18next';
import { PRESET_NAMES, isPresetName, type PresetName } from '../../models/catalog';
import { useRuntime } from '../../state/runtime';
import { BACKEND_PREFERENCES, isLanguage, useSettings, type Language } from '../../state/settings';
import { BackendBadge } from '../../ui/BackendBadge';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatNumber } from '../../ui/format';
import { PanelShell } from '../../ui/PanelShell';
import type { BackendPreference } from '../../core';
import { detectedLanguage } from '../../i18n';
import type { TFunction } from 'i18next';
import { BackupSection } from './BackupSection';
import { PrivacySection } from './PrivacySection';

function backendLabel(t: TFunction, preference: BackendPreference): { name: string; hint: string } {
  switch (preference) {
    case 'auto':
      return { name: t('settings.backendAuto'), hint: t('settings.backendAutoHint') };
    case 'webgpu':
      return { name: t('settings.backendWebgpu'), hint: t('settings.backendWebgpuHint') };
    case 'wasm':
      return { name: t('settings.backendWasm'), hint: t('settings.backendWasmHint') };
  }
}

function presetLabel(t: TFunction, preset: PresetName): string {
  return preset === 'fixtures' ? t('settings.presetFixtures') : t('settings.presetDefault');
}

function EnvironmentFacts() {
  const { t, i18n } = useTranslation();
  const environment = useRuntime((s) => s.environment);
  const error = useRuntime((s) => s.environmentError);
  if (error) return <ErrorMessage error={error} testId="environment-error" />;
  if (!environment) return <p className="muted">{t('backend.detecting')}</p>;
  const yesNo = (value: boolean) => (value ? t('common.yes') : t('common.no'));
  return (
    <dl className="facts" data-testid="environment">
      <div>
        <dt>{t('settings.envWebgpu')}</dt>
        <dd data-testid="env-webgpu">
          {yesNo(environment.webgpuAvailable)}
          {environment.webgpuAdapter ? ` (${environment.webgpuAdapter})` : ''}
        </dd>
      </div>
      <div>
        <dt>{t('settings.envIsolated')}</dt>
        <dd data-testid="env-isolated">{yesNo(environment.crossOriginIsolated)}</dd>
      </div>
      <div>
        <dt>{t('settings.envThreads')}</dt>
        <dd data-testid="env-threads">{formatNumber(environment.wasmThreads, i18n.language)}</dd>
      </div>
    </dl>
  );
}

export function SettingsPanel() {
  const { t } = useTranslation();
  const { backend, threads, preset, language, setBackend, setThreads, setPreset, setLanguage } = useSettings();
  const webgpuAvailable = useRuntime((s) => s.environment?.webgpuAvailable);

  return (
    <PanelShell name="settings" title={t('settings.title')}>
      <fieldset className="card fieldset">
        <legend>{t('settings.backendTitle')}</legend>
        <div className="radio-list">
          {BACKEND_PREFERENCES.map((pref) => {
            const { name, hint } = backendLabel(t, pref);
            return (
              <label key={pref} className={backend === pref ? 'radio-card checked' : 'radio-card'}>
                <input type="radio" name="backend" value={pref} checked={backend === pref} onChange={() => setBackend(pref)} data-testid={`backend-${pref}`} />
                <span>
                  <span className="radio-name">{name}</span>
                  <span className="hint">{hint}</span>
                  {pref === 'webgpu' && webgpuAvailable === false ? <span className="hint warn-text">{t('settings.webgpuUnavailable')}</span> : null}
                </span>
              </label>
            );
          })}
        </div>
        <label className={threads === 'leave-a-core' ? 'radio-card checked' : 'radio-card'}>
          <input
            type="checkbox"
            checked={threads === 'leave-a-core'}
            onChange={(event) => setThreads(event.target.checked ? 'leave-a-core' : 'auto')}
            data-testid="threads-leave-a-core"
          />
          <span>
            <span className="radio-name">{t('settings.threadsLeaveCore')}</span>
            <span className="hint">{t('settings.threadsLeaveCoreHint')}</span>
          </span>
        </label>
        <p className="in-use">
          {t('settings.inUse')} <BackendBadge testId="settings-backend-in-use" />
        </p>
        <EnvironmentFacts />
      </fieldset>

      <div className="card">
        <div className="field">
          <label htmlFor="preset-select" className="field-label">
            {t('settings.presetLabel')}
          </label>
          <select
            id="preset-select"
            className="select"
            data-testid="preset-select"
            value={preset}
            onChange={(e) => isPresetName(e.target.value) && setPreset(e.target.value)}
          >
            {PRESET_NAMES.map((name) => (
              <option key={name} value={name}>
                {presetLabel(t, name)}
              </option>
            ))}
          </select>
          <span className="hint">{preset === 'fixtures' ? t('settings.presetFixturesHint') : t('settings.presetDefaultHint')}</span>
        </div>
      </div>

      <div className="card">
        <div className="field">
          <label htmlFor="language-select" className="field-label">
            {t('settings.languageLabel')}
          </label>
          <select
            id="language-select"
            className="select"
            data-testid="language-select"
            value={language ?? 'auto'}
            onChange={(e) => setLanguage(isLanguage(e.target.value) ? (e.target.value as Language) : null)}
          >
            <option value="auto">{t('settings.languageAuto', { language: detectedLanguage() === 'zh-CN' ? t('language.zh-CN') : t('language.en') })}</option>
            <option value="en">{t('language.en')}</option>
            <option value="zh-CN">{t('language.zh-CN')}</option>
          </select>
        </div>
      </div>

      <BackupSection />
      <PrivacySection />
    </PanelShell>
  );
}
