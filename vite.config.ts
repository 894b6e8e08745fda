import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';

/**
 * Cross-origin isolation lets onnxruntime-web use SharedArrayBuffer, i.e. WASM threads.
 * Static hosts must send the same two headers (see README, "Hosting").
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/** The onnxruntime-web build transformers.js v4 loads (asyncify serves both WASM and WebGPU). */
const ORT_FILES = ['ort-wasm-simd-threaded.asyncify.mjs', 'ort-wasm-simd-threaded.asyncify.wasm'];

/**
 * Without this, a model file missing from public/models/ gets the SPA fallback (index.html with
 * status 200) and transformers.js would try to parse HTML as weights instead of going to the Hub.
 */
function missingModelFilesAre404(): Plugin {
  const middleware =
    (root: string): Connect.NextHandleFunction =>
    (req, res, next) => {
      const path = decodeURIComponent((req.url ?? '').split('?')[0] ?? '');
      if (!path.startsWith('/models/')) return next();
      const file = resolve(root, '.' + path);
      if (!file.startsWith(resolve(root, 'models')) || !existsSync(file) || !statSync(file).isFile()) {
        res.statusCode = 404;
        res.end('Not found');
        return;
      }
      next();
    };
  return {
    name: 'llmaos:missing-model-files-are-404',
    configureServer: (server) => void server.middlewares.use(middleware(server.config.publicDir)),
    configurePreviewServer: (server) =>
      void server.middlewares.use(middleware(resolve(server.config.root, server.config.build.outDir))),
  };
}

export default defineConfig({
  plugins: [
    react(),
    missingModelFilesAre404(),
    viteStaticCopy({
      targets: ORT_FILES.map((name) => ({ src: `node_modules/onnxruntime-web/dist/${name}`, dest: 'ort' })),
    }),
  ],
  server: { headers: ISOLATION_HEADERS, host: '127.0.0.1' },
  preview: { headers: ISOLATION_HEADERS, host: '127.0.0.1' },
  worker: { format: 'es' },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2048 },
  optimizeDeps: { exclude: ['@huggingface/transformers', 'onnxruntime-web'] },
});
