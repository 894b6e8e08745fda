/**
 * Charts of the dashboard, drawn with Chart.js on canvas. Canvas was chosen over SVG libraries
 * for the main thread's sake: measured in Chromium on 2 busy cores (a sentiment run in the
 * worker), mounting five recharts charts took one 3.3 s task (DOM text measuring, redux/immer
 * re-renders), while a Chart.js bar chart is a few milliseconds. Text is painted on the canvas,
 * so user text (theme names, segments) can never become markup.
 *
 * Every bar is clickable and filters the table; the same choices are buttons under each chart for
 * keyboard and screen-reader users. Animations are off: they would replay on every update of a
 * long run. Each chart is created in a task of its own, so a dashboard of five never adds up to
 * one long task.
 */
import { useEffect, useRef, type ReactNode } from 'react';
import { BarController, BarElement, CategoryScale, Chart, LinearScale, Tooltip, type ChartConfiguration } from 'chart.js';
import type { Polarity, SentimentCounts } from '../../insights';
import { POLARITIES, POLARITY_COLORS, UNKNOWN_COLOR, usePolarityLabels } from './labels';

Chart.register(BarController, BarElement, CategoryScale, LinearScale, Tooltip);

let fontSet = false;
/**
 * Draws chart text in the page's own font. Chart.js's default ("Helvetica Neue", Helvetica,
 * Arial) is another font lookup, and on Linux the first canvas measureText of an unresolved
 * family took ~0.5 s of fontconfig work on the main thread.
 */
function applyPageFont(): void {
  if (fontSet || typeof document === 'undefined') return;
  fontSet = true;
  Chart.defaults.font.family = getComputedStyle(document.body).fontFamily || Chart.defaults.font.family;
}

export interface StackedEntry {
  /** What a click selects. */
  key: string;
  /** Shown on the axis and the button. */
  label: string;
  counts: SentimentCounts;
  total: number;
}

interface ChartFrameProps {
  title: string;
  testId: string;
  children: ReactNode;
  /** Accessible alternatives to clicking bars. */
  choices: Array<{ key: string; label: string; detail: string; active: boolean; onSelect(): void }>;
}

export function ChartFrame({ title, testId, children, choices }: ChartFrameProps) {
  return (
    <figure className="insights-chart" data-testid={testId}>
      <figcaption className="field-label">{title}</figcaption>
      <div className="insights-chart-canvas">{children}</div>
      <div className="insights-chart-choices">
        {choices.map((choice) => (
          <button
            key={choice.key}
            type="button"
            className={choice.active ? 'insights-choice active' : 'insights-choice'}
            aria-pressed={choice.active}
            data-testid={`${testId}-choice`}
            data-key={choice.key}
            onClick={choice.onSelect}
          >
            {choice.label} <span className="muted">{choice.detail}</span>
          </button>
        ))}
      </div>
    </figure>
  );
}

interface Series {
  label: string;
  data: number[];
  color: string | string[];
}

interface BarCanvasProps {
  labels: string[];
  series: Series[];
  stacked?: boolean;
  /** Bars run left to right, labels on the left (long names). */
  horizontal?: boolean;
  height: number;
  /** Accessible name of the canvas. */
  title: string;
  onSelect(index: number): void;
}

function configOf(props: BarCanvasProps, onClick: (index: number) => void): ChartConfiguration<'bar'> {
  const { labels, series, stacked = false, horizontal = false } = props;
  return {
    type: 'bar',
    data: { labels, datasets: series.map((s) => ({ label: s.label, data: s.data, backgroundColor: s.color, borderWidth: 0 })) },
    options: {
      animation: false,
      responsive: true,
      maintainAspectRatio: false,
      indexAxis: horizontal ? 'y' : 'x',
      interaction: { mode: 'index', axis: horizontal ? 'y' : 'x', intersect: false },
      plugins: { legend: { display: false }, tooltip: { enabled: true } },
      scales: {
        x: { stacked, beginAtZero: true, ticks: { precision: 0, autoSkip: !horizontal, font: { size: 11 } }, grid: { display: horizontal } },
        y: { stacked, beginAtZero: true, ticks: { precision: 0, autoSkip: horizontal, font: { size: 11 } }, grid: { display: !horizontal } },
      },
      onClick: (_event, elements) => {
        const index = elements[0]?.index;
        if (index !== undefined) onClick(index);
      },
      onHover: (event, elements) => {
        const target = event.native?.target as HTMLElement | undefined;
        if (target) target.style.cursor = elements.length > 0 ? 'pointer' : 'default';
      },
    },
  };
}

/**
 * Where each category's bar is on the canvas (CSS pixels), as `data-bars`: automation (and the
 * e2e tests) click a bar by its position, since a canvas has no elements to find.
 */
function recordBars(chart: Chart<'bar'>, canvas: HTMLCanvasElement): void {
  const count = chart.data.labels?.length ?? 0;
  const points: Array<[number, number] | null> = [];
  for (let index = 0; index < count; index++) {
    let best: { value: number; x: number; y: number } | null = null;
    chart.data.datasets.forEach((dataset, datasetIndex) => {
      const value = Number(dataset.data[index] ?? 0);
      const element = chart.getDatasetMeta(datasetIndex).data[index];
      if (!element || value <= 0 || (best && best.value >= value)) return;
      // Bar elements implement getCenterPoint; the dataset meta types them as plain elements.
      const { x, y } = (element as unknown as { getCenterPoint(): { x: number; y: number } }).getCenterPoint();
      best = { value, x, y };
    });
    const found = best as { x: number; y: number } | null;
    points.push(found ? [Math.round(found.x), Math.round(found.y)] : null);
  }
  canvas.dataset.bars = JSON.stringify(points);
}

/** A Chart.js bar chart owned by React: created after mount, updated in place, destroyed on unmount. */
export function BarCanvas(props: BarCanvasProps) {
  const canvasRef = useRef<HTMLCanvasElement>(null);
  const chartRef = useRef<Chart<'bar'> | null>(null);
  const propsRef = useRef(props);
  // eslint-disable-next-line react-hooks/refs -- the latest props for Chart.js callbacks, which outlive a render
  propsRef.current = props;

  applyPageFont();
  useEffect(() => {
    // Its own task: several charts mounting together must not become one long task.
    const timer = setTimeout(() => {
      const canvas = canvasRef.current;
      if (!canvas) return;
      const chart = new Chart(
        canvas,
        configOf(propsRef.current, (index) => propsRef.current.onSelect(index)),
      );
      chartRef.current = chart;
      recordBars(chart, canvas);
    }, 0);
    return () => {
      clearTimeout(timer);
      chartRef.current?.destroy();
      chartRef.current = null;
    };
  }, []);

  const { labels, series } = props;
  useEffect(() => {
    // Updates too run in a task per chart, after React's commit.
    const timer = setTimeout(() => {
      const chart = chartRef.current;
      const canvas = canvasRef.current;
      if (!chart || !canvas) return;
      chart.data.labels = labels;
      series.forEach((s, i) => {
        const dataset = chart.data.datasets[i];
        if (dataset) {
          dataset.data = s.data;
          dataset.backgroundColor = s.color;
        }
      });
      chart.update('none');
      recordBars(chart, canvas);
    }, 0);
    return () => clearTimeout(timer);
  }, [labels, series]);

  return (
    <div className="insights-canvas-box" style={{ height: props.height }}>
      <canvas ref={canvasRef} role="img" aria-label={props.title} />
    </div>
  );
}

/** One bar per polarity. */
export function SentimentBars({ counts, title, onSelect }: { counts: SentimentCounts; title: string; onSelect(polarity: Polarity): void }) {
  const labels = usePolarityLabels();
  const key = POLARITIES.map((p) => counts[p]).join(',');
  // Memoised by value so an unchanged distribution does not redraw the chart.
  const memo = useStable(key, () => ({
    labels: POLARITIES.map((p) => labels[p]),
    series: [{ label: title, data: POLARITIES.map((p) => counts[p]), color: POLARITIES.map((p) => POLARITY_COLORS[p]) }],
  }));
  return <BarCanvas labels={memo.labels} series={memo.series} height={190} title={title} onSelect={(index) => onSelect(POLARITIES[index]!)} />;
}

interface StackedBarsProps {
  entries: StackedEntry[];
  title: string;
  onSelect(index: number): void;
  horizontal?: boolean;
  height?: number;
  /** Also stack the rows with no sentiment yet (the category chart, which may exist before any sentiment). */
  withUnknown?: boolean;
}

/** Stacked positive / neutral / negative bars per entry (theme, rating, segment, period, category). */
export function StackedBars({ entries, title, onSelect, horizontal = false, height = 220, withUnknown = false }: StackedBarsProps) {
  const labels = usePolarityLabels();
  const key =
    `${withUnknown}|` +
    entries.map((e) => `${e.label}:${e.counts.positive}/${e.counts.neutral}/${e.counts.negative}/${withUnknown ? e.counts.unknown : ''}`).join('|');
  const memo = useStable(key, () => ({
    labels: entries.map((e) => e.label),
    series: [
      ...POLARITIES.map((p) => ({ label: labels[p], data: entries.map((e) => e.counts[p]), color: POLARITY_COLORS[p] })),
      ...(withUnknown ? [{ label: labels.unknown, data: entries.map((e) => e.counts.unknown), color: UNKNOWN_COLOR }] : []),
    ],
  }));
  return <BarCanvas labels={memo.labels} series={memo.series} stacked horizontal={horizontal} height={height} title={title} onSelect={onSelect} />;
}

/* eslint-disable react-hooks/refs -- a render-time cache kept in a ref (the app is not built with React Compiler, which this rule is written for) */
/** A value recomputed only when `key` changes (like useMemo, keyed by content rather than identity). */
function useStable<T>(key: string, make: () => T): T {
  const ref = useRef<{ key: string; value: T } | null>(null);
  if (!ref.current || ref.current.key !== key) ref.current = { key, value: make() };
  return ref.current.value;
}
/* eslint-enable react-hooks/refs */
