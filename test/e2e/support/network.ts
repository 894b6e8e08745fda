/**
 * Records every request a page (or a whole browser context) makes, so tests can assert on the
 * network: "no model file was fetched", "nothing left the origin", "served by the service worker".
 *
 *   const net = recordNetwork(page);
 *   await page.goto('/');
 *   expect(net.modelFileRequests()).toEqual([]);
 *
 * Requests of dedicated workers (the inference worker) show up on their page in Chromium.
 * Pass the BrowserContext instead of the Page to also see popups and the service worker's own
 * fetches.
 */
import type { BrowserContext, Page, Request, Response } from 'playwright-core';

export interface RecordedRequest {
  url: string;
  /** Path + query of `url`, handy for same-origin assertions. */
  path: string;
  method: string;
  /** Playwright's resource type: document, script, fetch, xhr, image, ... */
  resourceType: string;
  /** HTTP status once the response arrived; undefined while pending or when it failed. */
  status?: number;
  /** True when a service worker answered it (e.g. from its cache) rather than the network. */
  fromServiceWorker: boolean;
  /** True when the service worker itself issued it (only seen when recording a context). */
  byServiceWorker: boolean;
  /** Chromium's error text when the request failed (net::ERR_..., aborted). */
  failure?: string;
}

/** Model weights, tokenizers and configs: self-hosted under /models/ or fetched from the Hub. */
export function isModelFileUrl(url: string): boolean {
  const { hostname, pathname } = new URL(url);
  return (
    pathname.startsWith('/models/') ||
    /\.onnx(_data)?$/.test(pathname) ||
    hostname === 'huggingface.co' ||
    hostname.endsWith('.huggingface.co') ||
    hostname.endsWith('.hf.co')
  );
}

export class NetworkLog {
  readonly requests: RecordedRequest[] = [];
  private readonly byRequest = new Map<Request, RecordedRequest>();
  private readonly detach: () => void;

  constructor(target: Page | BrowserContext) {
    const onRequest = (request: Request) => {
      const url = new URL(request.url());
      const entry: RecordedRequest = {
        url: request.url(),
        path: url.pathname + url.search,
        method: request.method(),
        resourceType: request.resourceType(),
        fromServiceWorker: false,
        byServiceWorker: request.serviceWorker() !== null,
      };
      this.byRequest.set(request, entry);
      this.requests.push(entry);
    };
    const onResponse = (response: Response) => {
      const entry = this.byRequest.get(response.request());
      if (!entry) return;
      entry.status = response.status();
      entry.fromServiceWorker = response.fromServiceWorker();
    };
    const onFailed = (request: Request) => {
      const entry = this.byRequest.get(request);
      if (entry) entry.failure = request.failure()?.errorText ?? 'failed';
    };
    // Page and BrowserContext have the same three events; the cast only unifies the overloads.
    const emitter = target as Page;
    emitter.on('request', onRequest);
    emitter.on('response', onResponse);
    emitter.on('requestfailed', onFailed);
    this.detach = () => {
      emitter.off('request', onRequest);
      emitter.off('response', onResponse);
      emitter.off('requestfailed', onFailed);
    };
  }

  /** Stops recording; what was recorded stays readable. */
  stop(): void {
    this.detach();
  }

  /** Forgets what was recorded so far, e.g. after the first page load. */
  clear(): void {
    this.requests.length = 0;
    this.byRequest.clear();
  }

  filter(predicate: (request: RecordedRequest) => boolean): RecordedRequest[] {
    return this.requests.filter(predicate);
  }

  /** Requests whose URL contains `part` or matches `pattern`. */
  matching(pattern: string | RegExp): RecordedRequest[] {
    return this.filter((r) => (typeof pattern === 'string' ? r.url.includes(pattern) : pattern.test(r.url)));
  }

  /** Requests for model files (see isModelFileUrl), whoever answered them. */
  modelFileRequests(): RecordedRequest[] {
    return this.filter((r) => isModelFileUrl(r.url));
  }

  /** Model-file requests that reached the network, i.e. not answered by the service worker. */
  modelFileDownloads(): RecordedRequest[] {
    return this.filter((r) => isModelFileUrl(r.url) && !r.fromServiceWorker);
  }

  /** The onnxruntime WASM binaries the page and its workers fetched (not the service worker's precaching). */
  ortBinaries(): string[] {
    return [...new Set(this.filter((r) => !r.byServiceWorker && /^\/ort\/.*\.wasm$/.test(new URL(r.url).pathname)).map((r) => new URL(r.url).pathname))];
  }

  /** Requests to any origin other than `origin` (data: and blob: URLs are not network). */
  offOrigin(origin: string): RecordedRequest[] {
    return this.filter((r) => /^https?:/.test(r.url) && new URL(r.url).origin !== new URL(origin).origin);
  }

  /** One line per request, for assertion messages. */
  toString(): string {
    return this.requests
      .map((r) => `${r.method} ${r.status ?? r.failure ?? 'pending'} ${r.resourceType}${r.fromServiceWorker ? ' (sw)' : ''} ${r.url}`)
      .join('\n');
  }
}

export function recordNetwork(target: Page | BrowserContext): NetworkLog {
  return new NetworkLog(target);
}
