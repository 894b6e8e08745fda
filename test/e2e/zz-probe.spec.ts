import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { openApp } from './support/app';
import { longTasksBetween, pageNow, recordLongTasks } from './support/longTasks';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIALOGS = path.resolve(HERE, '../../../shared/datasets/tweetsumm_customer_support/tweetsumm_train_valid.jsonl');
test.use({ trace: 'off' });
type Node = { id: number; parent?: number; callFrame: { functionName: string; url: string; lineNumber: number; columnNumber: number }; children?: number[] };
function summarize(profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] }, label: string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const parent = new Map<number, number>();
  for (const n of profile.nodes) for (const c of n.children ?? []) parent.set(c, n.id);
  const total = new Map<string, number>();
  const self = new Map<string, number>();
  const name = (n: Node) => `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}:${n.callFrame.columnNumber}`;
  profile.samples.forEach((id, i) => {
    const dt = (profile.timeDeltas[i] ?? 0) / 1000;
    self.set(name(byId.get(id)!), (self.get(name(byId.get(id)!)) ?? 0) + dt);
    const seen = new Set<string>();
    for (let cur: number | undefined = id; cur !== undefined; cur = parent.get(cur)) {
      const k = name(byId.get(cur)!);
      if (seen.has(k)) continue;
      seen.add(k);
      total.set(k, (total.get(k) ?? 0) + dt);
    }
  });
  const fmt = (m: Map<string, number>) => [...m.entries()].sort((a, b) => b[1] - a[1]).slice(0, 30).map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`).join('\n');
  console.log(`--- ${label} SELF\n${fmt(self)}\n--- TOTAL\n${fmt(total)}`);
}
test('probe', async ({ page }) => {
  await recordLongTasks(page);
  await openApp(page, { route: 'summarize' });
  await expect(page.getByTestId('summarize-run')).toBeVisible();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const t0 = await pageNow(page);
  await page.getByTestId('summarize-file').setInputFiles(DIALOGS);
  await expect(page.getByTestId('summarize-large-input')).toBeVisible();
  const t1 = await pageNow(page);
  summarize((await cdp.send('Profiler.stop')).profile as never, 'import');
  console.log('import', JSON.stringify(await longTasksBetween(page, t0, t1)));
});
