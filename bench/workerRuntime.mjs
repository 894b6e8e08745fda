/**
 * Runs inside a bench page worker (bench/pageWorker.mjs): transformers.js set up as the app's
 * worker sets it up, and the request loop answering `call(op, args)`.
 */

/**
 * As src/workers/browserPlatform.ts on the WASM backend: onnxruntime-web's plain build from /ort/
 * (src/workers/ortBuilds.ts), threads only when cross-origin isolated, models from /models/ and
 * never the Hub, no browser caches.
 */
export function useAppRuntime(env, origin) {
  const wasm = env.backends.onnx.wasm;
  wasm.wasmPaths = { mjs: origin + '/ort/ort-wasm-simd-threaded.mjs', wasm: origin + '/ort/ort-wasm-simd-threaded.wasm' };
  wasm.numThreads = self.crossOriginIsolated ? Math.min(4, navigator.hardwareConcurrency || 1) : 1;
  env.useBrowserCache = false;
  env.useWasmCache = false;
  env.allowLocalModels = true;
  env.allowRemoteModels = false;
  // '/models/' as the app has it: transformers.js only checks that a local file (tokenizer.json,
  // generation_config.json) exists for a relative path. A Blob worker cannot resolve one (its
  // base URL is blob:), so fetch resolves it against the page's origin.
  env.localModelPath = '/models/';
  env.fetch = (url, init) => fetch(new URL(url, origin), init);
  return {
    crossOriginIsolated: self.crossOriginIsolated,
    sharedArrayBuffer: typeof SharedArrayBuffer !== 'undefined',
    // onnxruntime-web drops to 1 when it cannot start threads.
    numThreads: wasm.numThreads,
  };
}

/** Answers `{ id, op, args }` messages with `{ id, ok, value | error }`. */
export function serveOps(ops) {
  self.onmessage = async ({ data: { id, op, args } }) => {
    try {
      self.postMessage({ id, ok: true, value: await ops[op](args) });
    } catch (error) {
      self.postMessage({ id, ok: false, error: String(error?.stack ?? error) });
    }
  };
}
