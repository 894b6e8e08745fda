/** Shows an error by its code in the user's language, with the technical text in a disclosure. */
import { useTranslation } from 'react-i18next';
import { isHubUnreachable, toWorkbenchError } from './errors';
import { HubUnreachable } from './HubUnreachable';

export interface ErrorMessageProps {
  error: unknown;
  /** A more specific, already translated message; the default is the message for the error's code. */
  message?: string;
  testId?: string;
}

export function ErrorMessage({ error, message, testId = 'error-message' }: ErrorMessageProps) {
  const { t } = useTranslation();
  const normalized = toWorkbenchError(error);
  const detail = normalized.detail ?? normalized.message;
  const offline = isHubUnreachable(normalized);
  return (
    <div className="error-message" role="alert" data-testid={testId} data-code={normalized.code} data-offline={offline ? 'true' : undefined}>
      <p className="error-title">{message ?? (offline ? t('errors.hubUnreachable.title') : t(`errors.${normalized.code}`))}</p>
      {offline ? <HubUnreachable testId={testId} /> : null}
      {detail ? (
        <details className="error-detail">
          <summary>{t('errors.showDetails')}</summary>
          <pre>{detail}</pre>
        </details>
      ) : null}
    </div>
  );
}
