/**
 * The layers of src/ and the arrows allowed between them, checked by `npm run lint:boundaries`
 * (dependency-cruiser for the module rules, scripts/folderGraph.mjs for cycles between folders).
 * Arrows point at what is imported; a layer may import any layer to its left:
 *
 *   core ← pure logic (apps, content, customize, evaluate, insights, models) ← storage ← workers ← sdk ← state, i18n ← services ← ui ← panels ← app
 *
 *   core        src/core: errors, cancellation, reasons, time slices, shared types. Imports nothing.
 *   pure logic  src/content, customize, evaluate, insights, models: no React, DOM, storage or workers.
 *   storage     src/storage: the IndexedDB workspace, its typed repositories, the weight cache.
 *   workers     src/workers: *.worker.ts and their operation tables (*Protocol.ts).
 *   sdk         src/sdk: the typed client of the workers; src/sdk/index.ts is its only entry.
 *   state, i18n src/state: zustand stores two apps share (settings, runtime, assignment);
 *               src/i18n: i18next setup (the strings are handed in by the shell).
 *   services    src/services: the app's one SDK client (workbench.ts), the store seam (deps.ts),
 *               the table-import and backup clients, saved classifiers, reliability reports.
 *   ui          src/ui: components and helpers two apps share.
 *   panels      src/panels/<app>: one folder per app (components, store, locales); no app
 *               imports another.
 *   app         src/app: the shell (header, banners, routing, the list of panels, the bundled
 *               locale files) and src/main.tsx. Only it imports the panels.
 *
 * Panels reach the workers only through the SDK client (`src/services/workbench.ts`, built from
 * `src/sdk/index.ts`). No rule has exceptions: there is no allowlist, and none may be added; a
 * new violation is fixed by moving code, not by listing it.
 */

const PURE_LOGIC = '^src/(apps|content|customize|evaluate|insights|models)/';
const REACT = '^node_modules/(react|react-dom|react-i18next|zustand|@tanstack/react-virtual)/';

/** @type {import('dependency-cruiser').IConfiguration} */
module.exports = {
  forbidden: [
    {
      name: 'core-imports-nothing',
      comment: 'src/core is the ground floor: every layer may import it, it imports nothing of the project or npm.',
      severity: 'error',
      from: { path: '^src/core/' },
      to: { pathNot: '^src/core/' },
    },
    {
      name: 'pure-logic-stays-pure',
      comment:
        'apps, content, customize, evaluate, insights and models are pure logic: no React, no UI, no stores, no workers, ' +
        'no SDK, no storage, no transformers.js. They run the same on the page, in workers and in Node tests.',
      severity: 'error',
      from: { path: PURE_LOGIC },
      to: {
        path: ['^src/(ui|panels|state|workers|app|sdk|storage|i18n|services)/', '^src/[^/]+$', REACT, '^node_modules/(idb|i18next|@huggingface/transformers)/'],
      },
    },
    {
      name: 'storage-not-to-upper-layers',
      comment: 'storage holds the data; it knows nothing of the workers, the SDK, stores or screens.',
      severity: 'error',
      from: { path: '^src/storage/' },
      to: { path: ['^src/(panels|ui|workers|app|sdk|state|i18n|services)/', '^src/[^/]+$', REACT] },
    },
    {
      name: 'workers-not-to-app-layers',
      comment: 'Workers run models and CPU work; they import no screens, stores, SDK or React.',
      severity: 'error',
      from: { path: '^src/workers/' },
      to: { path: ['^src/(panels|ui|state|app|sdk|i18n|services)/', '^src/[^/]+$', REACT] },
    },
    {
      name: 'sdk-not-to-app-layers',
      comment: 'The SDK is usable without the app: no panels, stores, UI, app or React.',
      severity: 'error',
      from: { path: '^src/sdk/' },
      to: { path: ['^src/(panels|state|app|ui|i18n|services)/', '^src/[^/]+$', REACT] },
    },
    {
      name: 'state-and-i18n-not-to-screens',
      comment:
        'Shared stores and the i18n setup sit below the screens: no services, ui, panels or app. ' +
        'The strings of the apps reach i18n from the shell (src/app/locales.ts via src/main.tsx).',
      severity: 'error',
      from: { path: '^src/(state|i18n)/' },
      to: { path: ['^src/(services|ui|panels|app)/', '^src/[^/]+$'] },
    },
    {
      name: 'services-not-to-screens',
      comment: 'The services panels use (SDK client, deps seam, import and backup clients) know no screen and no shell.',
      severity: 'error',
      from: { path: '^src/services/' },
      to: { path: ['^src/(ui|panels|app)/', '^src/[^/]+$'] },
    },
    {
      name: 'only-the-shell-imports-panels',
      comment: 'Panels are leaves: only the shell (src/app, src/main.tsx) lists them and bundles their locale files.',
      severity: 'error',
      from: { path: '^src/', pathNot: ['^src/(app|panels)/', '^src/[^/]+$'] },
      to: { path: '^src/panels/' },
    },
    {
      name: 'screens-reach-workers-through-sdk',
      comment:
        'Panels and ui talk to workers only through the SDK client (src/services/workbench.ts, src/sdk/index.ts). ' +
        'Worker creation with new Worker(new URL(...)) is not an import: ESLint checks that (eslint.config.js).',
      severity: 'error',
      from: { path: '^src/(panels|ui)/' },
      to: { path: '^src/workers/' },
    },
    {
      name: 'sdk-through-its-entry',
      comment: 'The app uses the SDK as any page would: through src/sdk/index.ts and its public types.',
      severity: 'error',
      from: { path: '^src/', pathNot: '^src/sdk/' },
      to: { path: '^src/sdk/', pathNot: '^src/sdk/index\\.ts$' },
    },
    {
      name: 'ui-not-to-app',
      comment: 'ui holds parts two apps share; the app shell (header, banners, routing) lives in src/app.',
      severity: 'error',
      from: { path: '^src/ui/' },
      to: { path: ['^src/app/', '^src/panels/', '^src/[^/]+$'] },
    },
    {
      name: 'panels-not-to-database',
      comment: 'Panels read and write data through typed repositories, not the workspace database itself.',
      severity: 'error',
      from: { path: '^src/panels/' },
      to: { path: '^src/storage/(idb|workspace|backup|recordChecks)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'apps-not-to-other-apps',
      comment: 'Each app folder is its own room; what two apps share moves to src/ui.',
      severity: 'error',
      from: { path: '^src/panels/([^/]+)/' },
      to: { path: '^src/panels/', pathNot: '^src/panels/$1/' },
    },
    {
      name: 'no-module-cycles',
      comment: 'A module cycle makes load order matter and the parts impossible to test alone.',
      severity: 'error',
      from: {},
      to: { circular: true },
    },
    {
      name: 'not-to-unresolvable',
      comment: 'An import that resolves to nothing is a typo or a missing dependency.',
      severity: 'error',
      from: {},
      to: { couldNotResolve: true, pathNot: ['^virtual:pwa-register'] },
    },
    {
      name: 'src-not-to-dev-dependencies',
      comment: 'Shipped code may not depend on a devDependency (it would be missing from a production install).',
      severity: 'error',
      from: { path: '^src/' },
      // `virtual:pwa-register` is generated by vite-plugin-pwa at build time; only its types are in the package.
      to: { dependencyTypes: ['npm-dev'], dependencyTypesNot: ['type-only'], pathNot: '^node_modules/vite-plugin-pwa/' },
    },
  ],
  options: {
    doNotFollow: { path: 'node_modules' },
    tsPreCompilationDeps: true,
    tsConfig: { fileName: 'tsconfig.json' },
    enhancedResolveOptions: {
      exportsFields: ['exports'],
      conditionNames: ['import', 'require', 'node', 'default', 'types'],
      extensions: ['.ts', '.tsx', '.js', '.mjs', '.json'],
      mainFields: ['module', 'main', 'types', 'typings'],
    },
    reporterOptions: {
      text: { highlightFocused: true },
    },
  },
};
