/**
 * `vite preview` of a build on a port of its own, for the browser suites, so a preview someone
 * already runs (4173) is not disturbed. Resolves once it answers; `kill()` stops it and the vite
 * process npx starts (its own process group).
 */
import { spawn } from 'node:child_process';
import { performance } from 'node:perf_hooks';

export async function startPreview({ root, port, outDir = 'dist' }) {
  const url = `http://127.0.0.1:${port}`;
  const child = spawn('npx', ['vite', 'preview', '--port', String(port), '--strictPort', '--host', '127.0.0.1', '--outDir', outDir], {
    cwd: root,
    stdio: 'ignore',
    detached: true,
  });
  const kill = () => {
    try {
      process.kill(-child.pid, 'SIGTERM');
    } catch {
      // already gone
    }
  };
  const deadline = performance.now() + 30_000;
  while (performance.now() < deadline) {
    try {
      if ((await fetch(url)).ok) return { url, kill };
    } catch {
      // not listening yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  kill();
  throw new Error(`vite preview did not answer on ${url} within 30 s`);
}
