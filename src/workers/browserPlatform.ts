/**
 * The browser side of the engine: where transformers.js finds onnxruntime-web's WASM files and
 * the model weights, and which backend the browser can give us.
 */
import { ModelRegistry, env } from '@huggingface/transformers';
import { WeightCache } from '../storage/weightCache';
import { createModelFetch } from './modelFetch';
import { startOnnxRuntime } from './runtimeStart';
import { wasmThreadCount } from './wasmThreads';
import type { EnginePlatform } from './engine';
import type { BackendPreference, EnvironmentInfo, SerializedError } from '../core';
import { ORT_BUILDS, type OrtBuildBackend } from './ortBuilds';
import type { WorkerConfig } from './inferenceProtocol';

/** Served by the app itself (vite copies them from onnxruntime-web): never a CDN. */
const ORT_BASE = new URL('/ort/', self.location.origin).href;

/**
 * onnxruntime-web's build for a backend. WebGPU needs the asyncify build (its WebGPU provider
 * suspends WASM while the GPU works). On WASM the plain build runs the same CPU kernels without
 * asyncify's instrumentation: half the size, and V8 does not spend ~10 s of CPU optimising it
 * after each page's first session, which slowed the first loads and batches (bench realsize, 2-core
 * machine: warm load of the sentiment model 1.55 → 0.92 s, 1.29 → 0.48 s with the runtime running).
 */
function ortFilesFor(backend: OrtBuildBackend): { mjs: string; wasm: string } {
  const name = ORT_BUILDS[backend];
  return { mjs: `${ORT_BASE}${name}.mjs`, wasm: `${ORT_BASE}${name}.wasm` };
}

interface GpuLike {
  requestAdapter(): Promise<{ info?: { vendor?: string; architecture?: string; description?: string } } | null>;
}

export interface BrowserPlatformHooks {
  /** Which download to abort for a URL (the engine knows which loads are abandoned). */
  abortSignalFor(url: string): AbortSignal | undefined;
  /** A weight file could not be cached (e.g. storage full); the model still runs from memory. */
  onCacheWarning(warning: SerializedError): void;
}

export function createBrowserPlatform(hooks: BrowserPlatformHooks): EnginePlatform {
  const onnx = env.backends.onnx as { wasm?: { wasmPaths?: unknown; numThreads?: number; proxy?: boolean } };
  if (onnx.wasm) onnx.wasm.numThreads = wasmThreadCount('auto', navigator.hardwareConcurrency, self.crossOriginIsolated);
  /** The backend whose onnxruntime build this worker runs: the first one `describe` decides. */
  let runtimeBackend: OrtBuildBackend | null = null;
  // onnxruntime-web reads numThreads when its first session starts; a new policy comes with a new
  // worker (the SDK replaces it), so only the first configuration sets it.
  let threadsSet = false;
  env.useBrowserCache = false;
  env.useWasmCache = false;
  env.allowLocalModels = true;

  let adapterProbe: Promise<string | null> | null = null;
  const probeWebGpu = () =>
    (adapterProbe ??= (async () => {
      const gpu = (navigator as unknown as { gpu?: GpuLike }).gpu;
      if (!gpu) return null;
      try {
        const adapter = await gpu.requestAdapter();
        if (!adapter) return null;
        const info = adapter.info ?? {};
        return [info.vendor, info.architecture, info.description].filter(Boolean).join(' ') || 'WebGPU adapter';
      } catch {
        return null;
      }
    })());

  return {
    applyConfig(config: WorkerConfig) {
      if (onnx.wasm && !threadsSet) onnx.wasm.numThreads = wasmThreadCount(config.threads, navigator.hardwareConcurrency, self.crossOriginIsolated);
      threadsSet = true;
      env.localModelPath = config.localModelPath;
      env.allowRemoteModels = config.allowRemoteModels;
      if (config.remoteHost) env.remoteHost = config.remoteHost;
      env.useCustomCache = true;
      (env.customCache as WeightCache | null)?.close();
      env.customCache = new WeightCache({
        localModelPath: config.localModelPath,
        remoteHost: config.remoteHost,
        onWriteError: (error) => hooks.onCacheWarning(error.toJSON()),
        // The load goes on (the file is downloaded again); the log is what a bug report carries.
        onCorrupt: (damage) =>
          console.warn(
            `[llmaos] a stored file was damaged (${damage.reason}), removed, and is downloaded again: ${damage.modelId ?? '?'} ${damage.file ?? damage.key}`,
          ),
        onReadError: (error) => console.warn('[llmaos] the model cache could not be read; the files are downloaded instead', error),
      });
      env.fetch = createModelFetch({
        baseFetch: self.fetch.bind(self),
        localModelPath: config.localModelPath,
        abortSignalFor: hooks.abortSignalFor,
        remoteHost: config.remoteHost,
      });
    },

    startRuntime: startOnnxRuntime,

    async cachedFiles(task, modelId, options) {
      const cache = env.customCache as WeightCache | null;
      if (!cache) return undefined;
      try {
        // A model never stored is downloaded: asking transformers.js for its file list would
        // fetch its config from the network first.
        if (!(await cache.hasModel(modelId))) return undefined;
        const files = await ModelRegistry.get_pipeline_files(task, modelId, options);
        return await cache.verifiedFiles(modelId, files);
      } catch (error) {
        // Then the model loads as if nothing were stored; that load reads the same database and
        // files, and reports what is wrong with them.
        console.warn(`[llmaos] could not check the stored files of ${modelId}`, error);
        return undefined;
      }
    },

    async describe(preference: BackendPreference): Promise<EnvironmentInfo> {
      const adapter = await probeWebGpu();
      const webgpuAvailable = adapter !== null;
      // Every session of this worker comes after its first describe (configure and the first
      // load both ask), so the build is chosen before onnxruntime starts; it cannot change after.
      // The SDK starts a new worker for a new backend preference.
      if (runtimeBackend === null) {
        runtimeBackend = preference === 'wasm' || !webgpuAvailable ? 'wasm' : 'webgpu';
        if (onnx.wasm) onnx.wasm.wasmPaths = ortFilesFor(runtimeBackend);
      }
      return {
        backend: runtimeBackend,
        webgpuAvailable,
        webgpuAdapter: adapter ?? undefined,
        crossOriginIsolated: self.crossOriginIsolated,
        wasmThreads: onnx.wasm?.numThreads ?? 1,
      };
    },
  };
}
