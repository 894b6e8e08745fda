/**
 * The label mapping as a table: every distinct value of the label column, how many rows have it,
 * and the class it becomes (blank = leave those rows out). Presets fill the table; any edit makes
 * the mapping "custom". What is listed is exactly what will be scored.
 */
import { useTranslation } from 'react-i18next';
import type { DistinctLabel } from '../../evaluate/labelMapping';
import { formatNumber } from '../../ui/format';
import { MAPPING_PRESETS, MAX_DISTINCT_LABELS, type LabelTargets, type MappingPreset } from '../../evaluate/labeledData';

export interface MappingEditorProps {
  distinct: readonly DistinctLabel[];
  targets: LabelTargets;
  preset: MappingPreset | 'custom';
  onPreset(preset: MappingPreset): void;
  onTarget(key: string, target: string | null): void;
}

function PresetLabel({ preset }: { preset: MappingPreset }) {
  const { t } = useTranslation();
  switch (preset) {
    case 'identity':
      return <>{t('evaluate.mapping.presetIdentity')}</>;
    case 'stars':
      return <>{t('evaluate.mapping.presetStars')}</>;
    case 'stars-neutral':
      return <>{t('evaluate.mapping.presetStarsNeutral')}</>;
    case 'binary':
      return <>{t('evaluate.mapping.presetBinary')}</>;
  }
}

export function MappingEditor({ distinct, targets, preset, onPreset, onTarget }: MappingEditorProps) {
  const { t, i18n } = useTranslation();
  const shown = distinct.slice(0, MAX_DISTINCT_LABELS);
  return (
    <div className="eval-mapping" data-testid="eval-mapping" data-preset={preset}>
      <div className="toolbar">
        <span className="field-label">{t('evaluate.mapping.title')}</span>
        <div className="eval-presets" role="group" aria-label={t('evaluate.mapping.presets')}>
          {MAPPING_PRESETS.map((p) => (
            <button
              key={p}
              type="button"
              className={p === preset ? 'button primary' : 'button secondary'}
              aria-pressed={p === preset}
              data-testid={`eval-mapping-preset-${p}`}
              onClick={() => onPreset(p)}
            >
              <PresetLabel preset={p} />
            </button>
          ))}
        </div>
      </div>
      <p className="muted eval-hint">{t('evaluate.mapping.hint')}</p>
      {distinct.length > MAX_DISTINCT_LABELS ? (
        <p className="warn-text">{t('evaluate.mapping.tooMany', { count: distinct.length, shown: MAX_DISTINCT_LABELS })}</p>
      ) : null}
      <table className="eval-table">
        <thead>
          <tr>
            <th scope="col">{t('evaluate.mapping.value')}</th>
            <th scope="col" className="num">
              {t('evaluate.mapping.rows')}
            </th>
            <th scope="col">{t('evaluate.mapping.becomes')}</th>
          </tr>
        </thead>
        <tbody>
          {shown.map((d) => (
            <tr key={d.key} data-testid="eval-mapping-row" data-value={d.display}>
              <td>
                <code>{d.display}</code>
              </td>
              <td className="num">{formatNumber(d.count, i18n.language)}</td>
              <td>
                <input
                  className="input"
                  value={targets[d.key] ?? ''}
                  placeholder={t('evaluate.mapping.dropped')}
                  aria-label={t('evaluate.mapping.targetFor', { value: d.display })}
                  data-testid="eval-mapping-target"
                  onChange={(e) => onTarget(d.key, e.target.value === '' ? null : e.target.value)}
                />
              </td>
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}
