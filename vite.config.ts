import { existsSync, statSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Connect, Plugin } from 'vite';
import { defineConfig } from 'vite';
import react from '@vitejs/plugin-react';
import { viteStaticCopy } from 'vite-plugin-static-copy';
import { VitePWA } from 'vite-plugin-pwa';
import { ORT_FILES } from './src/workers/ortBuilds.ts';
import { DOWNLOAD_BUFFERS_GLOBAL } from './src/workers/downloadBuffers.ts';
import { ORT_OUTPUT_BUFFERS_GLOBAL } from './src/workers/outputBuffers.ts';

/**
 * Cross-origin isolation lets onnxruntime-web use SharedArrayBuffer, i.e. WASM threads.
 * Static hosts must send the same two headers (see README, "Hosting").
 */
export const ISOLATION_HEADERS = {
  'Cross-Origin-Opener-Policy': 'same-origin',
  'Cross-Origin-Embedder-Policy': 'require-corp',
  'Cross-Origin-Resource-Policy': 'same-origin',
};

/**
 * Content-Security-Policy: the app's own origin, plus the Hugging Face Hub and its file CDNs for
 * model downloads, and nothing else. No third-party scripts, styles, fonts, images or beacons.
 * - 'wasm-unsafe-eval' lets onnxruntime-web compile WebAssembly; plain eval stays forbidden.
 * - worker-src 'self': the inference and training workers and onnxruntime's threads are
 *   same-origin module scripts; none is built from a blob: URL.
 * - img-src data: inline icons (CSS or SVG data URLs) never touch the network, so they may stay.
 * index.html carries the same policy in a <meta> tag for static hosts that cannot send headers
 * (the build checks the two agree). A <meta> policy cannot hold frame-ancestors, so that one is
 * only in the header. See README, "Privacy".
 */
export const CSP_DIRECTIVES: readonly string[] = [
  "default-src 'self'",
  "script-src 'self' 'wasm-unsafe-eval'",
  "worker-src 'self'",
  "connect-src 'self' https://huggingface.co https://*.huggingface.co https://*.hf.co",
  "img-src 'self' data:",
  "style-src 'self'",
  "font-src 'self'",
  "manifest-src 'self'",
  "object-src 'none'",
  "base-uri 'self'",
  "form-action 'self'",
];
export const CONTENT_SECURITY_POLICY = CSP_DIRECTIVES.join('; ');
/**
 * Header-only directives (a <meta> policy ignores them). `report-uri` points at the local
 * endpoint below, so violations in workers are seen too: a worker's violations reach neither
 * the page's `securitypolicyviolation` event nor its console.
 */
export const CSP_REPORT_PATH = '/__csp-report';
const HEADER_ONLY_CSP = ["frame-ancestors 'none'", `report-uri ${CSP_REPORT_PATH}`];

/**
 * `vite dev` serves an inline React Fast Refresh preamble, injects CSS as <style> elements and
 * talks to its HMR WebSocket, so its policy allows exactly those three things more. Production
 * (`vite build`, `vite preview`) never gets them.
 */
const DEV_CSP = CONTENT_SECURITY_POLICY.replace("script-src 'self'", "script-src 'self' 'unsafe-inline'")
  .replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
  .replace("connect-src 'self'", "connect-src 'self' ws: wss:");

/** The page URL is nobody's business, not even the Hub's. */
const REFERRER_POLICY = { 'Referrer-Policy': 'no-referrer' };
const PREVIEW_HEADERS = {
  ...ISOLATION_HEADERS,
  ...REFERRER_POLICY,
  'Content-Security-Policy': [CONTENT_SECURITY_POLICY, ...HEADER_ONLY_CSP].join('; '),
};
const DEV_HEADERS = { ...ISOLATION_HEADERS, ...REFERRER_POLICY, 'Content-Security-Policy': [DEV_CSP, ...HEADER_ONLY_CSP].join('; ') };

/**
 * The `report-uri` endpoint of `vite dev` and `vite preview`: the browser POSTs every violation
 * (page, workers, service worker) here; each is printed to the terminal and kept (the last 500)
 * for `GET /__csp-report`, which the privacy e2e reads. Static hosts have no such endpoint; the
 * browser then reports to a 404, which is harmless.
 */
function cspReports(): Plugin {
  const reports: unknown[] = [];
  const middleware: Connect.NextHandleFunction = (req, res, next) => {
    if ((req.url ?? '').split('?')[0] !== CSP_REPORT_PATH) return next();
    if (req.method === 'GET') {
      res.setHeader('Content-Type', 'application/json');
      res.setHeader('Cache-Control', 'no-store');
      res.end(JSON.stringify(reports));
      return;
    }
    if (req.method !== 'POST') {
      res.statusCode = 405;
      res.end();
      return;
    }
    let body = '';
    req.setEncoding('utf8');
    req.on('data', (chunk: string) => {
      if (body.length < 64 * 1024) body += chunk;
    });
    req.on('end', () => {
      let report: unknown = body;
      try {
        report = (JSON.parse(body) as { 'csp-report'?: unknown })['csp-report'] ?? JSON.parse(body);
      } catch {
        // Kept as text: a malformed report is still worth seeing.
      }
      reports.push(report);
      if (reports.length > 500) reports.shift();
      console.warn('[csp] violation:', JSON.stringify(report));
      res.statusCode = 204;
      res.end();
    });
  };
  return {
    name: 'llmaos:csp-reports',
    configureServer: (server) => void server.middlewares.use(middleware),
    configurePreviewServer: (server) => void server.middlewares.use(middleware),
  };
}

const CSP_META = /<meta http-equiv="Content-Security-Policy" content="([^"]*)"\s*\/?>/;

/**
 * Keeps the <meta> policy in index.html equal to CONTENT_SECURITY_POLICY: the build fails if they
 * drift apart, and `vite dev` swaps in the dev policy (a <meta> policy applies on top of the
 * header, so the stricter production one would block the dev server's inline preamble).
 */
function contentSecurityPolicyMeta(): Plugin {
  let command: 'build' | 'serve' = 'build';
  return {
    name: 'llmaos:csp-meta',
    configResolved: (config) => void (command = config.command),
    transformIndexHtml(html) {
      const found = CSP_META.exec(html);
      if (!found) throw new Error('index.html lost its Content-Security-Policy <meta> tag (see vite.config.ts).');
      const policy = found[1]!
        .replace(/&#39;|&apos;/g, "'")
        .replace(/\s+/g, ' ')
        .trim();
      if (policy !== CONTENT_SECURITY_POLICY) {
        throw new Error(
          `The Content-Security-Policy <meta> tag in index.html differs from CONTENT_SECURITY_POLICY in vite.config.ts:\n` +
            `  index.html:     ${policy}\n  vite.config.ts: ${CONTENT_SECURITY_POLICY}`,
        );
      }
      return command === 'serve' ? html.replace(CSP_META, `<meta http-equiv="Content-Security-Policy" content="${DEV_CSP}" />`) : html;
    },
  };
}

/** onnxruntime-web's files, both builds: the plain one for WASM, asyncify for WebGPU. */
export { ORT_FILES };

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
    configurePreviewServer: (server) => void server.middlewares.use(middleware(resolve(server.config.root, server.config.build.outDir))),
  };
}

/**
 * onnxruntime-web's bundle names its WASM binary as `new URL('ort-wasm-….wasm', import.meta.url)`,
 * a fallback for when `wasmPaths` is not set. Vite treats that as an asset and emits a second,
 * hashed 27 MB copy into assets/, which the service worker would then download too. The app
 * always sets `wasmPaths` to the self-hosted /ort/ copy (src/workers/browserPlatform.ts), so the
 * fallback is pointed there as well, and nothing is emitted.
 */
const ORT_ASSET_URL = /new URL\((["'`])(ort-wasm-[\w.-]+\.(?:wasm|mjs))\1,\s*import\.meta\.url\)/g;

export function ortWasmFromSelfHostedCopy(): Plugin {
  return {
    name: 'llmaos:ort-wasm-from-self-hosted-copy',
    enforce: 'pre',
    apply: 'build',
    transform(code, id) {
      if (!/[\\/]onnxruntime-web[\\/]dist[\\/].*\.m?js$/.test(id.split('?')[0] ?? '')) return null;
      if (!code.includes('ort-wasm-')) return null;
      const rewritten = code.replace(ORT_ASSET_URL, (_match, _quote, name: string) => `new URL(${JSON.stringify('/ort/' + name)}, self.location.origin)`);
      return rewritten === code ? null : { code: rewritten, map: null };
    },
    generateBundle(_options, bundle) {
      const copies = Object.keys(bundle).filter((file) => /(^|\/)ort-wasm-.*\.wasm$/.test(file));
      if (copies.length > 0) {
        // Not fatal: the service worker also ignores assets/ort-wasm-*, but dist/ grows by 27 MB.
        this.warn(`onnxruntime-web's WASM was emitted again as ${copies.join(', ')}; update ORT_ASSET_URL in vite.config.ts.`);
      }
    },
  };
}

/**
 * transformers.js (v4.3, web build) serialises ONNX session creation and runs through two promise
 * chains, `webInitChain = webInitChain.then(load)` and `webInferenceChain =
 * webInferenceChain.then(run)`. Once one load or run rejects, the chain stays rejected and every
 * later `.then(...)` skips its work and rethrows that old error: one corrupt model file or one
 * failed run (e.g. a prompt past GPT-2's 512 positions) made every later load and run of every
 * model fail with the first error (issue 10). Node does not chain, so only the browser saw it.
 * The fix runs the next step whether the previous one succeeded or failed (`.then(step, step)`):
 * each caller still gets its own step's result or error. The build fails if the pattern is gone,
 * so an update of transformers.js that changes this code is looked at, not silently unpatched.
 */
const TRANSFORMERS_WEB_BUILD = /[\\/]@huggingface[\\/]transformers[\\/]dist[\\/]transformers\.web(\.min)?\.js$/;
const REJECTION_STICKY_CHAINS = [
  { from: 'webInitChain = webInitChain.then(load)', to: 'webInitChain = webInitChain.then(load, load)' },
  { from: 'webInferenceChain = webInferenceChain.then(run)', to: 'webInferenceChain = webInferenceChain.then(run, run)' },
];

/**
 * onnxruntime-web (1.31, WASM) copies each output of a run out of its heap into a new typed array.
 * While a model decodes, that fresh memory is most of the run's JavaScript time (see
 * src/workers/outputBuffers.ts, issue 13). The copy is pointed at the engine's reusable buffers,
 * which decline outside decodes, leaving onnxruntime's own allocation. The build fails if the copy
 * is not found in onnxruntime-web's bundle, so an update that changes it is looked at, not
 * silently left slow.
 */
const ORT_BUNDLE = /[\\/]onnxruntime-web[\\/]dist[\\/]ort(\.[\w]+)*\.bundle\.min\.mjs$/;
const ORT_OUTPUT_COPY =
  /let ([\w$]+)=([\w$]+)\(([\w$]+)\),([\w$]+)=new \1\(([\w$]+)\);(new Uint8Array\(\4\.buffer,\4\.byteOffset,\4\.byteLength\)\.set\([\w$]+\.HEAPU8\.subarray\()/;

/**
 * transformers.js (v4.3, web build) stores a downloaded file with `cache.put(key, new Response(buffer,
 * { headers }))`. The Response copies the buffer, and the cache must read it out as another copy:
 * with the download buffer, three copies of each file at once, while a first session's memory
 * peaks during its downloads (issue 13, point 5). The patch hands the buffer itself to a cache that
 * offers `putBytes` (src/storage/weightCache.ts), and keeps `put` for any other cache.
 */
const CACHE_PUT_WITHOUT_COPIES = {
  from: /([\w$]+)\.put\(\s*([\w$]+),\s*new Response\(\s*(?:\/\*\*[^*]*\*\/\s*)?([\w$]+),\s*\{\s*headers\s*\}\s*\)\s*\)/,
  to: '(typeof $1.putBytes === "function" ? $1.putBytes($2, $3, headers) : $1.put($2, new Response($3, { headers })))',
};

/**
 * transformers.js (v4.3, web build) reads a download in chunks into a buffer of the file's size and
 * hands that buffer to onnxruntime, which copies it: the chunks and the buffer are two copies of
 * each file left for the garbage collector, and a first session's memory peaked with them (issue
 * 13, point 5). The patch lets the worker read the body into the one buffer (a BYOB reader) and
 * free it once the session exists (src/workers/downloadBuffers.ts). Where the worker's hook is
 * absent or declines, transformers.js reads as before.
 */
const downloadHook = `globalThis[${JSON.stringify(DOWNLOAD_BUFFERS_GLOBAL)}]`;
const DOWNLOAD_INTO_ONE_BUFFER = [
  {
    from: 'async function readResponse(response, progress_callback, expectedSize) {',
    to: `async function readResponse(response, progress_callback, expectedSize) {\n  const inOneBuffer = await ${downloadHook}?.read(response, progress_callback);\n  if (inOneBuffer) return inOneBuffer;`,
  },
  { from: 'session.config = session_config;', to: `session.config = session_config;\n  ${downloadHook}?.release(buffer_or_path);` },
];

/**
 * The patches above, as one plugin per dependency: every `from` (a string or a pattern) is replaced in
 * the files `file` matches, and the build fails when one is not found.
 */
function patchDependency(name: string, file: RegExp, patches: ReadonlyArray<{ from: string | RegExp; to: string }>, whatToCheck: string): Plugin {
  return {
    name: `llmaos:${name}`,
    enforce: 'pre',
    transform(code, id) {
      if (!file.test(id.split('?')[0] ?? '')) return null;
      let patched = code;
      for (const { from, to } of patches) {
        if (typeof from === 'string' ? !patched.includes(from) : !from.test(patched)) {
          this.error(`${name}: ${String(from)} not found in ${id}, the dependency changed. ${whatToCheck}`);
        }
        patched = patched.replace(from, to);
      }
      return { code: patched, map: null };
    },
  };
}

/** The patches of dependencies, for the app's, the workers' and the SDK's builds. */
export function dependencyPatches(): Plugin[] {
  const hook = `globalThis[${JSON.stringify(ORT_OUTPUT_BUFFERS_GLOBAL)}]`;
  return [
    patchDependency(
      'transformers-chains-and-cache',
      TRANSFORMERS_WEB_BUILD,
      [...REJECTION_STICKY_CHAINS, CACHE_PUT_WITHOUT_COPIES, ...DOWNLOAD_INTO_ONE_BUFFER],
      'Check whether a failed ONNX load or run still poisons later ones (REJECTION_STICKY_CHAINS), how a download is cached (CACHE_PUT_WITHOUT_COPIES) and read (DOWNLOAD_INTO_ONE_BUFFER), then update them in vite.config.ts.',
    ),
    patchDependency(
      'ort-outputs-into-reused-buffers',
      ORT_BUNDLE,
      [{ from: ORT_OUTPUT_COPY, to: `let $1=$2($3),$4=${hook}?.take($1,$5)??new $1($5);$6` }],
      'Update ORT_OUTPUT_COPY in vite.config.ts (see src/workers/outputBuffers.ts).',
    ),
  ];
}

/**
 * The service worker (Workbox, via vite-plugin-pwa). It precaches the app shell and the
 * self-hosted onnxruntime-web files under /ort/ (so the app starts and runs models offline), and
 * nothing else: model files stay in the IndexedDB weight cache (src/storage/weightCache.ts), so
 * /models/** and the Hub are neither precached nor cached at run time, and the 27 MB duplicate of
 * the ORT binary in assets/ (if one is ever emitted again) is skipped.
 *
 * Updates: `registerType: 'prompt'` and no automatic skipWaiting. A new version waits until the
 * user presses "Reload to update" (src/app/UpdateBanner.tsx), so it never replaces the code of a
 * page in the middle of a task. clientsClaim only matters on the very first visit (there is no
 * older worker then): the page that installed the worker is controlled at once, so it works
 * offline without a second reload.
 *
 * Headers: precached responses are stored with the headers the server sent (COOP, COEP, CORP and
 * the CSP), and Workbox serves them as they are, so a page or worker loaded from the cache stays
 * cross-origin isolated (test/e2e/offline.spec.ts checks `crossOriginIsolated` offline).
 */
const ORT_WASM_BYTES = 27 * 1024 * 1024;

function serviceWorker(): Plugin[] {
  return VitePWA({
    strategies: 'generateSW',
    registerType: 'prompt',
    injectRegister: false, // src/app/pwa.ts registers it, after the first render
    // The glob below already precaches every icon; listing them again would duplicate entries.
    includeManifestIcons: false,
    manifest: {
      id: '/',
      name: 'LLMaOS Workbench',
      short_name: 'Workbench',
      description: 'Analyse feedback, summarize, draft and answer with AI models that run entirely in your browser.',
      lang: 'en',
      start_url: '/',
      scope: '/',
      display: 'standalone',
      background_color: '#ffffff',
      theme_color: '#4f46e5',
      icons: [
        { src: 'pwa-192x192.png', sizes: '192x192', type: 'image/png', purpose: 'any' },
        { src: 'pwa-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'any' },
        { src: 'maskable-512x512.png', sizes: '512x512', type: 'image/png', purpose: 'maskable' },
        { src: 'favicon.svg', sizes: 'any', type: 'image/svg+xml', purpose: 'any' },
      ],
    },
    workbox: {
      // manifest.webmanifest is added by vite-plugin-pwa itself.
      globPatterns: ['**/*.{html,js,mjs,css,wasm,svg,png}'],
      globIgnores: ['models/**', 'assets/ort-wasm-*', '**/*.map'],
      // The ORT binary is the largest file; twice its size leaves room for version bumps.
      maximumFileSizeToCacheInBytes: 2 * ORT_WASM_BYTES,
      navigateFallback: 'index.html',
      navigateFallbackDenylist: [/^\/models\//, /^\/ort\//],
      runtimeCaching: [],
      cleanupOutdatedCaches: true,
      clientsClaim: true,
      skipWaiting: false,
    },
  });
}

export default defineConfig({
  plugins: [
    react(),
    missingModelFilesAre404(),
    contentSecurityPolicyMeta(),
    cspReports(),
    ortWasmFromSelfHostedCopy(),
    ...dependencyPatches(),
    viteStaticCopy({
      targets: ORT_FILES.map((name) => ({ src: `node_modules/onnxruntime-web/dist/${name}`, dest: 'ort' })),
    }),
    serviceWorker(),
  ],
  server: { headers: DEV_HEADERS, host: '127.0.0.1' },
  preview: { headers: PREVIEW_HEADERS, host: '127.0.0.1' },
  // Workers are bundled with their own plugin list; onnxruntime-web lives in the inference worker.
  worker: { format: 'es', plugins: () => [ortWasmFromSelfHostedCopy(), ...dependencyPatches()] },
  build: { target: 'es2022', sourcemap: true, chunkSizeWarningLimit: 2048 },
  optimizeDeps: { exclude: ['@huggingface/transformers', 'onnxruntime-web'] },
});
