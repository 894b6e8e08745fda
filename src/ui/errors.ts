/** Normalises anything thrown into a WorkbenchError so the UI can show it by code. */
import { WorkbenchError, type ErrorCode, type ErrorReason, type LocalizedText } from '../core';

/** Every ErrorCode; the i18n test checks each has an `errors.<code>` message. */
export const ERROR_CODES = [
  'model-not-found',
  'load-failed',
  'out-of-memory',
  'bad-input',
  'cancelled',
  'worker-crashed',
  'storage-full',
  'internal',
] as const satisfies readonly ErrorCode[];

// Compile-time check that the list above is complete.
type MissingCodes = Exclude<ErrorCode, (typeof ERROR_CODES)[number]>;
const complete: [MissingCodes] extends [never] ? true : MissingCodes = true;
void complete;

const ERROR_REASONS = ['hub-unreachable'] as const satisfies readonly ErrorReason[];

function isErrorReason(value: unknown): value is ErrorReason {
  return typeof value === 'string' && (ERROR_REASONS as readonly string[]).includes(value);
}

function isLocalizedText(value: unknown): value is LocalizedText {
  return typeof value === 'object' && value !== null && typeof (value as { key?: unknown }).key === 'string';
}

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function toWorkbenchError(error: unknown): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  if (typeof error === 'object' && error !== null) {
    const { code, message, detail, name, reason, localized } = error as {
      code?: unknown;
      message?: unknown;
      detail?: unknown;
      name?: unknown;
      reason?: unknown;
      localized?: unknown;
    };
    const text = typeof message === 'string' ? message : String(error);
    if (isErrorCode(code)) {
      // A serialized error (from a worker) keeps its typed reason and its localized message.
      return new WorkbenchError(code, text, typeof detail === 'string' ? detail : undefined, {
        ...(isErrorReason(reason) ? { reason } : {}),
        ...(isLocalizedText(localized) ? { localized } : {}),
      });
    }
    if (name === 'AbortError') return new WorkbenchError('cancelled', text);
    if (name === 'QuotaExceededError') return new WorkbenchError('storage-full', text, `${String(name)}: ${text}`);
    return new WorkbenchError('internal', text, typeof name === 'string' ? `${name}: ${text}` : text);
  }
  return new WorkbenchError('internal', String(error));
}

/**
 * True when a model could not be loaded because the Hub is unreachable, rather than because the
 * model is missing or broken: the first run without the network, which the UI answers with ways
 * that work offline. The worker types this where the download fails (`reason`), carried across
 * the worker boundary; the browser's wording of the failure is never read.
 */
export function isHubUnreachable(error: unknown): boolean {
  return toWorkbenchError(error).reason === 'hub-unreachable';
}

/** A cancel (the user's, or a closed import), which the UI shows as nothing rather than as an error. */
export function isCancelled(error: unknown): boolean {
  return toWorkbenchError(error).code === 'cancelled';
}
