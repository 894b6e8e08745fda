/**
 * One line saying what an app's run is doing or did, read out politely by screen readers.
 * `data-status` carries the raw state (the e2e tests wait on it); the `status-<tone>` class
 * colours the line, and the tone is the status unless an app maps it (Write: stopped → cancelled).
 */
import type { ReactNode } from 'react';

export interface StatusLineProps {
  status: string;
  tone?: string;
  testId: string;
  children?: ReactNode;
}

export function StatusLine({ status, tone = status, testId, children }: StatusLineProps) {
  return (
    <p className={`status status-${tone}`} data-testid={testId} data-status={status} role="status" aria-live="polite">
      {children}
    </p>
  );
}
