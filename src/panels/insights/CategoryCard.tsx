/**
 * The "category" column: pick a custom classifier saved in Customize and give every row one of
 * its categories, with progress, Cancel and resume. With no saved classifier it says so and
 * points to Customize.
 */
import { useId, useMemo, useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { formatNumber } from '../../ui/format';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { ProgressBar } from '../../ui/ProgressBar';
import { useCustomClassifiers } from '../../services/customClassifiers';
import { customModelId } from '../../models/catalog';
import { cancelCategories, runCategories } from './categoryRun';
import { categoryParamsOf } from './logic/categories';
import { runningCount } from './logic/progress';
import { useInsights } from './store';

export function CategoryCard() {
  const { t, i18n } = useTranslation();
  const id = useId();
  const { classifiers, status: listStatus, error: listError } = useCustomClassifiers();
  const active = useInsights((s) => s.active);
  const categories = useInsights((s) => s.categories);
  const run = useInsights((s) => s.categoryRun);
  const job = useInsights((s) => s.categoryJob);
  const status = useInsights((s) => s.categoryStatus);
  const error = useInsights((s) => s.categoryError);
  const [choice, setChoice] = useState('');
  // reduce skips the holes of rows not reached yet.
  const done = useMemo(() => categories.reduce((count, value) => count + (value ? 1 : 0), 0), [categories]);
  if (!active) return null;

  const n = (value: number) => formatNumber(value, i18n.language);
  const total = active.items.length;
  const params = categoryParamsOf(run?.params);
  const ids = classifiers.map((c) => customModelId(c.name));
  const selected = ids.includes(choice) ? choice : params && ids.includes(params.model) ? params.model : (ids[0] ?? '');
  const info = classifiers.find((c) => customModelId(c.name) === selected);
  const running = status === 'running';
  const sameModel = params !== null && params.model === selected;
  const left = total - done;
  // One figure for the progress bar and the status line while the run goes.
  const shown = runningCount(job, { done, total });

  let label: string;
  if (running) label = t('insights.category.running');
  else if (sameModel && run?.status !== 'done' && done > 0) label = t('insights.category.resume', { count: left, formatted: n(left) });
  else if (sameModel && run?.status === 'done') label = t('insights.category.again');
  else label = t('insights.category.run', { count: total, formatted: n(total) });

  const empty = listStatus === 'ready' && classifiers.length === 0;

  return (
    <div
      className="card"
      data-testid="insights-category"
      data-status={status}
      data-run-status={run?.status ?? 'none'}
      data-model={params?.model ?? ''}
      data-done={done}
      data-total={total}
    >
      <div className="toolbar">
        <h2>{t('insights.category.title')}</h2>
        <span className="muted">{t('insights.category.intro')}</span>
      </div>
      {empty ? (
        <p data-testid="insights-category-empty">
          {t('insights.category.empty')}{' '}
          <a href="#/customize" data-testid="insights-category-customize-link">
            {t('insights.category.toCustomize')}
          </a>
        </p>
      ) : (
        <div className="form-grid insights-filters">
          <div className="field grow">
            <label className="field-label" htmlFor={`${id}-model`}>
              {t('insights.category.model')}
            </label>
            <select
              id={`${id}-model`}
              className="select"
              data-testid="insights-category-model"
              value={selected}
              disabled={running || classifiers.length === 0}
              onChange={(e) => setChoice(e.target.value)}
            >
              {classifiers.length === 0 ? <option value="">{t('insights.category.loading')}</option> : null}
              {classifiers.map((c) => (
                <option key={c.id} value={customModelId(c.name)}>
                  {t('insights.category.option', { name: c.name, labels: c.labels.join(', ') })}
                </option>
              ))}
            </select>
          </div>
          <div className="field field-button">
            <div className="toolbar-actions">
              <button
                type="button"
                className="button primary"
                data-testid="insights-category-run"
                disabled={running || !info}
                onClick={() => {
                  if (info) void runCategories(customModelId(info.name), info.labels);
                }}
              >
                {label}
              </button>
              <button type="button" className="button secondary" data-testid="insights-category-cancel" disabled={!running} onClick={cancelCategories}>
                {t('insights.category.cancel')}
              </button>
            </div>
          </div>
        </div>
      )}
      {running && job ? (
        job.load ? (
          <ModelLoadProgress progress={job.load} testId="insights-category-load" />
        ) : (
          <div data-testid="insights-category-progress" data-done={shown.done} data-total={shown.total}>
            <ProgressBar
              label={t('insights.category.progress')}
              value={shown.done}
              max={Math.max(1, shown.total)}
              detail={t('insights.run.doneOf', { done: n(shown.done), total: n(shown.total) })}
            />
          </div>
        )
      ) : null}
      <p className={`status status-${status}`} role="status" aria-live="polite" data-testid="insights-category-status" data-status={status}>
        {statusText()}
      </p>
      {params && !running && !sameModel && selected !== '' ? (
        <p className="muted" data-testid="insights-category-replaces">
          {t('insights.category.replaces', { model: params.model })}
        </p>
      ) : null}
      {params && listStatus === 'ready' && !ids.includes(params.model) ? (
        <p className="muted" data-testid="insights-category-gone">
          {t('insights.category.gone', { model: params.model })}
        </p>
      ) : null}
      {listStatus === 'error' ? <ErrorMessage error={listError} testId="insights-category-list-error" /> : null}
      {status === 'error' ? <ErrorMessage error={error} testId="insights-category-error" /> : null}
    </div>
  );

  function statusText(): string {
    const line = params ? t('insights.category.doneLine', { done: n(done), total: n(total), model: params.model }) : '';
    switch (status) {
      case 'running':
        return t('insights.category.doneOf', { done: n(shown.done), total: n(shown.total) });
      case 'cancelled':
        return done === 0 ? t('insights.category.cancelledNothing') : `${t('insights.category.cancelled')} ${line}`.trim();
      case 'locked':
        return t('insights.category.locked');
      case 'error':
        return t('insights.category.failed');
      default:
        if (run?.status === 'done') return line;
        if (run) return `${t('insights.category.interrupted')} ${line}`.trim();
        return empty ? '' : t('insights.category.idle');
    }
  }
}
