/**
 * Themes: what the feedback is about, found by clustering the rows' embeddings and named by
 * their distinctive keywords. The user can choose the number of themes, rename, merge and split.
 */
import { memo, useId, useState } from 'react';
import { useTranslation } from 'react-i18next';
import type { Theme } from '../../insights';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatNumber } from '../../ui/format';
import { POLARITIES, POLARITY_COLORS, usePolarityLabels } from './labels';
import { isPipelineRunning } from './pipeline';
import { useInsights } from './store';
import { clusterThemes, mergeThemes, renameTheme, splitTheme, themeTitle } from './themes';

const MAX_K = 30;

/** Runs a theme edit, showing "working" and any error; edits are quick but run in the worker. */
function useThemeAction() {
  const [busy, setBusy] = useState(false);
  const [error, setError] = useState<unknown>(null);
  const run = (action: () => Promise<void>) => {
    setBusy(true);
    setError(null);
    action()
      .catch((e: unknown) => setError(e))
      .finally(() => setBusy(false));
  };
  return { busy, error, run };
}

export function MixBar({ counts }: { counts: Theme['sentiment'] }) {
  const labels = usePolarityLabels();
  const total = counts.positive + counts.neutral + counts.negative;
  if (total === 0) return <span className="insights-mix empty" />;
  const title = POLARITIES.map((p) => `${labels[p]} ${counts[p]}`).join(' · ');
  return (
    <span className="insights-mix" role="img" aria-label={title} title={title}>
      {POLARITIES.map((p) => (counts[p] > 0 ? <span key={p} style={{ width: `${(counts[p] / total) * 100}%`, background: POLARITY_COLORS[p] }} /> : null))}
    </span>
  );
}

function ThemeItem({
  theme,
  selected,
  onToggle,
  busy,
  act,
}: {
  theme: Theme;
  selected: boolean;
  onToggle(): void;
  busy: boolean;
  act(action: () => Promise<void>): void;
}) {
  const { t, i18n } = useTranslation();
  const names = useInsights((s) => s.themes?.names);
  const setFilter = useInsights((s) => s.setFilter);
  const [editing, setEditing] = useState(false);
  const title = themeTitle(theme, names);
  const [draft, setDraft] = useState(title);
  const save = () => {
    setEditing(false);
    if (draft.trim() !== title) act(() => renameTheme(theme.id, draft));
  };
  return (
    <li className="insights-theme" data-testid="insights-theme" data-theme-id={theme.id} data-size={theme.size}>
      <div className="insights-theme-head">
        <input
          type="checkbox"
          checked={selected}
          onChange={onToggle}
          aria-label={t('insights.themes.select', { name: title })}
          data-testid="insights-theme-select"
        />
        {editing ? (
          <input
            className="input"
            autoFocus
            value={draft}
            data-testid="insights-theme-rename-input"
            aria-label={t('insights.themes.renameLabel')}
            onChange={(e) => setDraft(e.target.value)}
            onBlur={save}
            onKeyDown={(e) => {
              if (e.key === 'Enter') save();
              if (e.key === 'Escape') setEditing(false);
            }}
          />
        ) : (
          <strong className="insights-theme-name" data-testid="insights-theme-name">
            {title}
          </strong>
        )}
        <span className="muted">{t('insights.themes.size', { count: theme.size, formatted: formatNumber(theme.size, i18n.language) })}</span>
        <MixBar counts={theme.sentiment} />
        <span className="insights-theme-actions">
          <button type="button" className="button ghost" onClick={() => setFilter({ themeId: theme.id })} data-testid="insights-theme-show">
            {t('insights.themes.showRows')}
          </button>
          <button
            type="button"
            className="button ghost"
            data-testid="insights-theme-rename"
            onClick={() => {
              setDraft(title);
              setEditing(true);
            }}
          >
            {t('insights.themes.rename')}
          </button>
          <button
            type="button"
            className="button ghost"
            data-testid="insights-theme-split"
            disabled={busy || theme.size < 2}
            onClick={() => act(() => splitTheme(theme.id))}
          >
            {t('insights.themes.split')}
          </button>
        </span>
      </div>
      {theme.keywords.length > 0 ? <p className="muted insights-keywords">{theme.keywords.slice(0, 8).join(' · ')}</p> : null}
      <ul className="insights-quotes">
        {theme.quotes.map((quote) => (
          <li key={quote.row}>
            <q>{quote.text}</q> <span className="muted">{t('insights.themes.row', { row: quote.row })}</span>
          </li>
        ))}
      </ul>
    </li>
  );
}

export const ThemesCard = memo(function ThemesCard({ themes }: { themes: readonly Theme[] }) {
  const { t } = useTranslation();
  const base = useId();
  const data = useInsights((s) => s.themes);
  const jobRunning = useInsights((s) => s.jobStatus === 'running');
  const [selected, setSelected] = useState<number[]>([]);
  const [k, setK] = useState('');
  const { busy, error, run } = useThemeAction();
  if (!data) {
    return (
      <div className="card" data-testid="insights-themes" data-count={0}>
        <h2>{t('insights.themes.title')}</h2>
        <p className="muted">{t('insights.themes.none')}</p>
      </div>
    );
  }
  const disabled = busy || jobRunning || isPipelineRunning();
  const act = (action: () => Promise<void>) => run(action);
  const toggle = (id: number) => setSelected((list) => (list.includes(id) ? list.filter((x) => x !== id) : [...list, id]));
  const kValue = Number(k || data.clusters.k);

  return (
    <div className="card" data-testid="insights-themes" data-count={themes.length} data-k={data.clusters.k}>
      <div className="toolbar">
        <h2>{t('insights.themes.title')}</h2>
        <span className="muted">{t('insights.themes.autoK', { k: data.autoK })}</span>
        <div className="toolbar-actions insights-k">
          <label htmlFor={`${base}-k`}>{t('insights.themes.k')}</label>
          <input
            id={`${base}-k`}
            className="input"
            type="number"
            min={2}
            max={MAX_K}
            value={k || String(data.clusters.k)}
            data-testid="insights-k"
            onChange={(e) => setK(e.target.value)}
          />
          <button
            type="button"
            className="button secondary"
            data-testid="insights-k-apply"
            disabled={disabled || !Number.isInteger(kValue) || kValue < 2 || kValue > MAX_K}
            onClick={() => act(() => clusterThemes(kValue).then(() => setSelected([])))}
          >
            {t('insights.themes.apply')}
          </button>
          <button
            type="button"
            className="button secondary"
            data-testid="insights-merge"
            disabled={disabled || selected.length < 2}
            onClick={() => act(() => mergeThemes(selected).then(() => setSelected([])))}
          >
            {t('insights.themes.merge', { count: selected.length })}
          </button>
        </div>
      </div>
      {busy ? (
        <p className="muted" data-testid="insights-themes-busy">
          {t('insights.themes.working')}
        </p>
      ) : null}
      {error ? <ErrorMessage error={error} testId="insights-themes-error" /> : null}
      <ol className="insights-theme-list">
        {themes.map((theme) => (
          <ThemeItem
            key={`${theme.id}:${theme.size}`}
            theme={theme}
            selected={selected.includes(theme.id)}
            onToggle={() => toggle(theme.id)}
            busy={disabled}
            act={act}
          />
        ))}
      </ol>
    </div>
  );
});
