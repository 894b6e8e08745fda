#!/usr/bin/env node
/**
 * The production build must not expose the test hooks (src/core/testHooks.ts): the user's whole
 * database as `window.llmaosWorkspace`, the worker's engine as `llmaosEngine`, the panels' render fault (`llmaos-render-fault`). Vite drops them as
 * dead code when the mode is `production`; this fails the build stage if that ever stops.
 *
 *   node scripts/check-production-build.mjs [dist]
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';

const root = process.argv[2] ?? 'dist';
const HOOKS = ['llmaosWorkspace', 'llmaosEngine', 'llmaos-render-fault'];

function* scripts(dir) {
  for (const entry of readdirSync(dir, { withFileTypes: true })) {
    const path = join(dir, entry.name);
    if (entry.isDirectory()) yield* scripts(path);
    else if (/\.(m?js|html)$/.test(entry.name)) yield path; // source maps keep the source text: not shipped code
  }
}

const found = [];
let checked = 0;
for (const path of scripts(root)) {
  if (path.startsWith(join(root, 'models'))) continue;
  checked += 1;
  const text = readFileSync(path, 'utf8');
  for (const hook of HOOKS) if (text.includes(hook)) found.push(`${path}: ${hook}`);
}
if (checked === 0) {
  console.error(`error: no scripts under ${root}/: build first (npm run build)`);
  process.exit(1);
}
if (found.length > 0) {
  console.error(`error: the production build exposes test hooks:\n  ${found.join('\n  ')}`);
  process.exit(1);
}
console.log(`production build: ${checked} scripts, no test hook (${HOOKS.join(', ')})`);
