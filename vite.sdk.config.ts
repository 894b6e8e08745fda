/**
 * The SDK as a package (`npm run build:sdk`): an ES module library build of src/sdk/index.ts into
 * dist-sdk/, with its workers (inference, analysis, training) as module chunks beside it, the
 * self-hosted onnxruntime-web files in dist-sdk/ort/, and the type declarations (tsconfig.sdk.json)
 * in dist-sdk/types/. A page imports dist-sdk/llmaos-sdk.js; see README, "The SDK as a package".
 */
import { defineConfig } from 'vite';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { ORT_FILES, dependencyPatches, ortWasmFromSelfHostedCopy } from './vite.config';

export default defineConfig({
  // Only what the library needs: no React, no PWA, no index.html, no public/ copy (model files are served by the host).
  publicDir: false,
  // Worker chunks are found next to the module (new URL('./assets/…', import.meta.url)), wherever dist-sdk/ is served.
  base: './',
  plugins: [
    ortWasmFromSelfHostedCopy(),
    ...dependencyPatches(),
    viteStaticCopy({ targets: ORT_FILES.map((name) => ({ src: `node_modules/onnxruntime-web/dist/${name}`, dest: 'ort' })) }),
  ],
  worker: { format: 'es', plugins: () => [ortWasmFromSelfHostedCopy(), ...dependencyPatches()] },
  build: {
    outDir: 'dist-sdk',
    target: 'es2022',
    sourcemap: true,
    chunkSizeWarningLimit: 2048,
    lib: { entry: 'src/sdk/index.ts', formats: ['es'], fileName: () => 'llmaos-sdk.js' },
  },
});
