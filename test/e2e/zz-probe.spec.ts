import { writeFileSync } from 'node:fs';
import path from 'node:path';
import { fileURLToPath } from 'node:url';
import { expect, test } from '@playwright/test';
import { openApp } from './support/app';
import { longTasksBetween, pageNow, recordLongTasks } from './support/longTasks';
const HERE = path.dirname(fileURLToPath(import.meta.url));
const DIALOGS = path.resolve(HERE, '../../../shared/datasets/tweetsumm_customer_support/tweetsumm_train_valid.jsonl');

type Node = { id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] };
function summarize(profile: { nodes: Node[]; samples: number[]; timeDeltas: number[] }, label: string) {
  const byId = new Map(profile.nodes.map((n) => [n.id, n]));
  const self = new Map<string, number>();
  profile.samples.forEach((id, i) => {
    const n = byId.get(id)!;
    const key = `${n.callFrame.functionName || '(anon)'} ${n.callFrame.url.split('/').pop()}:${n.callFrame.lineNumber}`;
    self.set(key, (self.get(key) ?? 0) + (profile.timeDeltas[i] ?? 0) / 1000);
  });
  const top = [...self.entries()].sort((a, b) => b[1] - a[1]).slice(0, 25);
  console.log(`--- ${label}\n` + top.map(([k, v]) => `${v.toFixed(0).padStart(7)} ms  ${k}`).join('\n'));
  writeFileSync(`/tmp/summ/${label}.cpuprofile`, JSON.stringify(profile));
}

test('probe', async ({ page }) => {
  test.setTimeout(400_000);
  await recordLongTasks(page);
  await openApp(page, { route: 'summarize' });
  await expect(page.getByTestId('summarize-run')).toBeVisible();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 1000 });
  await cdp.send('Profiler.start');
  const t0 = await pageNow(page);
  await page.getByTestId('summarize-file').setInputFiles(DIALOGS);
  await expect(page.getByTestId('summarize-input')).toHaveValue(/Customer: /, { timeout: 60_000 });
  const t1 = await pageNow(page);
  summarize((await cdp.send('Profiler.stop')).profile as never, 'import');
  console.log('import', (t1 - t0).toFixed(0), JSON.stringify(await longTasksBetween(page, t0, t1)));
  await cdp.send('Profiler.start');
  await page.getByTestId('summarize-run').click();
  await expect(page.getByTestId('summarize-part').first()).toBeVisible({ timeout: 200_000 });
  const t2 = await pageNow(page);
  summarize((await cdp.send('Profiler.stop')).profile as never, 'chunking');
  console.log('measured', (t2 - t1).toFixed(0), JSON.stringify((await longTasksBetween(page, t1, t2)).map((t) => Math.round(t.duration))));
  await cdp.send('Profiler.start');
  await expect(page.locator('[data-testid=summarize-part][data-state=done]')).toHaveCount(2, { timeout: 120_000 });
  const t3 = await pageNow(page);
  summarize((await cdp.send('Profiler.stop')).profile as never, 'steps');
  console.log('2 steps', (t3 - t2).toFixed(0), JSON.stringify((await longTasksBetween(page, t2, t3)).map((t) => Math.round(t.duration))));
});
