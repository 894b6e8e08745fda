/**
 * Themes of the open dataset: clustering (k chosen automatically or by the user), the figures
 * per theme, rename / merge / split, and the pain points' summaries. Heavy work runs in the
 * analysis worker; every change is saved in the workspace (`analyses`).
 */
import { deps } from '../../services/deps';
import { rankPainPoints, type PainPoint, type Theme } from '../../insights';
import type { AnalysisSource } from '../../sdk';
import { themesAnalysisId } from './logic/runIds';
import { useInsights, type ThemesData } from './store';

/** Pain points summarised automatically after the themes (more on request would be cheap too). */
export const SUMMARIZED_PAIN_POINTS = 5;
const SUMMARY_TOKENS = 48;

function source(): AnalysisSource | null {
  const { active, embedRun } = useInsights.getState();
  if (!active || !embedRun || embedRun.status !== 'done') return null;
  return { datasetId: active.record.id, embedRunId: embedRun.id, version: embedRun.startedAt };
}

async function save(data: ThemesData): Promise<void> {
  const { active } = useInsights.getState();
  if (!active) return;
  const now = Date.now();
  const id = themesAnalysisId(active.record.id);
  const { analyses } = deps().repositories;
  const existing = await analyses.get(id);
  await analyses.put({
    id,
    datasetId: active.record.id,
    kind: 'themes',
    runId: data.embedRunId,
    createdAt: existing?.createdAt ?? now,
    updatedAt: now,
    data,
  });
  if (useInsights.getState().active?.record.id === active.record.id) useInsights.getState().set({ themes: data });
}

/** Theme figures (size, sentiment mix, quotes) for the saved clusters and the current sentiment. */
export async function refreshThemeList(signal?: AbortSignal): Promise<void> {
  const { themes, sentiments, active } = useInsights.getState();
  const from = source();
  if (!themes || !from || !active) {
    useInsights.getState().set({ themeList: [] });
    return;
  }
  const labels = Array.from({ length: active.items.length }, (_, i) => sentiments[i]?.label ?? null);
  const list = await deps().client.analysis.themes({ ...from, clusters: themes.clusters, sentiments: labels }, { signal });
  if (useInsights.getState().active?.record.id === active.record.id && useInsights.getState().themes === themes) {
    useInsights.getState().set({ themeList: list });
  }
}

/** Clusters the embeddings: k null chooses k by silhouette. */
export async function clusterThemes(k: number | null, signal?: AbortSignal): Promise<void> {
  const from = source();
  if (!from) return;
  const previous = useInsights.getState().themes;
  const { clusters, silhouettes } = await deps().client.analysis.cluster({ ...from, k }, { signal });
  const data: ThemesData = {
    embedRunId: from.embedRunId,
    embedVersion: from.version,
    autoK: k === null ? clusters.k : (previous?.autoK ?? clusters.k),
    silhouettes: k === null ? silhouettes : (previous?.silhouettes ?? []),
    clusters,
    names: {},
    summaries: {},
  };
  await save(data);
  await refreshThemeList(signal);
}

async function edit(change: (from: AnalysisSource, themes: ThemesData) => Promise<ThemesData>): Promise<void> {
  const from = source();
  const themes = useInsights.getState().themes;
  if (!from || !themes) return;
  await save(await change(from, themes));
  await refreshThemeList();
}

export function renameTheme(themeId: number, name: string): Promise<void> {
  return edit(async (_, themes) => {
    const names = { ...themes.names };
    if (name.trim()) names[String(themeId)] = name.trim();
    else delete names[String(themeId)];
    return { ...themes, names };
  });
}

export function splitTheme(themeId: number): Promise<void> {
  return edit(async (from, themes) => {
    const { clusters } = await deps().client.analysis.split({ ...from, clusters: themes.clusters, themeId });
    const names = { ...themes.names };
    delete names[String(themeId)]; // the old name described both halves
    return { ...themes, clusters, names };
  });
}

export function mergeThemes(themeIds: number[]): Promise<void> {
  return edit(async (from, themes) => {
    const { clusters, idMap } = await deps().client.analysis.merge({ ...from, clusters: themes.clusters, themeIds });
    // Names follow their theme's new id; the merged theme keeps the name of the first one named.
    const names: Record<string, string> = {};
    const target = Math.min(...themeIds);
    for (const [old, name] of Object.entries(themes.names)) {
      const next = idMap[Number(old)];
      if (next === undefined || next < 0) continue;
      if (themeIds.includes(Number(old)) && Number(old) !== target && themes.names[String(target)]) continue;
      names[String(next)] ??= name;
    }
    return { ...themes, clusters, names, summaries: {} };
  });
}

/**
 * What the themes card says about the number of themes: the automatic choice while the themes
 * are still that choice; once a merge, a split or a chosen number changed them, the count now
 * and the automatic choice as a reference (never the old count alone, which would look current).
 */
export function themeCountNote(
  data: Pick<ThemesData, 'autoK' | 'clusters'>,
): { kind: 'auto'; count: number } | { kind: 'changed'; count: number; auto: number } {
  const count = data.clusters.k;
  return count === data.autoK ? { kind: 'auto', count } : { kind: 'changed', count, auto: data.autoK };
}

/** The user's name for a theme, else its keyword name. */
export function themeTitle(theme: Pick<Theme, 'id' | 'name'>, names: Record<string, string> | undefined): string {
  return names?.[String(theme.id)] ?? theme.name;
}

export const summaryKey = (themeId: number, size: number) => `${themeId}:${size}`;

/** Pain points with the user's theme names applied. */
export function painPointsOf(themeList: readonly Theme[], themes: ThemesData | null): PainPoint[] {
  return rankPainPoints(themeList).map((pain) => ({ ...pain, name: themeTitle({ id: pain.themeId, name: pain.name }, themes?.names) }));
}

/** A short summary of each top pain point's negative quotes, from the summarization model. */
export async function summarizePainPoints(signal: AbortSignal, onProgress: (done: number, total: number) => void): Promise<void> {
  const { themeList, themes } = useInsights.getState();
  if (!themes) return;
  const todo = painPointsOf(themeList, themes)
    .slice(0, SUMMARIZED_PAIN_POINTS)
    .filter((pain) => !themes.summaries[summaryKey(pain.themeId, pain.size)] && pain.quotes.length > 0);
  const summaries = { ...themes.summaries };
  for (const [index, pain] of todo.entries()) {
    onProgress(index, todo.length);
    const text = pain.quotes.map((quote) => quote.text).join('\n');
    // Quotes in a language the summarizer does not know (Chinese) are summarized extractively by
    // the SDK, so a Chinese theme gets a Chinese summary.
    const summary = await deps().client.summarize(text, { maxNewTokens: SUMMARY_TOKENS, maxSentences: 2, signal });
    if (summary.trim()) summaries[summaryKey(pain.themeId, pain.size)] = summary.trim();
    // Saved after each one, so a cancel keeps the summaries already written.
    const current = useInsights.getState().themes;
    if (!current) return;
    await save({ ...current, summaries: { ...current.summaries, ...summaries } });
  }
  onProgress(todo.length, todo.length);
}
