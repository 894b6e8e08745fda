/** An accessible progress bar; without `value` it is indeterminate (animated, no aria-valuenow). */
export interface ProgressBarProps {
  /** Accessible name, also shown above the bar. */
  label: string;
  value?: number;
  max?: number;
  /** Text after the label, e.g. "12 MB / 67 MB" or "3 / 10". */
  detail?: string;
  testId?: string;
}

export function ProgressBar({ label, value, max = 100, detail, testId }: ProgressBarProps) {
  const determinate = value !== undefined && max > 0;
  const clamped = determinate ? Math.min(Math.max(value, 0), max) : 0;
  const percent = determinate ? (clamped / max) * 100 : 0;
  return (
    <div className="progress" data-testid={testId}>
      <div className="progress-text">
        <span>{label}</span>
        {detail ? <span className="progress-detail">{detail}</span> : null}
      </div>
      <div
        className={determinate ? 'progress-track' : 'progress-track indeterminate'}
        role="progressbar"
        aria-label={label}
        aria-valuemin={0}
        aria-valuemax={determinate ? max : undefined}
        aria-valuenow={determinate ? clamped : undefined}
        aria-valuetext={detail}
      >
        <div className="progress-fill" style={determinate ? { width: `${percent}%` } : undefined} />
      </div>
    </div>
  );
}
