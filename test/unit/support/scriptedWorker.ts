/**
 * A worker whose replies a test scripts: it records everything it was sent and answers through
 * `script` (a microtask later, as a real worker answers asynchronously). For the SDK's and the
 * transport's unit tests; the real worker is covered by the integration and e2e tests.
 */
import type { WorkerLike } from '../../../src/sdk/types';
import type { MainToWorker, RequestMessage, WorkerToMain } from '../../../src/workers/protocol';

// Each event type carries its own payload; the fake stores them untyped and replays them.
type Listener = (event: never) => void;

export class ScriptedWorker implements WorkerLike {
  readonly received: MainToWorker[] = [];
  terminated = false;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(
    private readonly script: (message: MainToWorker, worker: ScriptedWorker) => void = () => {},
    /** Structured-clones each message as postMessage would (a SharedArrayBuffer stays shared). */
    private readonly clone = true,
  ) {}

  postMessage(message: unknown): void {
    const typed = (this.clone ? structuredClone(message) : message) as MainToWorker;
    this.received.push(typed);
    queueMicrotask(() => this.script(typed, this));
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  reply(message: WorkerToMain): void {
    this.dispatch('message', { data: message });
  }
  crash(reason: string): void {
    this.dispatch('error', { message: reason });
  }
  requests(op?: string): RequestMessage[] {
    return this.received.filter((m): m is RequestMessage => m.kind === 'request' && (!op || m.op === op));
  }
  private dispatch(type: string, event: object): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (event: object) => void)(event);
  }
}
