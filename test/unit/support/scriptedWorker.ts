/**
 * A worker whose replies a test scripts: it records everything it was sent and answers through
 * `script` (a microtask later, as a real worker answers asynchronously). For the SDK's and the
 * transport's unit tests, for any worker's operations table (the inference worker's by default);
 * the real workers are covered by the integration and e2e tests.
 */
import type { WorkProgress } from '../../../src/core';
import type { WorkerLike } from '../../../src/sdk/types';
import type { InferenceOperations } from '../../../src/workers/inferenceProtocol';
import type { MainToWorker, OperationTable, RequestMessage, WorkerToMain } from '../../../src/workers/messages';

// Each event type carries its own payload; the fake stores them untyped and replays them.
type Listener = (event: never) => void;

export class ScriptedWorker<T extends OperationTable<T> = InferenceOperations, Progress = WorkProgress> implements WorkerLike {
  readonly received: MainToWorker<T>[] = [];
  terminated = false;
  private readonly listeners = new Map<string, Listener[]>();

  constructor(
    private readonly script: (message: MainToWorker<T>, worker: ScriptedWorker<T, Progress>) => void = () => {},
    /** Structured-clones each message as postMessage would (a SharedArrayBuffer stays shared). */
    private readonly clone = true,
  ) {}

  postMessage(message: unknown): void {
    const typed = (this.clone ? structuredClone(message) : message) as MainToWorker<T>;
    this.received.push(typed);
    queueMicrotask(() => this.script(typed, this));
  }
  terminate(): void {
    this.terminated = true;
  }
  addEventListener(type: string, listener: Listener): void {
    this.listeners.set(type, [...(this.listeners.get(type) ?? []), listener]);
  }
  reply(message: WorkerToMain<Progress>): void {
    this.dispatch('message', { data: message });
  }
  crash(reason: string): void {
    this.dispatch('error', { message: reason });
  }
  requests(op?: string): RequestMessage<T>[] {
    return this.received.filter((m): m is RequestMessage<T> => m.kind === 'request' && (!op || m.op === op));
  }
  private dispatch(type: string, event: object): void {
    for (const listener of this.listeners.get(type) ?? []) (listener as (event: object) => void)(event);
  }
}
