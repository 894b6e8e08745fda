/**
 * `npm start` and `npm test` install and build without noise a new user has to wonder about
 * (issue 15, point 12): every dependency's install script is reviewed in package.json's
 * `allowScripts`, so npm prints no "install scripts not yet covered" block. What remains (npm's
 * warning about the `onnxruntime-node-install` line in .npmrc) is explained in the README.
 */
import { execFileSync } from 'node:child_process';
import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';

describe('a quiet install', () => {
  it('leaves no dependency install script unreviewed', () => {
    const output = execFileSync('npm', ['approve-scripts', '--allow-scripts-pending', '--loglevel=error'], { encoding: 'utf8' });
    expect(output).toContain('No packages with unreviewed install scripts');
  });

  it('runs npm and npx in the run and test commands without repeating config warnings', () => {
    for (const script of ['scripts/start.sh', 'scripts/test.sh']) {
      const calls = readFileSync(script, 'utf8')
        .split('\n')
        .filter((line) => !line.trim().startsWith('#') && /\b(npm run|npx)\s/.test(line));
      expect(calls.length, script).toBeGreaterThan(0);
      for (const call of calls) expect(call, `${script}: ${call.trim()}`).toMatch(/\b(npm run|npx) --loglevel=error /);
    }
  });
});
