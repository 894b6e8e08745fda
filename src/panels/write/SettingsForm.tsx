/** Generation controls; values are clamped to their limits as they are typed (library.ts). */
import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { SETTING_LIMITS, clampSetting, type GenerationSettings } from './library';
import { useWrite } from './writeStore';

type Key = keyof GenerationSettings;
const ORDER: Key[] = ['maxNewTokens', 'minNewTokens', 'temperature', 'topK', 'topP', 'repetitionPenalty', 'seed', 'drafts'];
const testId = (key: Key) => `write-setting-${key.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

/**
 * A number field that lets the user type freely ("0." on the way to "0.5") and commits each value
 * in range at once; on leaving the field, whatever is there is clamped and shown as committed.
 */
function NumberField({ name, value, disabled, onCommit }: { name: Key; value: number; disabled: boolean; onCommit: (value: number) => void }) {
  const limit = SETTING_LIMITS[name];
  const [text, setText] = useState<string | null>(null);
  return (
    <input
      type="number"
      className="input"
      data-testid={testId(name)}
      min={limit.min}
      max={limit.max}
      step={limit.step}
      value={text ?? String(value)}
      disabled={disabled}
      onChange={(e) => {
        setText(e.target.value);
        const n = Number(e.target.value);
        if (e.target.value.trim() !== '' && Number.isFinite(n) && n >= limit.min && n <= limit.max) onCommit(n);
      }}
      onBlur={() => {
        if (text !== null && text.trim() !== '') onCommit(clampSetting(name, Number(text)));
        setText(null);
      }}
    />
  );
}

export function SettingsForm() {
  const { t } = useTranslation();
  const settings = useWrite((s) => s.settings);
  const setSetting = useWrite((s) => s.setSetting);
  const running = useWrite((s) => s.status === 'running');
  const sampling = settings.temperature > 0;
  const labels: Record<Key, string> = {
    maxNewTokens: t('write.settings.maxNewTokens'),
    minNewTokens: t('write.settings.minNewTokens'),
    temperature: t('write.settings.temperature'),
    topK: t('write.settings.topK'),
    topP: t('write.settings.topP'),
    repetitionPenalty: t('write.settings.repetitionPenalty'),
    seed: t('write.settings.seed'),
    drafts: t('write.settings.drafts'),
  };
  const hints: Partial<Record<Key, string>> = {
    minNewTokens: t('write.settings.minNewTokensHint'),
    temperature: t('write.settings.temperatureHint'),
    seed: t('write.settings.seedHint'),
    drafts: t('write.settings.draftsHint'),
  };
  // Without sampling (temperature 0) these change nothing; say so instead of hiding them.
  const samplingOnly = new Set<Key>(['topK', 'topP', 'seed']);

  return (
    <details className="settings" open>
      <summary className="field-label">{t('write.settings.title')}</summary>
      <div className="form-grid settings-grid">
        {ORDER.map((key) => {
          const inactive = !sampling && samplingOnly.has(key);
          return (
            <label key={key} className="field">
              <span className="field-label">{labels[key]}</span>
              <NumberField name={key} value={settings[key]} disabled={running} onCommit={(value) => setSetting(key, value)} />
              {inactive ? <span className="hint">{t('write.settings.greedyHint')}</span> : hints[key] ? <span className="hint">{hints[key]}</span> : null}
            </label>
          );
        })}
      </div>
    </details>
  );
}
