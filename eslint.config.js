// ESLint (flat config): typescript-eslint's recommended rules for all TypeScript, React's hook
// rules for the app. Run with `npm run lint:eslint`; part of `npm run lint` and `npm test`.
import js from '@eslint/js';
import reactHooks from 'eslint-plugin-react-hooks';
import globals from 'globals';
import tseslint from 'typescript-eslint';

export default tseslint.config(
  {
    ignores: ['dist*/', 'dev-dist/', 'public/', 'node_modules/', '.cache/', 'test-results/', 'playwright-report/'],
  },
  js.configs.recommended,
  ...tseslint.configs.recommended,
  {
    rules: {
      // `_name` marks a parameter a signature needs but the body does not use.
      '@typescript-eslint/no-unused-vars': ['error', { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' }],
    },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    languageOptions: { globals: { ...globals.browser, ...globals.worker } },
  },
  {
    files: ['src/**/*.{ts,tsx}'],
    ...reactHooks.configs.flat['recommended-latest'],
    rules: {
      ...reactHooks.configs.flat['recommended-latest'].rules,
      // Only says React Compiler would skip a component using TanStack Virtual; the app is not compiled with it.
      'react-hooks/incompatible-library': 'off',
    },
  },
  {
    files: ['**/*.cjs'],
    languageOptions: { sourceType: 'commonjs', globals: globals.node },
  },
  {
    // Screens reach workers only through the SDK client; starting a worker is not an import, so
    // dependency-cruiser cannot see it (.dependency-cruiser.cjs, rule screens-reach-workers-through-sdk).
    files: ['src/panels/**/*.{ts,tsx}', 'src/ui/**/*.{ts,tsx}'],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector: "NewExpression[callee.name='Worker'], NewExpression[callee.name='SharedWorker']",
          message: 'Panels and ui reach workers through the SDK client (src/app/workbench.ts), not a Worker of their own.',
        },
      ],
    },
  },
  {
    files: ['test/**', 'scripts/**', 'bench/**', '*.config.{js,ts}'],
    languageOptions: { globals: { ...globals.node, ...globals.browser } },
  },
);
