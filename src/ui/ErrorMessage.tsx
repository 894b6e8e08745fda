/**
 * Shows an error in the user's language: the headline says why (a refusal's own reason when it
 * carries one, else the message for its code), with the technical text in a disclosure.
 */
import { useTranslation } from 'react-i18next';
import { isHubUnreachable, toWorkbenchError } from './errors';
import { HubUnreachable } from './HubUnreachable';
import { renderLocalized } from './localizedText';

export interface ErrorMessageProps {
  error: unknown;
  /** A more specific, already translated headline, in place of the reason. */
  message?: string;
  /** What failed, translated (e.g. "Nothing was restored."): the headline leads with it, then the reason. */
  lead?: string;
  testId?: string;
}

export function ErrorMessage({ error, message, lead, testId = 'error-message' }: ErrorMessageProps) {
  const { t } = useTranslation();
  const normalized = toWorkbenchError(error);
  const detail = normalized.detail ?? normalized.message;
  const offline = isHubUnreachable(normalized);
  const why = normalized.localized ? renderLocalized(t, normalized.localized) : offline ? t('errors.hubUnreachable.title') : t(`errors.${normalized.code}`);
  const headline = message ?? (lead ? t('errors.withLead', { lead, reason: why }) : why);
  return (
    <div className="error-message" role="alert" data-testid={testId} data-code={normalized.code} data-offline={offline ? 'true' : undefined}>
      <p className="error-title">{headline}</p>
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
