/**
 * Whether this build exposes its internals to tests: `window.llmaosWorkspace` (the user's whole
 * database) and the inference worker's `llmaosEngine` (fault injection). The e2e build
 * (`npm run build:e2e`, Vite mode `e2e`) and the dev server do; the production build users get
 * (`npm run build`, mode `production`) does not. `window.llmaos`, the SDK, is public in every build.
 */
export const TEST_HOOKS_ENABLED: boolean = (import.meta.env?.MODE ?? 'production') !== 'production';
