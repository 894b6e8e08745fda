/** Normalises anything thrown into a WorkbenchError so the UI can show it by code. */
import { WorkbenchError, type ErrorCode } from '../core';

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

function isErrorCode(value: unknown): value is ErrorCode {
  return typeof value === 'string' && (ERROR_CODES as readonly string[]).includes(value);
}

export function toWorkbenchError(error: unknown): WorkbenchError {
  if (error instanceof WorkbenchError) return error;
  if (typeof error === 'object' && error !== null) {
    const { code, message, detail, name } = error as { code?: unknown; message?: unknown; detail?: unknown; name?: unknown };
    const text = typeof message === 'string' ? message : String(error);
    if (isErrorCode(code)) return new WorkbenchError(code, text, typeof detail === 'string' ? detail : undefined);
    if (name === 'AbortError') return new WorkbenchError('cancelled', text);
    if (name === 'QuotaExceededError') return new WorkbenchError('storage-full', text, `${String(name)}: ${text}`);
    return new WorkbenchError('internal', text, typeof name === 'string' ? `${name}: ${text}` : text);
  }
  return new WorkbenchError('internal', String(error));
}

/**
 * How a download from the Hugging Face Hub fails when the Hub cannot be reached (no network, a
 * firewall, a blocked host): the browser's fetch error, as the worker reports it in `detail`.
 */
const NETWORK_FAILURE = /Failed to fetch|NetworkError|ERR_INTERNET_DISCONNECTED|ERR_NAME_NOT_RESOLVED|Load failed/i;

/**
 * True when a model could not be loaded because the Hub is unreachable, rather than because the
 * model is missing or broken: the first run without the network, which the UI answers with ways
 * that work offline.
 */
export function isHubUnreachable(error: unknown): boolean {
  const normalized = toWorkbenchError(error);
  if (normalized.code !== 'load-failed' && normalized.code !== 'model-not-found') return false;
  return NETWORK_FAILURE.test(`${normalized.detail ?? ''} ${normalized.message}`);
}

/**
 * Import and file errors carry a precise English message (which row, which column, which limit):
 * it is the headline in English. Other languages get their translated headline for the code, with
 * the English message under "details".
 */
export function importErrorText(error: unknown, language: string): string | undefined {
  if (language.startsWith('zh')) return undefined;
  return error instanceof Error && error.message ? error.message : undefined;
}

/** A cancel (the user's, or a closed import), which the UI shows as nothing rather than as an error. */
export function isCancelled(error: unknown): boolean {
  return toWorkbenchError(error).code === 'cancelled';
}
