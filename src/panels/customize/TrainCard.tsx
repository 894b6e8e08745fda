/**
 * Step 3: train (embed the labelled rows, then softmax regression in a worker) and read the
 * cross-validated scores before deciding to save: per fold and the mean, plus the out-of-fold
 * confusion matrix, which shows which categories the classifier mixes up.
 */
import { useMemo } from 'react';
import { useTranslation } from 'react-i18next';
import { ErrorMessage } from '../../ui/ErrorMessage';
import { ModelLoadProgress } from '../../ui/ModelLoadProgress';
import { ProgressBar } from '../../ui/ProgressBar';
import { formatNumber, formatMetric } from '../../ui/format';
import { StatusLine } from '../../ui/StatusLine';
import { ConfusionMatrix } from '../../ui/ConfusionMatrix';
import { trainingSet } from './labelling';
import { useCustomize, type TaskProgress, type TrainedClassifier } from './customizeStore';
import { SaveForm } from './SaveForm';

function TaskProgressBar({ progress }: { progress: TaskProgress | null }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  if (progress?.phase === 'embedding' && progress.load && progress.load.phase !== 'ready') {
    return <ModelLoadProgress progress={progress.load} testId="custom-load-progress" />;
  }
  if (progress?.phase === 'embedding') {
    const work = progress.work;
    return (
      <ProgressBar
        label={t('customize.train.embedding')}
        value={work?.done}
        max={work?.total}
        detail={work ? t('customize.progressDetail', { done: formatNumber(work.done, locale), total: formatNumber(work.total, locale) }) : undefined}
        testId="custom-progress"
      />
    );
  }
  const training = progress?.phase === 'training' ? progress.training : null;
  const label = !training
    ? t('customize.train.starting')
    : training.phase === 'cross-validation'
      ? t('customize.train.fold', { fold: training.fold ?? 1, folds: training.folds ?? 1 })
      : t('customize.train.final');
  return (
    <ProgressBar
      label={label}
      value={training?.epoch}
      max={training?.epochs}
      detail={training ? t('customize.train.epoch', { epoch: training.epoch, epochs: training.epochs }) : undefined}
      testId="custom-progress"
    />
  );
}

function CrossValidation({ trained }: { trained: TrainedClassifier }) {
  const { t, i18n } = useTranslation();
  const locale = i18n.language;
  const cv = trained.crossValidation;
  return (
    <div className="custom-cv" data-testid="custom-cv">
      <div className="eval-stats">
        <div className="eval-stat" data-testid="custom-cv-accuracy" data-value={cv?.meanAccuracy ?? ''}>
          <span className="eval-stat-label">{t('customize.train.cvAccuracy')}</span>
          <span className="eval-figure">{formatMetric(cv?.meanAccuracy, locale)}</span>
          {cv ? <span className="muted">{t('customize.train.std', { value: formatMetric(cv.stdAccuracy, locale) })}</span> : null}
        </div>
        <div className="eval-stat" data-testid="custom-cv-f1" data-value={cv?.meanMacroF1 ?? ''}>
          <span className="eval-stat-label">{t('customize.train.cvF1')}</span>
          <span className="eval-figure">{formatMetric(cv?.meanMacroF1, locale)}</span>
        </div>
        <div
          className="eval-stat"
          data-testid="custom-train-facts"
          data-examples={trained.examples}
          data-seconds={trained.trainSeconds}
          data-embed-seconds={trained.embedSeconds}
        >
          <span className="eval-stat-label">{t('customize.train.examples')}</span>
          <span className="eval-figure">{formatNumber(trained.examples, locale)}</span>
          <span className="muted">
            {t('customize.train.timing', {
              embed: formatMetric(trained.embedSeconds, locale, 1),
              train: formatMetric(trained.trainSeconds, locale, 1),
            })}
          </span>
        </div>
      </div>
      {cv ? (
        <div className="two-columns">
          <table className="eval-table">
            <caption>{t('customize.train.foldsTitle', { count: cv.folds.length })}</caption>
            <thead>
              <tr>
                <th scope="col">{t('customize.train.foldColumn')}</th>
                <th scope="col" className="num">
                  {t('customize.train.testRows')}
                </th>
                <th scope="col" className="num">
                  {t('customize.train.accuracy')}
                </th>
                <th scope="col" className="num">
                  {t('customize.train.macroF1')}
                </th>
              </tr>
            </thead>
            <tbody>
              {cv.folds.map((f) => (
                <tr key={f.fold} data-testid="custom-fold" data-fold={f.fold} data-accuracy={f.accuracy} data-f1={f.macroF1}>
                  <th scope="row">{formatNumber(f.fold, locale)}</th>
                  <td className="num">{formatNumber(f.testSize, locale)}</td>
                  <td className="num">{formatMetric(f.accuracy, locale)}</td>
                  <td className="num">{formatMetric(f.macroF1, locale)}</td>
                </tr>
              ))}
            </tbody>
          </table>
          {trained.confusion ? <ConfusionMatrix confusion={trained.confusion} testId="custom-confusion" /> : null}
        </div>
      ) : (
        <p className="warn-text" data-testid="custom-no-cv">
          {t('customize.train.noCv')}
        </p>
      )}
      {trained.leftOut.length > 0 ? <p className="warn-text">{t('customize.train.leftOut', { categories: trained.leftOut.join(', ') })}</p> : null}
    </div>
  );
}

export function TrainCard() {
  const { t } = useTranslation();
  const s = useCustomize();
  const set = useMemo(() => trainingSet(s.labels, s.categories), [s.labels, s.categories]);
  const busy = s.status === 'suggesting' || s.status === 'training';
  const ready = set.classes.length >= 2;
  return (
    <div className="card">
      <h2>{t('customize.train.title')}</h2>
      <p className="muted" data-testid="custom-train-summary" data-examples={set.rows.length} data-folds={set.folds}>
        {ready
          ? set.folds > 0
            ? t('customize.train.readyCv', { count: set.rows.length, classes: set.classes.length, folds: set.folds })
            : t('customize.train.readyNoCv', { count: set.rows.length, classes: set.classes.length })
          : t('customize.train.notReady')}
      </p>
      <div className="toolbar">
        <div className="toolbar-actions">
          <button type="button" className="button primary" data-testid="custom-train" disabled={busy || !ready} onClick={s.train}>
            {s.status === 'training' ? t('customize.train.training') : t('customize.train.run')}
          </button>
          <button type="button" className="button secondary" data-testid="custom-cancel" disabled={!busy} onClick={s.cancel}>
            {t('customize.cancel')}
          </button>
        </div>
      </div>
      {busy ? <TaskProgressBar progress={s.progress} /> : null}
      <StatusLine status={s.status} testId="custom-status">
        {s.status === 'suggesting'
          ? t('customize.status.suggesting')
          : s.status === 'training'
            ? t('customize.status.training')
            : s.status === 'cancelled'
              ? t('customize.status.cancelled')
              : s.status === 'error'
                ? t('customize.status.error')
                : s.status === 'done'
                  ? t('customize.status.done')
                  : null}
      </StatusLine>
      {s.status === 'error' ? <ErrorMessage error={s.error} testId="custom-error" /> : null}
      {s.trained ? (
        <>
          <CrossValidation trained={s.trained} />
          <SaveForm />
        </>
      ) : null}
    </div>
  );
}
