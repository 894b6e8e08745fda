/**
 * Catches what a panel throws while rendering (bad data that slipped past the record checks, a
 * bug), so one broken panel never blanks the whole app: it shows what failed and the ways out.
 * `resetKey` (the route, the open dataset) clears the error when the user moves on.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';

export interface PanelErrorBoundaryProps {
  children: ReactNode;
  /** A change clears the error (e.g. another route or dataset was opened). */
  resetKey?: unknown;
  /** The error view; the default names the error and offers a retry and Settings. */
  fallback?: (error: unknown, reset: () => void) => ReactNode;
  testId?: string;
}

interface State {
  error: unknown;
  failed: boolean;
  resetKey: unknown;
}

export class PanelErrorBoundary extends Component<PanelErrorBoundaryProps, State> {
  override state: State = { error: null, failed: false, resetKey: this.props.resetKey };

  static getDerivedStateFromError(error: unknown): Partial<State> {
    return { error, failed: true };
  }

  static getDerivedStateFromProps(props: PanelErrorBoundaryProps, state: State): Partial<State> | null {
    return Object.is(props.resetKey, state.resetKey) ? null : { resetKey: props.resetKey, error: null, failed: false };
  }

  override componentDidCatch(error: unknown, info: ErrorInfo): void {
    console.error('[llmaos] a panel failed to render', error, info.componentStack);
  }

  private readonly reset = () => this.setState({ error: null, failed: false });

  override render(): ReactNode {
    if (!this.state.failed) return this.props.children;
    if (this.props.fallback) return this.props.fallback(this.state.error, this.reset);
    return <PanelErrorView error={this.state.error} onRetry={this.reset} testId={this.props.testId} />;
  }
}

export function errorText(error: unknown): string {
  if (error instanceof Error) return error.message;
  if (typeof error === 'object' && error !== null && typeof (error as { message?: unknown }).message === 'string')
    return (error as { message: string }).message;
  return String(error);
}

export function PanelErrorView({
  error,
  onRetry,
  testId = 'panel-error',
  children,
}: {
  error: unknown;
  onRetry?: () => void;
  testId?: string;
  children?: ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <section className="card error-message" role="alert" data-testid={testId}>
      <h2 className="error-title">{t('panelError.title')}</h2>
      <p data-testid={`${testId}-reason`}>{t('panelError.reason', { message: errorText(error) })}</p>
      <p className="muted">{t('panelError.help')}</p>
      <div className="toolbar-actions">
        {children}
        {onRetry ? (
          <button type="button" className="button" data-testid={`${testId}-retry`} onClick={onRetry}>
            {t('panelError.retry')}
          </button>
        ) : null}
        <a className="button ghost" href="#/settings" data-testid={`${testId}-settings`}>
          {t('panelError.settings')}
        </a>
      </div>
    </section>
  );
}
