/**
 * The layers of src/ and the arrows allowed between them, checked by `npm run lint:boundaries`
 * (dependency-cruiser for the module rules, scripts/folderGraph.mjs for cycles between folders).
 *
 *   core ← pure logic (content, customize, evaluate, insights, models) ← storage ← workers ← sdk
 *        ← state, i18n ← ui ← panels ← app (shell)             (arrows point at what is imported)
 *
 * Panels reach the workers only through the SDK client (`src/app/workbench.ts`, built from
 * `src/sdk/index.ts`).
 *
 * TEMPORARY ALLOWLIST. Code that breaks a rule today and is being moved by the issue-12 work in
 * progress is listed by file below, per rule, so the check passes now and fails on any NEW
 * violation. Remove a file from its list as soon as it no longer breaks the rule; an empty list
 * means the rule holds everywhere.
 */

/** Rule name → files allowed to break it for now, each with the change that will remove it. */
const TEMPORARY_ALLOWLIST = {
  'workers-not-to-app-layers': [],
  // Empty since point 3 moved the shell (header, banners, routing) from ui/ into app/.
  'ui-not-to-app': [],
  // Empty since point 3: panels reach data through storage/repositories.ts (via app/deps.ts).
  'panels-not-to-database': [],
  // Empty since point 3 moved what two apps share to ui/ (and app/ for the saved classifiers).
  'apps-not-to-other-apps': [],
  // Module cycles inside the Insights app (datasets, pipeline, themes, categoryRun call each
  // other) and between the workspace and its record checks (types one way, checks the other).
  'no-module-cycles': [
    'src/panels/insights/categoryRun.ts',
    'src/panels/insights/datasets.ts',
    'src/panels/insights/pipeline.ts',
    'src/panels/insights/themes.ts',
    'src/storage/recordChecks.ts',
    'src/storage/workspace.ts',
  ],
};

/**
 * Folder-cycle allowlist for scripts/folderGraph.mjs: [file, folder] imports it leaves out when it
 * looks for cycles between folders (folders as in the issue: `src/<folder>` and `src/panels/<app>`).
 * The files above that break a layer rule, plus:
 * - `src/app/panels.tsx` (the shell's list of panels) → panels, while the panels import the app's
 *   services in `src/app/` (workbench, deps, tableImport, the saved classifiers): those move to a
 *   folder of their own below the panels once the worker transports (point 2) have landed;
 * - `src/i18n/resources.ts` bundles the panels' locale files, while panels import `src/i18n`.
 */
const FOLDER_CYCLE_ALLOWLIST = [
  ...TEMPORARY_ALLOWLIST['workers-not-to-app-layers'].map((file) => [file, 'panels/insights']),
  ...TEMPORARY_ALLOWLIST['ui-not-to-app'].map((file) => [file, 'app']),
  ...TEMPORARY_ALLOWLIST['apps-not-to-other-apps'].map((file) => [file, 'panels/*']),
  ['src/app/panels.tsx', 'panels/*'],
  ['src/i18n/resources.ts', 'panels/*'],
];

const exactly = (files) => files.map((file) => `^${file.replaceAll('.', '\\.')}$`);
const allowlisted = (rule) => exactly(TEMPORARY_ALLOWLIST[rule]);

const PURE_LOGIC = '^src/(content|customize|evaluate|insights|models)/';
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
        'content, customize, evaluate, insights and models are pure logic: no React, no UI, no stores, no workers, ' +
        'no SDK, no storage, no transformers.js. They run the same on the page, in workers and in Node tests.',
      severity: 'error',
      from: { path: PURE_LOGIC },
      to: {
        path: ['^src/(ui|panels|state|workers|app|sdk|storage|i18n)/', '^src/[^/]+$', REACT, '^node_modules/(idb|i18next|@huggingface/transformers)/'],
      },
    },
    {
      name: 'storage-not-to-upper-layers',
      comment: 'storage holds the data; it knows nothing of the workers, the SDK, stores or screens.',
      severity: 'error',
      from: { path: '^src/storage/' },
      to: { path: ['^src/(panels|ui|workers|app|sdk|state|i18n)/', '^src/[^/]+$', REACT] },
    },
    {
      name: 'workers-not-to-app-layers',
      comment: 'Workers run models and CPU work; they import no screens, stores, SDK or React.',
      severity: 'error',
      from: { path: '^src/workers/', pathNot: allowlisted('workers-not-to-app-layers') },
      to: { path: ['^src/(panels|ui|state|app|sdk|i18n)/', '^src/[^/]+$', REACT] },
    },
    {
      name: 'sdk-not-to-app-layers',
      comment: 'The SDK is usable without the app: no panels, stores, UI, app or React.',
      severity: 'error',
      from: { path: '^src/sdk/' },
      to: { path: ['^src/(panels|state|app|ui|i18n)/', '^src/[^/]+$', REACT] },
    },
    {
      name: 'screens-reach-workers-through-sdk',
      comment:
        'Panels and ui talk to workers only through the SDK client (src/app/workbench.ts, src/sdk/index.ts). ' +
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
      from: { path: '^src/ui/', pathNot: allowlisted('ui-not-to-app') },
      to: { path: ['^src/app/', '^src/panels/', '^src/[^/]+$'] },
    },
    {
      name: 'panels-not-to-database',
      comment: 'Panels read and write data through typed repositories, not the workspace database itself.',
      severity: 'error',
      from: { path: '^src/panels/', pathNot: allowlisted('panels-not-to-database') },
      to: { path: '^src/storage/(idb|workspace|backup|recordChecks)\\.ts$', dependencyTypesNot: ['type-only'] },
    },
    {
      name: 'apps-not-to-other-apps',
      comment: 'Each app folder is its own room; what two apps share moves to src/ui.',
      severity: 'error',
      from: { path: '^src/panels/([^/]+)/', pathNot: allowlisted('apps-not-to-other-apps') },
      to: { path: '^src/panels/', pathNot: '^src/panels/$1/' },
    },
    {
      name: 'no-module-cycles',
      comment: 'A module cycle makes load order matter and the parts impossible to test alone.',
      severity: 'error',
      from: { pathNot: allowlisted('no-module-cycles') },
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

// Read by scripts/folderGraph.mjs. Not enumerable: dependency-cruiser refuses unknown config keys.
Object.defineProperty(module.exports, 'folderCycleAllowlist', { value: FOLDER_CYCLE_ALLOWLIST, enumerable: false });
