/** Short / medium / long: lengths scale with the input (see content/lengthPresets.ts). */
import { useTranslation } from 'react-i18next';
import { LENGTH_PRESETS, type LengthPreset } from '../../content/lengthPresets';
import { useSummarize } from './summarizeStore';

export function LengthPresetPicker() {
  const { t } = useTranslation();
  const preset = useSummarize((s) => s.preset);
  const setPreset = useSummarize((s) => s.setPreset);
  const running = useSummarize((s) => s.status === 'running');
  const labels: Record<LengthPreset, string> = {
    short: t('summarize.preset.short'),
    medium: t('summarize.preset.medium'),
    long: t('summarize.preset.long'),
  };
  return (
    <fieldset className="segmented" disabled={running}>
      <legend className="field-label">{t('summarize.length')}</legend>
      {LENGTH_PRESETS.map((value) => (
        <label key={value} className={value === preset ? 'segment checked' : 'segment'}>
          <input
            type="radio"
            name="summarize-length"
            value={value}
            checked={value === preset}
            data-testid={`summarize-length-${value}`}
            onChange={() => setPreset(value)}
          />
          {labels[value]}
        </label>
      ))}
    </fieldset>
  );
}
