/**
 * An app's results as its format says (a table, a text, a bar chart, a CSV or Markdown download),
 * each step's value, and a run's step list with progress. Every text from users or models is a
 * React text child: nothing here is parsed as HTML.
 */
import { useTranslation } from 'react-i18next';
import { localized, type AppDefinition, type AppRunResult, type RenderedOutput } from '../../apps';
import { valueTable } from '../../apps/outputs';
import { saveTextFile } from '../../ui/fileIo';
import { formatDuration, formatNumber } from '../../ui/format';
import { ProgressBar } from '../../ui/ProgressBar';
import { opLabel } from './opLabels';
import type { RunState } from './appsStore';

function Table({ columns, rows, testId }: { columns: readonly string[]; rows: readonly (readonly string[])[]; testId: string }) {
  const { t } = useTranslation();
  return (
    <div className="apps-table-scroll" tabIndex={0} role="region" aria-label={t('apps.output.tableRegion')}>
      <table className="apps-table" data-testid={testId} data-rows={rows.length}>
        <thead>
          <tr>
            {columns.map((column) => (
              <th key={column} scope="col">
                {column}
              </th>
            ))}
          </tr>
        </thead>
        <tbody>
          {rows.map((row, i) => (
            <tr key={i}>
              {row.map((cell, j) => (
                <td key={j}>{cell}</td>
              ))}
            </tr>
          ))}
        </tbody>
      </table>
    </div>
  );
}

function Chart({ labels, values }: { labels: readonly string[]; values: readonly number[] }) {
  const { t, i18n } = useTranslation();
  const max = Math.max(1, ...values);
  return (
    <table className="apps-chart" data-testid="apps-chart" data-bars={labels.length}>
      <thead className="visually-hidden">
        <tr>
          <th scope="col">{t('apps.output.chartKey')}</th>
          <th scope="col">{t('apps.output.chartCount')}</th>
        </tr>
      </thead>
      <tbody>
        {labels.map((label, i) => (
          <tr key={`${label}-${i}`}>
            <th scope="row">{label || '–'}</th>
            <td>
              <span className="apps-bar" aria-hidden="true" style={{ width: `${(values[i]! / max) * 100}%` }} />
              <span className="apps-bar-value">{formatNumber(values[i]!, i18n.language)}</span>
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}

function fileName(app: AppDefinition, output: RenderedOutput, extension: string): string {
  return `${app.id}-${output.from}.${extension}`;
}

function Output({ app, output, index }: { app: AppDefinition; output: RenderedOutput; index: number }) {
  const { t, i18n } = useTranslation();
  const title = output.title ? localized(output.title, i18n.language) : t('apps.output.untitled', { from: output.from });
  const id = `apps-output-${index}`;
  return (
    <section className="apps-output" aria-labelledby={id} data-testid="apps-output" data-kind={output.kind} data-from={output.from}>
      <h3 id={id}>{title}</h3>
      {output.kind === 'table' ? <Table columns={output.columns} rows={output.rows} testId="apps-output-table" /> : null}
      {output.kind === 'text' ? (
        <pre className="apps-text" data-testid="apps-output-text">
          {output.text}
        </pre>
      ) : null}
      {output.kind === 'chart' ? <Chart labels={output.labels} values={output.values} /> : null}
      {output.kind === 'csv' ? (
        <>
          <button
            type="button"
            className="button secondary"
            data-testid="apps-output-download"
            onClick={() => saveTextFile(fileName(app, output, 'csv'), output.csv, 'text/csv')}
          >
            {t('apps.output.downloadCsv')}
          </button>
          <pre className="apps-text apps-preview" data-testid="apps-output-csv">
            {output.csv.replace(/^\uFEFF/, '')}
          </pre>
        </>
      ) : null}
      {output.kind === 'markdown' ? (
        <>
          <button
            type="button"
            className="button secondary"
            data-testid="apps-output-download"
            onClick={() => saveTextFile(fileName(app, output, 'md'), output.markdown, 'text/markdown')}
          >
            {t('apps.output.downloadMarkdown')}
          </button>
          <pre className="apps-text" data-testid="apps-output-markdown">
            {output.markdown}
          </pre>
        </>
      ) : null}
    </section>
  );
}

export function OutputsView({ app, result }: { app: AppDefinition; result: AppRunResult }) {
  const { t } = useTranslation();
  return (
    <div className="apps-outputs" data-testid="apps-outputs">
      {result.outputs.map((output, i) => (
        <Output key={i} app={app} output={output} index={i} />
      ))}
      <details className="apps-step-values">
        <summary>{t('apps.output.stepValues')}</summary>
        <StepValues app={app} result={result} testId="apps-step-value" />
      </details>
    </div>
  );
}

/** Each step's value as a table (the builder's "Try it" shows these open). */
export function StepValues({ app, result, testId }: { app: AppDefinition; result: AppRunResult; testId: string }) {
  const { t, i18n } = useTranslation();
  return (
    <>
      {result.steps.map((step, i) => {
        const definition = app.steps.find((entry) => entry.id === step.id);
        const label = definition?.label ? localized(definition.label, i18n.language) : definition ? opLabel(t, definition.op) : step.id;
        const { columns, rows } = valueTable(step.value);
        return (
          <section
            key={step.id}
            className="apps-step-value"
            data-testid={testId}
            data-step={step.id}
            data-kind={step.value.kind}
            aria-labelledby={`${testId}-${i}`}
          >
            <h4 id={`${testId}-${i}`}>{t('apps.output.stepTitle', { index: i + 1, label })}</h4>
            <Table columns={columns} rows={rows} testId={`${testId}-table`} />
          </section>
        );
      })}
    </>
  );
}

/** The steps of a run: waiting, running (with its progress and time left) or done. */
export function StepProgress({ app, run, testId }: { app: AppDefinition; run: RunState; testId: string }) {
  const { t, i18n } = useTranslation();
  if (run.steps.length === 0) return null;
  return (
    <ol className="apps-steps" data-testid={`${testId}-steps`}>
      {app.steps.map((step, i) => {
        const state = run.steps[i] ?? 'waiting';
        const label = step.label ? localized(step.label, i18n.language) : opLabel(t, step.op);
        const progress = run.progress?.step === i ? run.progress : null;
        const stateText =
          state === 'done'
            ? t('apps.run.stepDone')
            : state === 'running'
              ? t('apps.run.stepRunning')
              : state === 'stopped'
                ? t('apps.run.stepStopped')
                : t('apps.run.stepWaiting');
        return (
          <li key={step.id} className={`apps-step apps-step-${state}`} data-testid={testId} data-step={step.id} data-state={state}>
            <span>
              {t('apps.output.stepTitle', { index: i + 1, label })} — {stateText}
            </span>
            {state === 'running' && run.status === 'running' ? (
              <ProgressBar
                label={label}
                value={progress?.total ? progress.done : undefined}
                max={progress?.total ?? 100}
                detail={progress?.total ? `${progress.done ?? 0} / ${progress.total}` : undefined}
              />
            ) : null}
            {state === 'running' && run.estimateMs !== null ? (
              <span className="muted" data-testid={`${testId}-estimate`}>
                {t('apps.run.estimate', { time: formatDuration(run.estimateMs, i18n.language) })}
              </span>
            ) : null}
          </li>
        );
      })}
    </ol>
  );
}
