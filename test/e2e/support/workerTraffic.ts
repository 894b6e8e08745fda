/**
 * Records the messages between the page and its workers, with timestamps, so tests can see what
 * the worker really did after a cancel: the SDK's promise rejects at once either way, and only
 * the worker's own messages (progress, tokens, results) show whether the work stopped.
 *
 * Installed before the app's scripts run (addInitScript): it subclasses `Worker`, so every worker
 * the app starts is recorded. Read it with `workerTraffic(page)`.
 */
import { expect, type Page } from '@playwright/test';

export interface TrafficEntry {
  /** performance.now() on the page when the message was posted or received. */
  t: number;
  direction: 'to-worker' | 'from-worker';
  worker: string;
  kind: string;
  id: number;
  op?: string;
  done?: number;
}

declare global {
  interface Window {
    __workerTraffic?: TrafficEntry[];
  }
}

export async function recordWorkerTraffic(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const NativeWorker = window.Worker;
    const log: TrafficEntry[] = [];
    window.__workerTraffic = log;
    const entry = (direction: TrafficEntry['direction'], worker: string, data: unknown): void => {
      if (typeof data !== 'object' || data === null) return;
      const message = data as { kind?: unknown; id?: unknown; op?: unknown; progress?: { done?: unknown } };
      log.push({
        t: performance.now(),
        direction,
        worker,
        kind: String(message.kind),
        id: typeof message.id === 'number' ? message.id : NaN,
        op: typeof message.op === 'string' ? message.op : undefined,
        done: typeof message.progress?.done === 'number' ? message.progress.done : undefined,
      });
    };
    window.Worker = class RecordedWorker extends NativeWorker {
      private readonly workerName: string;
      constructor(url: string | URL, options?: WorkerOptions) {
        super(url, options);
        this.workerName = options?.name ?? String(url);
        this.addEventListener('message', (event) => entry('from-worker', this.workerName, (event as MessageEvent).data));
      }
      override postMessage(message: unknown, transfer?: Transferable[] | StructuredSerializeOptions): void {
        entry('to-worker', this.workerName, message);
        super.postMessage(message, transfer as Transferable[]);
      }
    };
  });
}

export function workerTraffic(page: Page): Promise<TrafficEntry[]> {
  return page.evaluate(() => window.__workerTraffic ?? []);
}

const isRequestOf = (op: string) => (m: TrafficEntry) => m.direction === 'to-worker' && m.kind === 'request' && m.op === op;

/** The requests of `op` the page sent to its workers so far. */
export async function requestsOf(page: Page, op: string): Promise<TrafficEntry[]> {
  return (await workerTraffic(page)).filter(isRequestOf(op));
}

/** Resolves once the page's first request of `op` has its result from the worker (e.g. a panel's background `prepare`). */
export async function firstRequestAnswered(page: Page, op: string): Promise<void> {
  await expect
    .poll(
      async () => {
        const traffic = await workerTraffic(page);
        const asked = traffic.find(isRequestOf(op));
        return asked !== undefined && traffic.some((m) => m.direction === 'from-worker' && m.id === asked.id && m.kind === 'result');
      },
      { timeout: 60_000 },
    )
    .toBe(true);
}
