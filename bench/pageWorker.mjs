/**
 * Bench-only module workers inside the app's page: plain transformers.js (its web build, with
 * onnxruntime-web) configured as the app's worker is (src/workers/browserPlatform.ts), for
 * figures the SDK cannot give, e.g. generation without KV cache reuse, or the naive
 * one-pipeline-call-per-row baseline. No product code: the worker is bundled here with Vite
 * and started from a Blob URL, which needs the bench's bypassCSP (worker-src 'self' forbids blob:).
 *
 *   const code = await bundlePageWorker(ctx, 'sentiment', `import { pipeline, env } from '@huggingface/transformers';
 *     import { useAppRuntime, serveOps } from ${JSON.stringify(WORKER_RUNTIME)}; ...`);
 *   const worker = await startPageWorker(page, 'sentiment', code);
 *   await worker.call('load', { origin, model }); ... await worker.stop();
 */
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';

/** What a worker source imports for `useAppRuntime` and `serveOps` (bench/workerRuntime.mjs). */
export const WORKER_RUNTIME = fileURLToPath(new URL('./workerRuntime.mjs', import.meta.url));

/** Bundles `source` (an ES module that may import npm packages and repo files) into one ES module. */
export async function bundlePageWorker(ctx, name, source) {
  const { build } = await import('vite');
  // A virtual entry, nothing written: as if it were a file in bench/, so '@huggingface/transformers'
  // resolves from the repo's node_modules (to its web build: this is a browser build).
  const entry = join(ctx.root, 'bench', `__bench-${name}-worker.mjs`);
  const virtualEntry = {
    name: `bench:${name}-worker-entry`,
    resolveId: (id) => (id === entry ? entry : null),
    load: (id) => (id === entry ? source : null),
  };
  // As vite.config.ts's ortWasmFromSelfHostedCopy: onnxruntime-web's fallback asset URLs point at
  // /ort/ instead of being inlined into the bundle (a library build inlines every asset).
  const ortAssetUrl = /new URL\((["'`])(ort-wasm-[\w.-]+\.(?:wasm|mjs))\1,\s*import\.meta\.url\)/g;
  const ortFromSelfHostedCopy = {
    name: 'bench:ort-from-self-hosted-copy',
    enforce: 'pre',
    transform(code, id) {
      if (!/[\\/]onnxruntime-web[\\/]dist[\\/].*\.m?js$/.test(id.split('?')[0]) || !code.includes('ort-wasm-')) return null;
      return { code: code.replace(ortAssetUrl, (_m, _q, file) => `new URL(${JSON.stringify('/ort/' + file)}, self.location.origin)`), map: null };
    },
  };
  const output = await build({
    configFile: false,
    logLevel: 'silent',
    root: ctx.root,
    plugins: [virtualEntry, ortFromSelfHostedCopy],
    build: {
      write: false,
      minify: false,
      target: 'es2022',
      lib: { entry, formats: ['es'], fileName: `bench-${name}-worker` },
      rollupOptions: { output: { codeSplitting: false } },
    },
  });
  const chunks = (Array.isArray(output) ? output[0] : output).output;
  const assets = chunks.filter((o) => o.type === 'asset').map((o) => o.fileName);
  if (assets.length) throw new Error(`bench worker bundle emitted assets it cannot load from a Blob URL: ${assets.join(', ')}`);
  return chunks.find((o) => o.type === 'chunk').code;
}

/**
 * Starts the bundled worker in `page`; `call(op, args)` runs one of its `serveOps` operations
 * and resolves with its value (errors come back as errors), `stop()` terminates it.
 */
export async function startPageWorker(page, name, code) {
  await page.evaluate(
    ({ name, code }) => {
      const url = URL.createObjectURL(new Blob([code], { type: 'text/javascript' }));
      const worker = new Worker(url, { type: 'module', name: `llmaos-bench-${name}` });
      const pending = new Map();
      let next = 0;
      worker.onmessage = ({ data }) => {
        const call = pending.get(data.id);
        pending.delete(data.id);
        if (data.ok) call.resolve(data.value);
        else call.reject(new Error(data.error));
      };
      worker.onerror = (event) => {
        for (const call of pending.values()) call.reject(new Error(`bench worker: ${event.message || 'failed to start'}`));
        pending.clear();
      };
      window.__benchWorkers ??= {};
      window.__benchWorkers[name] = {
        call: (op, args) =>
          new Promise((resolve, reject) => {
            const id = next++;
            pending.set(id, { resolve, reject });
            worker.postMessage({ id, op, args });
          }),
        stop: () => {
          worker.terminate();
          URL.revokeObjectURL(url);
        },
      };
    },
    { name, code },
  );
  return {
    call: (op, args) => page.evaluate(({ name, op, args }) => window.__benchWorkers[name].call(op, args), { name, op, args }),
    stop: () => page.evaluate((name) => window.__benchWorkers?.[name]?.stop(), name),
  };
}
