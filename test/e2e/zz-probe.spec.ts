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
test('probe steps', async ({ page }) => {
  test.setTimeout(300_000);
  await recordLongTasks(page);
  await openApp(page, { route: 'summarize' });
  await expect(page.getByTestId('summarize-run')).toBeVisible();
  await page.getByTestId('summarize-file').setInputFiles(DIALOGS);
  await expect(page.getByTestId('summarize-large-input')).toBeVisible();
  await page.getByTestId('summarize-run').click();
  await expect(page.getByTestId('summarize-long-job')).toBeVisible({ timeout: 200_000 });
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const t0 = await pageNow(page);
  await page.getByTestId('summarize-long-job-continue').click();
  await expect.poll(async () => Number(await page.getByTestId('summarize-progress').getByRole('progressbar').getAttribute('aria-valuenow')), { timeout: 120_000 }).toBeGreaterThanOrEqual(4);
  const t1 = await pageNow(page);
  summarize((await cdp.send('Profiler.stop')).profile as never, 'steps');
  console.log('steps', JSON.stringify((await longTasksBetween(page, t0, t1)).map((t) => [Math.round(t.start - t0), Math.round(t.duration)])));
});

test('probe paste', async ({ page }) => {
  const { readFileSync } = await import('node:fs');
  const dialogs = readFileSync(DIALOGS, 'utf8').split('\n').filter((l) => l.trim() !== '').map((l) => (JSON.parse(l) as { text: string }).text);
  let text = '';
  for (let i = 0; text.length < 5 * 1024 * 1024; i++) text += `${dialogs[i % dialogs.length]}\n\n`;
  await recordLongTasks(page);
  await openApp(page, { route: 'summarize' });
  await expect(page.getByTestId('summarize-input')).toBeVisible();
  await page.evaluate((value) => ((window as unknown as { __paste: string }).__paste = value), text);
  const cdp = await page.context().newCDPSession(page);
  await cdp.send('Profiler.enable');
  await cdp.send('Profiler.setSamplingInterval', { interval: 500 });
  await cdp.send('Profiler.start');
  const t0 = await pageNow(page);
  await page.getByTestId('summarize-input').evaluate((element) => {
    const data = new DataTransfer();
    data.setData('text/plain', (window as unknown as { __paste: string }).__paste);
    element.dispatchEvent(new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }));
  });
  await expect(page.getByTestId('summarize-large-input')).toBeVisible();
  await expect(page.getByTestId('summarize-token-info')).toBeVisible();
  const t1 = await pageNow(page);
  summarize((await cdp.send('Profiler.stop')).profile as never, 'paste');
  console.log('paste', JSON.stringify((await longTasksBetween(page, t0, t1)).map((t) => [Math.round(t.start - t0), Math.round(t.duration)])));
});
