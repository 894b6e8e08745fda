/**
 * The `env.fetch` transformers.js downloads model files with. It adds what plain fetch lacks for
 * model downloads: cancellation per model, and telling a web page apart from a model file.
 *
 * Why web pages matter: a static host answers a missing `/models/…` file with the SPA's
 * index.html (status 200), and a captive portal or proxy answers a Hub URL with its own page.
 * transformers.js would parse either as weights and fail with an unreadable protobuf/JSON error.
 */
import { modelIdFromKey } from '../storage/weightCache';
import { WorkbenchError } from '../core';

export interface ModelFetchOptions {
  baseFetch: typeof fetch;
  /** transformers.js' `env.localModelPath`, e.g. `/models/`: the self-hosted model folders. */
  localModelPath: string;
  /** The signal that cancels the download `url` belongs to (the engine maps URL → model → load). */
  abortSignalFor?: (url: string) => AbortSignal | undefined;
  /** transformers.js' `env.remoteHost` (the Hub by default). */
  remoteHost?: string;
}

/** Models imported from a folder on disk live only in this browser, under this org. */
export const IMPORTED_ORG = 'local';

const HTML_TYPES = new Set(['text/html', 'application/xhtml+xml']);
const DEFAULT_REMOTE_HOST = 'https://huggingface.co/';

function withTrailingSlash(prefix: string): string {
  return prefix.endsWith('/') ? prefix : `${prefix}/`;
}

function urlOf(input: RequestInfo | URL): string {
  if (typeof input === 'string') return input;
  return input instanceof URL ? input.href : input.url;
}

function requestSignal(input: RequestInfo | URL): AbortSignal | undefined {
  return typeof Request !== 'undefined' && input instanceof Request ? input.signal : undefined;
}

function isHtmlResponse(response: Response): boolean {
  const mime = response.headers.get('content-type')?.split(';', 1)[0]?.trim().toLowerCase();
  return mime !== undefined && HTML_TYPES.has(mime);
}

/** Frees the connection of a response we replace instead of reading. */
function discardBody(response: Response): void {
  response.body?.cancel().catch(() => undefined);
}

/**
 * Whether `url` points into the self-hosted model folders. transformers.js passes the local path
 * verbatim (`/models/…`), but a Request may carry it resolved against the page's origin.
 */
export function isUnderLocalPath(url: string, localModelPath: string): boolean {
  const prefix = withTrailingSlash(localModelPath);
  if (url.startsWith(prefix)) return true;
  const base = (globalThis as { location?: { href?: string } }).location?.href;
  try {
    const target = new URL(url, base);
    const local = new URL(prefix, base);
    return target.origin === local.origin && target.pathname.startsWith(local.pathname);
  } catch {
    return false; // A relative URL with no page to resolve it against cannot be local.
  }
}

/** Aborts as soon as one of its inputs does; listeners are removed once it has. */
function mergeSignalsManually(signals: readonly AbortSignal[]): AbortSignal {
  const controller = new AbortController();
  const alreadyAborted = signals.find((signal) => signal.aborted);
  if (alreadyAborted) {
    controller.abort(alreadyAborted.reason);
    return controller.signal;
  }
  const onAbort = (event: Event): void => {
    for (const signal of signals) signal.removeEventListener('abort', onAbort);
    controller.abort((event.target as AbortSignal).reason);
  };
  for (const signal of signals) signal.addEventListener('abort', onAbort);
  return controller.signal;
}

/** One signal that aborts when any given signal does; undefined when none is given. */
export function anySignal(signals: ReadonlyArray<AbortSignal | null | undefined>): AbortSignal | undefined {
  const present = [...new Set(signals.filter((signal): signal is AbortSignal => signal != null))];
  if (present.length <= 1) return present[0];
  // AbortSignal.any is Safari 17.4+ / Chrome 116+; older engines get the manual merge.
  return typeof AbortSignal.any === 'function' ? AbortSignal.any(present) : mergeSignalsManually(present);
}

/** The model a download URL belongs to, for URLs in either key shape (see modelIdFromKey). */
export function modelIdFromUrl(url: string, localModelPath: string, remoteHost: string = DEFAULT_REMOTE_HOST): string | null {
  return modelIdFromKey(url, localModelPath, remoteHost)?.modelId ?? null;
}

function webPageError(url: string, response: Response): WorkbenchError {
  return new WorkbenchError(
    'load-failed',
    `Expected a model file from ${url} but got a web page. A captive portal, proxy or firewall is ` +
      'probably intercepting downloads: sign in to the network or ask your administrator, then try ' +
      'again, or import the model folder from disk in the Models panel.',
    `HTTP ${response.status}, content-type: ${response.headers.get('content-type') ?? 'none'}`,
  );
}

/**
 * The imported model (`local/<name>`) a remote URL asks for, or null. Such a model exists only in
 * this browser's weight cache: a file missing there must not send the folder's name to the Hub.
 */
export function importedModelOfRemoteUrl(url: string, localModelPath: string, remoteHost: string = DEFAULT_REMOTE_HOST): string | null {
  if (isUnderLocalPath(url, localModelPath)) return null;
  const modelId = modelIdFromUrl(url, localModelPath, remoteHost);
  if (modelId?.startsWith(`${IMPORTED_ORG}/`)) return modelId;
  let pathname: string;
  try {
    pathname = new URL(url, (globalThis as { location?: { href?: string } }).location?.href).pathname;
  } catch {
    return null;
  }
  // Also the Hub's API shape (/api/models/local/<name>/…), whatever transformers.js may ask next.
  const match = new RegExp(`^/(?:api/models/)?${IMPORTED_ORG}/([^/]+)`).exec(pathname);
  return match ? `${IMPORTED_ORG}/${decodeURIComponent(match[1]!)}` : null;
}

/**
 * A request to the remote host that failed below HTTP (fetch rejected: no network, DNS, a
 * firewall or a blocked host). Typed here, where it happens, so the UI can offer the ways that
 * work offline without reading the browser's wording of the failure.
 */
function hubUnreachableError(url: string, error: unknown): WorkbenchError {
  const host = (() => {
    try {
      return new URL(url).host;
    } catch {
      return url;
    }
  })();
  return new WorkbenchError(
    'load-failed',
    `The model files could not be downloaded: ${host} cannot be reached from this device.`,
    `${error instanceof Error ? `${error.name}: ${error.message}` : String(error)} (${url})`,
    { cause: error, reason: 'hub-unreachable' },
  );
}

function importedModelMissing(modelId: string, url: string): WorkbenchError {
  const file = url
    .split(/[?#]/, 1)[0]!
    .split(`/${modelId.slice(IMPORTED_ORG.length + 1)}/`)
    .pop()
    ?.replace(/^resolve\/[^/]+\//, '');
  return new WorkbenchError(
    'model-not-found',
    `The imported model ${modelId} has no file "${file ?? url}" in this browser. Imported models are never downloaded: ` +
      'import the complete folder again in the Models panel.',
    `not requested: ${url}`,
  );
}

export function createModelFetch(options: ModelFetchOptions): typeof fetch {
  const { baseFetch, localModelPath, abortSignalFor, remoteHost } = options;

  const modelFetch = async (input: RequestInfo | URL, init?: RequestInit): Promise<Response> => {
    const url = urlOf(input);
    const imported = importedModelOfRemoteUrl(url, localModelPath, remoteHost);
    if (imported) throw importedModelMissing(imported, url);
    const signal = anySignal([requestSignal(input), init?.signal, abortSignalFor?.(url)]);
    // The weight cache keeps model files; the HTTP cache would only hold a second copy (and an
    // incognito profile's small in-memory cache fails on large files: ERR_CACHE_WRITE_FAILURE).
    let response: Response;
    try {
      response = await baseFetch(input, { ...init, cache: 'no-store', ...(signal ? { signal } : {}) });
    } catch (error) {
      // A cancel is not a network failure; a self-hosted file that fails is retried on the Hub by
      // transformers.js, which catches local failures, so only remote failures are the Hub's.
      if (signal?.aborted || (error instanceof Error && error.name === 'AbortError')) throw error;
      if (isUnderLocalPath(url, localModelPath)) throw error;
      throw hubUnreachableError(url, error);
    }
    if (!isHtmlResponse(response)) return response;
    if (isUnderLocalPath(url, localModelPath)) {
      // The host's SPA fallback for a file we do not self-host: a 404 sends transformers.js to the Hub.
      discardBody(response);
      return new Response(null, { status: 404, statusText: 'Not Found' });
    }
    if (response.status === 200) {
      discardBody(response);
      throw webPageError(url, response);
    }
    return response;
  };

  return modelFetch as typeof fetch;
}
