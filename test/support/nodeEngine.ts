/**
 * The inference engine on Node (onnxruntime-node) with the tiny real-signature models from
 * ../shared/models: the same engine code the browser worker runs, minus the browser platform.
 */
import { existsSync } from 'node:fs';
import { resolve } from 'node:path';
import { env } from '@huggingface/transformers';
import { InferenceEngine, type EnginePlatform } from '../../src/workers/engine';
import { startOnnxRuntime } from '../../src/workers/runtimeStart';
import type { WorkProgress } from '../../src/core';
import type { InferenceOperations, InferenceRequest, OperationName, ParamsOf, WorkerConfig } from '../../src/workers/inferenceProtocol';
import type { WorkerToMain } from '../../src/workers/messages';
import { serveWorker } from '../../src/workers/serve';

export const SHARED_MODELS = resolve(__dirname, '../../../shared/models');

export function sharedModelsAvailable(): boolean {
  return existsSync(resolve(SHARED_MODELS, 'tiny/distilbert-sentiment/config.json'));
}

export const NODE_CONFIG: WorkerConfig = {
  backend: 'auto',
  localModelPath: `${SHARED_MODELS}/`,
  allowRemoteModels: false,
  threads: 'auto',
};

/** The browser worker's platform hooks, for Node; `changes` replaces some (tests). */
export function createNodeEngine(changes: Partial<EnginePlatform> = {}): InferenceEngine {
  return new InferenceEngine({
    applyConfig(config) {
      env.allowLocalModels = true;
      env.localModelPath = config.localModelPath;
      env.allowRemoteModels = config.allowRemoteModels;
    },
    async describe() {
      return { backend: 'cpu', webgpuAvailable: false, crossOriginIsolated: false, wasmThreads: 0 };
    },
    startRuntime: startOnnxRuntime,
    ...changes,
  });
}

let nextId = 1;

/** One request as the worker would see it, with every message the engine sent back. */
export interface RecordedRun {
  id: number;
  messages: WorkerToMain<WorkProgress>[];
  /** Settles when the engine has finished with the request, cancelled or not. */
  done: Promise<void>;
  cancel(): void;
  /** The result, or throws the serialized error the engine reported. */
  outcome(): Promise<unknown>;
  tokens(): string[];
}

/** Sends one request through the worker's own serve loop, recording what it answers. */
export function send<K extends OperationName>(engine: InferenceEngine, op: K, params: ParamsOf<K>): RecordedRun {
  const id = nextId++;
  const messages: WorkerToMain<WorkProgress>[] = [];
  const serve = serveWorker<InferenceOperations>(engine, (message) => void messages.push(message as WorkerToMain<WorkProgress>));
  const done = serve({ kind: 'request', id, op, params } as InferenceRequest);
  return {
    id,
    messages,
    done,
    cancel: () => void serve({ kind: 'cancel', id }),
    async outcome() {
      await done;
      const final = messages.find((m) => m.kind === 'result' || m.kind === 'error');
      if (!final) throw new Error('the engine finished without answering');
      if (final.kind === 'error') throw Object.assign(new Error(final.error.message), final.error);
      if (final.kind !== 'result') throw new Error('unreachable');
      return final.result;
    },
    tokens: () => messages.flatMap((m) => (m.kind === 'token' ? [m.text] : [])),
  };
}
